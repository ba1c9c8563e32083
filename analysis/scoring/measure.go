package scoring

import (
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
