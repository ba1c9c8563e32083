package analysis

import (
	"context"
	"fmt"
	"slices"

	"github.com/leadlab/leadlab/analysis/stats"
	"github.com/leadlab/leadlab/queries"
)

// CampaignsReport measures drip campaigns (docs/statistics.md): open and
// click rates, and — what they exist for — product engagement of recipients
// within N days of a send against comparable non-recipients; then segmented
// campaigns against generic ones of the same type. Email engagement is never
// a scoring factor; this report is where it belongs.
type CampaignsReport struct {
	Days        int            `json:"days"`
	Campaigns   []CampaignRow  `json:"campaigns"`
	Types       []SegmentCheck `json:"segmentation"`
	Unavailable []Unavailable  `json:"unavailable"`
}

// CampaignRow is one campaign.
type CampaignRow struct {
	Campaign     string  `json:"campaign"`
	Type         string  `json:"type"`
	Segmented    bool    `json:"segmented"`
	Segment      string  `json:"segment"`
	Recipients   int64   `json:"recipients"`
	Sends        int64   `json:"sends"`
	OpenRate     float64 `json:"open_rate"`
	ClickRate    float64 `json:"click_rate"`
	EngagedRate  float64 `json:"product_engagement"`          // recipients with a product event within Days of a send
	BaselineRate float64 `json:"baseline_product_engagement"` // comparable non-recipients
	BaselineSize int64   `json:"baseline_leads"`
	LiftPP       float64 `json:"lift_pp"`
	LiftCILow    float64 `json:"lift_ci_low"`
	LiftCIHigh   float64 `json:"lift_ci_high"`
}

// SegmentCheck compares the segmented campaigns of one type, pooled,
// against its generic ones: open rate, click rate and — the verdict's
// basis, since bringing people back to the product is what drip campaigns
// are for — product engagement of recipients.
type SegmentCheck struct {
	Type       string `json:"type"`
	Segmented  int64  `json:"segmented_recipients"`
	Generic    int64  `json:"generic_recipients"`
	Open       Diff   `json:"open_rate"`
	Click      Diff   `json:"click_rate"`
	Engagement Diff   `json:"product_engagement"`
	Verdict    string `json:"verdict"`
}

// Diff is segmented minus generic, in percentage points, with Newcombe's
// 95% interval.
type Diff struct {
	Segmented float64 `json:"segmented"`
	Generic   float64 `json:"generic"`
	DiffPP    float64 `json:"diff_pp"`
	CILow     float64 `json:"ci_low"`
	CIHigh    float64 `json:"ci_high"`
}

func diff(s1, n1, s2, n2 int64) Diff {
	d := Diff{Segmented: rate(s1, n1), Generic: rate(s2, n2)}
	if n1 > 0 && n2 > 0 {
		d.DiffPP = 100 * (d.Segmented - d.Generic)
	}
	lo, hi := stats.Newcombe(s1, n1, s2, n2, stats.Z95)
	d.CILow, d.CIHigh = 100*lo, 100*hi
	return d
}

// BuildCampaigns computes the report with product engagement counted
// within days of a send.
func BuildCampaigns(ctx context.Context, ws *queries.Workspace, days int) (CampaignsReport, error) {
	r := CampaignsReport{Days: days, Campaigns: []CampaignRow{}, Types: []SegmentCheck{}, Unavailable: []Unavailable{}}
	if days < 1 || days > 365 {
		return r, fmt.Errorf("the engagement window must be 1 to 365 days, got %d", days)
	}
	supplied, err := ws.Supplied(ctx)
	if err != nil {
		return r, err
	}
	if _, ok := supplied["campaigns"]; !ok {
		r.Unavailable = append(r.Unavailable, Unavailable{"campaigns", "no campaigns table"})
		return r, nil
	}
	if _, ok := supplied["events"]; !ok {
		r.Unavailable = append(r.Unavailable, Unavailable{"campaigns", "no events table: no sends, opens or product events to count"})
		return r, nil
	}
	counts, err := queries.CampaignStats(ctx, ws, days)
	if err != nil {
		return r, err
	}
	return assembleCampaigns(r, counts), nil
}

func assembleCampaigns(r CampaignsReport, counts []queries.CampaignCounts) CampaignsReport {
	type pool struct{ segN, segE, segO, segC, genN, genE, genO, genC int64 }
	pools := map[string]*pool{}
	var types []string
	for _, c := range counts {
		row := CampaignRow{Campaign: c.Campaign, Type: c.Type, Segmented: c.Segmented, Segment: c.Segment,
			Recipients: c.Recipients, Sends: c.Sends,
			OpenRate: rate(c.Opened, c.Recipients), ClickRate: rate(c.Clicked, c.Recipients),
			EngagedRate: rate(c.Engaged, c.Recipients), BaselineRate: rate(c.BaselineEng, c.Baseline), BaselineSize: c.Baseline}
		if c.Recipients > 0 && c.Baseline > 0 {
			row.LiftPP = 100 * (row.EngagedRate - row.BaselineRate)
		}
		lo, hi := stats.Newcombe(c.Engaged, c.Recipients, c.BaselineEng, c.Baseline, stats.Z95)
		row.LiftCILow, row.LiftCIHigh = 100*lo, 100*hi
		r.Campaigns = append(r.Campaigns, row)
		p := pools[c.Type]
		if p == nil {
			p = &pool{}
			pools[c.Type] = p
			types = append(types, c.Type)
		}
		if c.Segmented {
			p.segN, p.segE, p.segO, p.segC = p.segN+c.Recipients, p.segE+c.Engaged, p.segO+c.Opened, p.segC+c.Clicked
		} else {
			p.genN, p.genE, p.genO, p.genC = p.genN+c.Recipients, p.genE+c.Engaged, p.genO+c.Opened, p.genC+c.Clicked
		}
	}
	slices.Sort(types)
	for _, t := range types {
		p := pools[t]
		if p.segN == 0 || p.genN == 0 {
			continue // nothing to compare: the type is all segmented or all generic
		}
		s := SegmentCheck{Type: t, Segmented: p.segN, Generic: p.genN,
			Open: diff(p.segO, p.segN, p.genO, p.genN), Click: diff(p.segC, p.segN, p.genC, p.genN),
			Engagement: diff(p.segE, p.segN, p.genE, p.genN)}
		switch {
		case s.Engagement.CILow > 0:
			s.Verdict = "segmentation earns its effort: segmented recipients come back to the product more"
		case s.Engagement.CIHigh < 0:
			s.Verdict = "the generic campaign does better: segmentation costs product engagement here"
		case s.Open.CILow > 0 || s.Click.CILow > 0:
			s.Verdict = "more opens or clicks, but no clear difference in product engagement: the generic campaign is enough"
		default:
			s.Verdict = "no clear difference: the generic campaign is enough"
		}
		r.Types = append(r.Types, s)
	}
	return r
}
