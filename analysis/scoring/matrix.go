package scoring

import (
	"math"
	"slices"

	"github.com/leadlab/leadlab/analysis/stats"
	"github.com/leadlab/leadlab/queries"
)

// Cell is one group of settled leads with its close rate. An empty group
// has no close rate: CloseRate and its interval are nil (null in JSON,
// n/a on screen), never 0 within [0, 1].
type Cell struct {
	Leads     int64    `json:"leads"`
	Won       int64    `json:"won"`
	CloseRate *float64 `json:"close_rate"`
	CILow     *float64 `json:"ci_low"`
	CIHigh    *float64 `json:"ci_high"`
}

func cell(won, leads int64) Cell {
	c := Cell{Leads: leads, Won: won}
	if leads > 0 {
		lo, hi := stats.Wilson(won, leads, stats.Z95)
		r := ratio(won, leads)
		c.CloseRate, c.CILow, c.CIHigh = &r, &lo, &hi
	}
	return c
}

// QualCell is one quadrant of the qualification matrix (docs/scoring.md): the
// settled leads in it, and those of them SDR-ready at the cutoff.
type QualCell struct {
	Fit     string `json:"fit"`  // good or bad
	Pain    string `json:"pain"` // high or low
	Outcome string `json:"outcome"`
	All     Cell   `json:"all"`
	Ready   Cell   `json:"ready"`
}

// Matrix is good/bad fit × high/low pain, in the order good-high,
// good-low, bad-high, bad-low.
type Matrix struct {
	GoodFit  float64    `json:"good_fit"`
	HighPain float64    `json:"high_pain"`
	Cells    []QualCell `json:"cells"`
	// Note says why there are no cells: with no lead events pain cannot
	// be measured, and every lead would count as high (or low) pain.
	Note string `json:"note"`
}

// NoEventsNote is why the matrix and the pain guard rails are left out
// when no lead has any event.
const NoEventsNote = "no lead events are loaded: pain cannot be measured, so leads are not split by pain and no score can be judged fit-heavy"

// QualificationMatrix counts settled leads by fit and pain, scored as of
// their exposure cutoff, with the close rate of each quadrant overall and
// among leads ready at the cutoff.
func (d *Data) QualificationMatrix(cfg Config, s *Scores) Matrix {
	m := Matrix{GoodFit: cfg.GoodFit, HighPain: cfg.HighPain, Cells: []QualCell{}}
	if !d.HasEvents() {
		m.Note = NoEventsNote
		return m
	}
	var all, allWon, ready, readyWon [4]int64
	for i := range d.N() {
		if d.Leads.Outcome[i] == queries.OutcomeMaturing {
			continue
		}
		q := 0
		if s.Fit[i] < cfg.GoodFit {
			q += 2
		}
		if s.Pain[i] < cfg.HighPain {
			q++
		}
		all[q]++
		won := d.Leads.Won[i]
		if won {
			allWon[q]++
		}
		if s.Score(i) >= cfg.Cutoff {
			ready[q]++
			if won {
				readyWon[q]++
			}
		}
	}
	labels := [4][3]string{
		{"good", "high", "qualified"},
		{"good", "low", "maybe, not now"},
		{"bad", "high", "maybe, not now"},
		{"bad", "low", "no, never"},
	}
	for q, l := range labels {
		m.Cells = append(m.Cells, QualCell{Fit: l[0], Pain: l[1], Outcome: l[2],
			All: cell(allWon[q], all[q]), Ready: cell(readyWon[q], ready[q])})
	}
	return m
}

// VelocityBand is the close rate of ready leads in one velocity quartile.
type VelocityBand struct {
	Band string   `json:"band"` // "slowest quarter", …
	Lo   float64  `json:"lo"`   // points a day, inclusive
	Hi   *float64 `json:"hi"`   // exclusive; null for the last band (no upper bound)
	Cell
}

// VelocityBands splits the settled leads ready at the cutoff into
// quartiles of velocity (score over the days it took, docs/scoring.md) and
// gives each band's close rate: of two leads with the same score, the one
// that got there faster has more pain.
func (d *Data) VelocityBands(cfg Config, s *Scores) []VelocityBand {
	type lv struct {
		v   float64
		won bool
	}
	var ready []lv
	for i := range d.N() {
		if d.Leads.Outcome[i] == queries.OutcomeMaturing || s.Score(i) < cfg.Cutoff || math.IsNaN(s.Velocity[i]) {
			continue
		}
		ready = append(ready, lv{s.Velocity[i], d.Leads.Won[i]})
	}
	if len(ready) == 0 {
		return []VelocityBand{}
	}
	slices.SortFunc(ready, func(a, b lv) int {
		switch {
		case a.v < b.v:
			return -1
		case a.v > b.v:
			return 1
		}
		return 0
	})
	names := []string{"slowest quarter", "second quarter", "third quarter", "fastest quarter"}
	// Edges at the quartiles; equal edges merge bands, so a band never
	// splits leads with the same velocity.
	var edges []float64
	for q := 1; q < 4; q++ {
		e := ready[q*len(ready)/4].v
		if len(edges) == 0 || e > edges[len(edges)-1] {
			if e > ready[0].v {
				edges = append(edges, e)
			}
		}
	}
	bounds := append(append([]float64{math.Inf(-1)}, edges...), math.Inf(1))
	out := make([]VelocityBand, 0, len(bounds)-1)
	for b := 0; b+1 < len(bounds); b++ {
		var n, won int64
		for _, r := range ready {
			if r.v >= bounds[b] && r.v < bounds[b+1] {
				n++
				if r.won {
					won++
				}
			}
		}
		name := names[b]
		if len(bounds) != 5 {
			name = bandName(b, len(bounds)-1)
		}
		lo := bounds[b]
		if b == 0 {
			lo = ready[0].v
		}
		var hi *float64
		if !math.IsInf(bounds[b+1], 1) {
			hi = &bounds[b+1]
		}
		out = append(out, VelocityBand{Band: name, Lo: lo, Hi: hi, Cell: cell(won, n)})
	}
	return out
}

func bandName(b, n int) string {
	switch {
	case n == 1:
		return "all"
	case b == 0:
		return "slowest"
	case b == n-1:
		return "fastest"
	}
	return "middle"
}

// LeadStage is one step of the lead funnel with its SDR-ready stage.
type LeadStage struct {
	Stage      string   `json:"stage"`
	Leads      int64    `json:"leads"`
	Conversion *float64 `json:"conversion"` // from the previous stage
}

// NoOpportunityNote is why the lead funnel has no opportunity stage when
// the outcome does not come from a deals table.
const NoOpportunityNote = "lead funnel: no deals table, so which leads reached an opportunity is unknown (a converted column gives only the outcome): the opportunity stage cannot be computed and is left out"

// LeadFunnel is settled leads → SDR-ready → opportunity → won, each stage
// inside the one before it: of the ready leads, those that reached an
// opportunity, and those that won.
func (d *Data) LeadFunnel(cfg Config, s *Scores) []LeadStage {
	var n, ready, opp, won int64
	for i := range d.N() {
		if d.Leads.Outcome[i] == queries.OutcomeMaturing {
			continue
		}
		n++
		if s.Score(i) < cfg.Cutoff {
			continue
		}
		ready++
		if d.Leads.HasOpp[i] || d.Leads.Won[i] {
			opp++
		}
		if d.Leads.Won[i] {
			won++
		}
	}
	stages := []LeadStage{{Stage: "leads", Leads: n}, {Stage: "sdr_ready", Leads: ready},
		{Stage: "opportunity", Leads: opp}, {Stage: "won", Leads: won}}
	if d.Outcomes.Basis != "deals" {
		// No deals table: who reached an opportunity is unknown, and the
		// won would be counted as the opportunities. NoOpportunityNote
		// says so with the report.
		stages = slices.Delete(stages, 2, 3)
	}
	for k := 1; k < len(stages); k++ {
		if p := stages[k-1].Leads; p > 0 {
			v := float64(stages[k].Leads) / float64(p)
			stages[k].Conversion = &v
		}
	}
	return stages
}
