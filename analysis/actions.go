package analysis

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/leadlab/leadlab/analysis/scoring"
	"github.com/leadlab/leadlab/analysis/stats"
	"github.com/leadlab/leadlab/queries"
)

// ActionsReport is the action-to-close correlation table
// (docs/statistics.md). Its JSON is the output of `report actions --format
// json`.
type ActionsReport struct {
	Leads      int64    `json:"leads"` // settled leads: maturing ones are left out
	Won        int64    `json:"won"`
	BaseRate   float64  `json:"base_rate"`
	WindowDays int      `json:"window_days"`
	MinLiftPP  float64  `json:"min_detectable_lift_pp"` // 80% power, α 0.05, factor in half the leads
	Factors    []Factor `json:"factors"`
	// Dropped are the factors every lead has, or none has (among the
	// leads they are compared with): with nobody on one side, a lift, odds
	// ratio or p-value would be a placeholder, so they are left out of
	// the table and of the false discovery rate, and listed here.
	Dropped []DroppedFactor `json:"dropped"`
	Model   Model           `json:"model"`
	Touches Touches         `json:"touches"`
	Notes   []string        `json:"notes"`
}

// Factor is one row of the table; docs/statistics.md defines each field.
type Factor struct {
	Factor       string `json:"factor"`
	Kind         string `json:"kind"`
	LeadsWith    int64  `json:"leads_with"`
	WonWith      int64  `json:"won_with"`
	LeadsWithout int64  `json:"leads_without"`
	WonWithout   int64  `json:"won_without"`
	// ComparedAmong is who the factor is compared within: "all" settled
	// leads, or for a value or band of an account attribute "account:COL
	// recorded", the leads whose account records it. leads_without,
	// rate_without and every statistic below are over those leads.
	ComparedAmong   string  `json:"compared_among"`
	RateWith        float64 `json:"rate_with"`
	RateWithout     float64 `json:"rate_without"`
	LiftPP          float64 `json:"lift_pp"`
	LiftCILow       float64 `json:"lift_ci_low"`
	LiftCIHigh      float64 `json:"lift_ci_high"`
	OddsRatio       float64 `json:"odds_ratio"`
	Phi             float64 `json:"phi"`
	PValue          float64 `json:"p_value"`
	Test            string  `json:"test"` // fisher or chi2
	QValue          float64 `json:"q_value"`
	SuggestedPoints int     `json:"suggested_points"`
	// AdjustedPoints is the factor's own effect in the adjusted model
	// (Model), in points; 0 when the model did not keep it.
	AdjustedPoints int      `json:"adjusted_points"`
	Flags          []string `json:"flags"`
}

// DroppedFactor is a factor left out of the table, and why.
type DroppedFactor struct {
	Factor        string `json:"factor"`
	Kind          string `json:"kind"`
	LeadsWith     int64  `json:"leads_with"`
	ComparedAmong string `json:"compared_among"`
	Reason        string `json:"reason"`
}

// Thresholds of suggested points and flags (docs/statistics.md).
const (
	minSuggestLiftPP = 5    // lifts below this earn no points
	maxQValue        = 0.05 // false discovery rate for suggesting points
	rareLeads        = 25   // a factor is rare below min(25, 2% of leads)
	rareShare        = 0.02
	skewRatio        = 10 // won:not-won beyond 10:1 either way
)

// vanityEvents are email opens, email clicks and plain website visits:
// shown and flagged, never given points.
var vanityEvents = []string{"email_open", "email_opened", "email_click", "email_clicked",
	"website_visit", "web_visit", "page_view", "pageview", "site_visit"}

// IsVanity reports whether an event is a vanity signal.
func IsVanity(event string) bool {
	return slices.Contains(vanityEvents, strings.ToLower(event))
}

// BuildActions computes the correlation table under the outcome settings,
// over every settled lead. The bands of numeric attributes are chosen on
// the leads tune tunes on by default (all but the latest 30% by
// created_at, or a seeded random 30% without dates), so that report
// actions, tune, score and export cut every attribute at the same edges
// and tune never chooses one on its holdout.
func BuildActions(ctx context.Context, ws *queries.Workspace, opt queries.OutcomeOptions) (ActionsReport, error) {
	o, err := queries.ComputeOutcomes(ctx, ws, opt)
	if err != nil {
		return ActionsReport{}, err
	}
	if _, err := queries.SplitHoldout(ctx, ws, scoring.HoldoutShare, scoring.HoldoutSeed, false); err != nil {
		return ActionsReport{}, err
	}
	r, _, err := actionsFrom(ctx, ws, o, true)
	return r, err
}

// actionsFrom computes the table once outcomes are in place, and returns
// the raw counts with it (their predicates build model matrices). With
// full, the report's table: every settled lead, bands chosen on those
// not held out, with the touches and the multivariate view; without,
// tuning's: the settled leads not held out only.
func actionsFrom(ctx context.Context, ws *queries.Workspace, o queries.Outcomes, full bool) (ActionsReport, []queries.FactorCount, error) {
	count := queries.ActionFactorCounts
	if full {
		count = queries.ActionFactorCountsWithHoldout
	}
	counts, err := count(ctx, ws)
	if err != nil {
		return ActionsReport{}, nil, err
	}
	r := scoreFactors(counts)
	if !full {
		return r, counts.Factors, nil
	}
	td, err := queries.Touches(ctx, ws)
	if err != nil {
		return r, nil, err
	}
	r.Touches = buildTouches(td)
	if !slices.ContainsFunc(counts.Factors, func(f queries.FactorCount) bool { return f.Kind == "pain" }) {
		r.Notes = append(r.Notes, NoBehaviourNote)
	}
	if r.Model, err = modelView(ctx, ws, &r, counts.Factors); err != nil {
		return r, nil, err
	}
	r.WindowDays = o.WindowDays
	r.Notes = append(r.Notes, o.Notes...)
	if o.Maturing > 0 {
		r.Notes = append(r.Notes, Count(o.Maturing)+" maturing leads are left out (their window is still open)")
	}
	return r, counts.Factors, nil
}

// NoBehaviourNote says why the table has no event (pain) factors and no
// touch patterns, rather than leaving them empty unexplained.
const NoBehaviourNote = "no lead has an event before its exposure cutoff (no events table, or its events carry no time): there are no behaviour factors and no touch patterns to show"

// scoreFactors turns 2×2 counts into the statistics of docs/statistics.md,
// sorted by lift, highest first.
func scoreFactors(c queries.ActionCounts) ActionsReport {
	r := ActionsReport{Leads: c.Leads, Won: c.Won, Factors: []Factor{}, Dropped: []DroppedFactor{}, Notes: []string{},
		Model: Model{Factors: []ModelFactor{}}, Touches: Touches{Channels: []ChannelShare{}}}
	if c.Leads > 0 {
		r.BaseRate = float64(c.Won) / float64(c.Leads)
	}
	r.MinLiftPP = stats.MinDetectableLift(c.Leads/2, c.Leads-c.Leads/2, r.BaseRate, 0.05, 0.8)
	rare := math.Min(rareLeads, rareShare*float64(c.Leads))
	for _, fc := range c.Factors {
		// The leads the factor is compared within: all of them, or for an
		// account attribute those whose account records it.
		leads, won, among := c.Leads, c.Won, "all"
		if fc.Among > 0 {
			leads, won, among = fc.Among, fc.WonAmong, fc.AmongName
		}
		if fc.With >= leads || fc.With == 0 {
			why := "every settled lead has it: there is no lead without it to compare with"
			switch {
			case fc.With == 0:
				why = "no settled lead has it: there is no lead with it to compare"
			case fc.Among > 0:
				why = "every lead whose account records it has it: there is no lead without it to compare with"
			}
			r.Dropped = append(r.Dropped, DroppedFactor{Factor: fc.Factor, Kind: fc.Kind, LeadsWith: fc.With, ComparedAmong: among, Reason: why})
			continue
		}
		S, F := won, leads-won
		f := Factor{Factor: fc.Factor, Kind: fc.Kind, LeadsWith: fc.With, WonWith: fc.WonWith,
			LeadsWithout: leads - fc.With, WonWithout: won - fc.WonWith, ComparedAmong: among, Flags: []string{}}
		s, fl := f.WonWith, f.LeadsWith-f.WonWith // won and not won with the factor
		s0, f0 := f.WonWithout, f.LeadsWithout-f.WonWithout
		f.RateWith = rate(s, f.LeadsWith)
		f.RateWithout = rate(s0, f.LeadsWithout)
		if f.LeadsWith > 0 && f.LeadsWithout > 0 {
			// With one group empty there is nothing to compare: lift 0.
			f.LiftPP = 100 * (f.RateWith - f.RateWithout)
		}
		lo, hi := stats.Newcombe(s, f.LeadsWith, s0, f.LeadsWithout, stats.Z95)
		f.LiftCILow, f.LiftCIHigh = 100*lo, 100*hi
		f.OddsRatio = stats.OddsRatioPlusOne(s, fl, S, F)
		f.Phi = stats.Phi(s, fl, s0, f0)
		f.PValue, f.Test = stats.TwoByTwoP(s, fl, s0, f0)
		if float64(f.LeadsWith) < rare {
			f.Flags = append(f.Flags, "rare")
		}
		if fc.Event != "" && IsVanity(fc.Event) {
			f.Flags = append(f.Flags, "vanity")
		}
		if skewed(s, fl, S, F) {
			f.Flags = append(f.Flags, "skewed")
		}
		r.Factors = append(r.Factors, f)
	}
	// A factor with the same leads as one every lead has is had by every
	// lead too: it is dropped with it, not "shown instead".
	merged := c.Merged[:0:0]
	for _, m := range c.Merged {
		if k := slices.IndexFunc(r.Dropped, func(d DroppedFactor) bool { return d.Factor == m.Into }); k >= 0 {
			d := r.Dropped[k]
			d.Factor = m.Factor
			r.Dropped = append(r.Dropped, d)
			continue
		}
		merged = append(merged, m)
	}
	if n := len(r.Dropped); n > 0 {
		names := make([]string, n)
		for i, d := range r.Dropped {
			names[i] = d.Factor
		}
		what := fmt.Sprintf("%d factors that every lead has (or none has) are", n)
		if n == 1 {
			what = "1 factor that every lead has (or none has) is"
		}
		r.Notes = append(r.Notes, fmt.Sprintf("%s left out: with nobody on one side there is nothing to compare, and no lift, odds ratio or p-value to give: %s", what, strings.Join(names, ", ")))
	}
	if len(merged) > 0 {
		var names []string
		for _, m := range merged {
			names = append(names, m.Factor+" (as "+m.Into+")")
		}
		what := fmt.Sprintf("%d factors have", len(names))
		if len(names) == 1 {
			what = "1 factor has"
		}
		r.Notes = append(r.Notes, fmt.Sprintf("%s exactly the same leads as a simpler one, shown instead: %s", what, strings.Join(names, ", ")))
	}
	if slices.ContainsFunc(c.Factors, func(f queries.FactorCount) bool { return f.Among > 0 }) {
		note := "an account attribute's values and bands are compared among the leads whose account records it (compared_among), its =(missing) among all leads"
		if slices.ContainsFunc(c.Factors, func(f queries.FactorCount) bool { return f.Factor == queries.NoAccountFactor }) {
			note += "; " + queries.NoAccountFactor + " is the leads with no account"
		}
		r.Notes = append(r.Notes, note)
	}
	ps := make([]float64, len(r.Factors))
	for i, f := range r.Factors {
		ps[i] = f.PValue
	}
	for i, q := range stats.BenjaminiHochberg(ps) {
		f := &r.Factors[i]
		f.QValue = q
		if f.LiftPP >= minSuggestLiftPP && q < maxQValue && !slices.Contains(f.Flags, "vanity") {
			f.SuggestedPoints = int(math.Round(f.LiftPP))
		}
	}
	slices.SortStableFunc(r.Factors, func(a, b Factor) int {
		switch {
		case a.LiftPP > b.LiftPP:
			return -1
		case a.LiftPP < b.LiftPP:
			return 1
		}
		return strings.Compare(a.Factor, b.Factor)
	})
	return r
}

func rate(s, n int64) float64 {
	if n == 0 {
		return 0
	}
	return float64(s) / float64(n)
}

// skewed: among leads with the factor, the won:not-won odds are more than
// 10 times the population's odds, or less than a tenth of them. Read as
// "won:not-won above 10:1 either way" against 1:1, the flag would mark
// nearly every factor when the base rate is 7% (odds 1:13), so the ratio
// is taken against the base odds, which is what makes a factor suspicious
// (an outcome proxy, or a sliver of leads). Half a lead is added to each
// count so the odds stay finite.
func skewed(won, notWon, S, F int64) bool {
	if won+notWon == 0 {
		return false
	}
	odds := (float64(won) + 0.5) / (float64(notWon) + 0.5)
	base := (float64(S) + 0.5) / (float64(F) + 0.5)
	return odds > skewRatio*base || odds < base/skewRatio
}
