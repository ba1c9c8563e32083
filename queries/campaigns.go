package queries

import (
	"context"
	"fmt"

	"github.com/leadlab/leadlab/queries/internal/sqltext"
)

// CampaignCounts are the raw figures of one drip campaign.
type CampaignCounts struct {
	Campaign, Type, Segment string
	Segmented               bool
	Recipients, Sends       int64
	Opened, Clicked         int64 // recipients who opened, who clicked
	Engaged                 int64 // recipients with a product event within N days of a send
	Baseline, BaselineEng   int64 // comparable non-recipients, and those engaged
}

// CampaignStats counts every campaign's sends, opens, clicks and product
// engagement within days of a send, against comparable non-recipients.
func CampaignStats(ctx context.Context, ws *Workspace, days int) ([]CampaignCounts, error) {
	return campaignStats(ctx, ws, days, false)
}

// campaignStats is CampaignStats; fromEvents makes it read the events, as
// it did before the view summaries: the tests' oracle.
func campaignStats(ctx context.Context, ws *Workspace, days int, fromEvents bool) ([]CampaignCounts, error) {
	q := SQL("campaign-stats")
	if !fromEvents {
		prefix, err := viewPrefix(ctx, ws)
		if err != nil {
			return nil, fmt.Errorf("campaigns: %w", err)
		}
		q = fmt.Sprintf(SQL("campaign-stats-summary"), prefix)
	}
	rows, err := ws.query(ctx, q, days)
	if err != nil {
		return nil, fmt.Errorf("campaigns: %s", sqltext.CleanErr(err))
	}
	defer rows.Close()
	var out []CampaignCounts
	for rows.Next() {
		var c CampaignCounts
		if err := rows.Scan(&c.Campaign, &c.Type, &c.Segmented, &c.Segment, &c.Recipients, &c.Sends,
			&c.Opened, &c.Clicked, &c.Engaged, &c.Baseline, &c.BaselineEng); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}
