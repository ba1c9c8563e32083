package scoring

import (
	"cmp"
	"fmt"
	"math"
	"slices"

	"github.com/leadlab/leadlab/analysis/stats"
	"github.com/leadlab/leadlab/queries"
)

// Measure gives the model's figures at its cutoff over the settled leads
// in subset (all of them when nil): what tune records for its tuning and
// holdout leads, and what a saved config is checked against.
func (d *Data) Measure(cfg Config, s *Scores, subset []bool, split string) Measured {
	m := Measured{Split: split}
	for i := range d.N() {
		if d.Leads.Outcome[i] == queries.OutcomeMaturing || (subset != nil && !subset[i]) {
			continue
		}
		m.Leads++
		won := d.Leads.Won[i]
		if won {
			m.Won++
		}
		if s.Score(i) >= cfg.Cutoff {
			m.Ready++
			if won {
				m.ReadyWon++
			}
		}
	}
	m.CloseRate = ratio(m.ReadyWon, m.Ready)
	m.CILow, m.CIHigh = stats.Wilson(m.ReadyWon, m.Ready, stats.Z95)
	m.Recall = ratio(m.ReadyWon, m.Won)
	m.Share = ratio(m.Ready, m.Leads)
	return m
}

// HoldoutShare is the share of settled leads tune holds out, and
// HoldoutSeed the seed of its random split (with --random-split, or
// when no lead has a date); report actions chooses its bands on the
// leads the same split leaves to tuning.
const (
	HoldoutShare = 0.3
	HoldoutSeed  = 1
)

// LatestSettled marks the latest share of settled leads by created_at,
// ties by lead_id, as tune holds them out (queries.SplitHoldout); nil when
// no settled lead has a date.
func (d *Data) LatestSettled(share float64) []bool {
	var dated []int32
	for i := range d.N() {
		if d.Leads.Outcome[i] != queries.OutcomeMaturing && d.Leads.Created[i] != NoTime {
			dated = append(dated, int32(i))
		}
	}
	if len(dated) == 0 {
		return nil
	}
	// Leads are numbered in lead_id order, so a stable sort by time keeps
	// ties in lead_id order.
	slices.SortStableFunc(dated, func(a, b int32) int { return cmp.Compare(d.Leads.Created[a], d.Leads.Created[b]) })
	out := make([]bool, d.N())
	keep := len(dated) - int(math.Round(float64(len(dated))*share))
	for _, i := range dated[keep:] {
		out[i] = true
	}
	return out
}

// MeasureSplit gives the figures at the cutoff on the tuning leads and on
// the held-out ones (LatestSettled); with no holdout, on every settled
// lead, and an empty holdout.
func (d *Data) MeasureSplit(cfg Config, s *Scores, holdout []bool) (tuning, held Measured) {
	if holdout == nil {
		return d.Measure(cfg, s, nil, "all settled leads (no dates to split by)"), Measured{}
	}
	rest := make([]bool, len(holdout))
	for i, h := range holdout {
		rest[i] = !h
	}
	pct := math.Round(HoldoutShare * 100)
	return d.Measure(cfg, s, rest, fmt.Sprintf("the earliest %.0f%% of settled leads", 100-pct)),
		d.Measure(cfg, s, holdout, fmt.Sprintf("the latest %.0f%% of settled leads", pct))
}
