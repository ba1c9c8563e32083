package analysis

import (
	"context"
	"time"

	"github.com/leadlab/leadlab/analysis/scoring"
	"github.com/leadlab/leadlab/queries"
)

// Describe measures a model on the data for export (docs/scoring-config.md,
// metadata): the data's fingerprint, as-of date and window, and at the cutoff
// the close rate with its interval, recall and share on the tuning leads and
// on the held-out latest 30%, as tune holds them out; and the settled leads'
// score bins and rule prevalences (Data.Population), for report drift. The
// tuning method is kept from the config's own metadata.
func Describe(ctx context.Context, ws *queries.Workspace, d *scoring.Data, cfg scoring.Config, toolVersion string, now time.Time) (*scoring.Metadata, error) {
	fp, hist, err := queries.Fingerprints(ctx, ws, d.Outcomes.AsOf)
	if err != nil {
		return nil, err
	}
	s := d.Score(cfg, scoring.History)
	tuning, holdout := d.MeasureSplit(cfg, s, d.LatestSettled(scoring.HoldoutShare))
	m := &scoring.Metadata{ToolVersion: toolVersion, CreatedAt: now.UTC().Format(time.RFC3339), Fingerprint: fp, HistoryFingerprint: hist,
		AsOf: asOfText(d.Outcomes.AsOf), WindowDays: d.Outcomes.WindowDays, Tuning: &tuning}
	// The population the model was measured on, for report drift.
	m.ScoreBins, m.RulePrevalence = d.Population(cfg, s, nil)
	if holdout.Split != "" && holdout.Leads > 0 { // no held-out lead: nothing measured
		m.Holdout = &holdout
	}
	if cfg.Metadata != nil {
		m.Method = cfg.Metadata.Method
	}
	return m, nil
}

// asOfText is the as-of date in RFC 3339, or nil when the data has no
// dates to take it from (a zero time would read as 0001-01-01).
func asOfText(t time.Time) *string {
	if t.IsZero() {
		return nil
	}
	s := t.UTC().Format(time.RFC3339)
	return &s
}
