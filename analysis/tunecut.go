package analysis

import (
	"fmt"
	"math"
	"slices"

	"github.com/leadlab/leadlab/analysis/scoring"
	"github.com/leadlab/leadlab/analysis/stats"
)

// scoredCell is leads that share a score: a row of a design, or the part
// of it in one fold.
type scoredCell struct {
	score, leads, won float64
}

// scoreCells scores every row of g that has leads with points per column.
func scoreCells(g stats.Grouped, pts []float64) []scoredCell {
	var out []scoredCell
	for i, x := range g.X {
		if g.Leads[i] <= 0 {
			continue
		}
		var s float64
		for c, v := range x {
			s += pts[c] * v
		}
		out = append(out, scoredCell{s, g.Leads[i], g.Won[i]})
	}
	return out
}

// crossFitted scores each fold's leads with the points a model tuned on
// the other folds gives them: the whole procedure (fit, floor, rounding)
// is rerun without the fold, so the close rate at a cutoff over these
// scores is what leads the points were not tuned on would show. Points
// are on one scale (percentage points at the base rate) whichever folds
// they came from, so one cutoff reads the same across folds.
func crossFitted(g stats.Grouped, folds []stats.Grouped, lambda, base float64, opt adjustOptions) ([]scoredCell, error) {
	var out []scoredCell
	for _, part := range folds {
		train := g.Minus(part)
		if n, w := train.Totals(); w == 0 || w == n {
			return nil, stats.ErrTooFewForCV
		}
		s, err := selectColumns(train, lambda, base, opt)
		if err != nil {
			return nil, err
		}
		out = append(out, scoreCells(part, s.points(len(g.X[0])))...)
	}
	return out, nil
}

// rateAt is the leads at or above a cutoff among cells, and how many won.
func rateAt(cells []scoredCell, cutoff float64) (leads, won float64) {
	for _, c := range cells {
		if c.score >= cutoff {
			leads += c.leads
			won += c.won
		}
	}
	return leads, won
}

// cutCandidate is a cutoff tuning may choose, with the close rate that
// cross-fitted scores give at it.
type cutCandidate struct {
	cutoff  float64
	cvRate  float64
	allowed bool // enough ready leads, not every lead, within SDR capacity
}

// pickCutoff chooses, among the allowed candidates, the cutoff whose
// cross-validated close rate lies nearest the middle of the target (the
// lower cutoff on ties), and says whether that rate is inside the target.
// The middle, not the lowest cutoff inside: a rate measured on the
// leads a model was tuned on sits, on new leads, a little lower and
// anywhere within its noise, and a cutoff chosen at the target's lower
// edge lands below it about half the time.
func pickCutoff(cands []cutCandidate, target scoring.Range) (int, bool) {
	mid := (target.Low + target.High) / 2
	best, gap := -1, math.Inf(1)
	for k, c := range cands {
		if !c.allowed || math.IsNaN(c.cvRate) {
			continue
		}
		d := math.Abs(c.cvRate - mid)
		if d < gap || (d == gap && c.cutoff < cands[best].cutoff) {
			best, gap = k, d
		}
	}
	if best < 0 {
		return -1, false
	}
	r := cands[best].cvRate
	return best, r >= target.Low && r <= target.High
}

// cvRate is the cross-fitted close rate at a cutoff; NaN when fewer than
// minReadyCV leads reach it, too few to judge.
func cvRate(cells []scoredCell, cutoff float64) float64 {
	leads, won := rateAt(cells, cutoff)
	if leads < minReadyCV {
		return math.NaN()
	}
	return won / leads
}

// minReadyCV is the fewest ready leads a cutoff may have, as the sweep's
// recommendation requires.
const minReadyCV = 20

// Stability is how often the tuning procedure, rerun on seeded random
// splits of the tuning leads, puts the close rate of the split's held-out
// leads inside the target.
type Stability struct {
	Splits int `json:"splits"`
	Inside int `json:"inside"`
	// Rates are the held-out close rates at each split's cutoff; null for
	// a split where no cutoff had enough ready leads.
	Rates []*float64 `json:"rates"`
	Note  string     `json:"note"`
}

// stabilitySplits is how many seeded splits Stability reruns.
const stabilitySplits = 5

// stability reruns the procedure — selection, rounding, cutoff by
// cross-fitted close rate — on five seeded 70/30 splits of the tuning
// leads, the penalty kept at the one chosen for the whole tuning set, and
// counts the splits whose held-out 30% close inside the target at their
// cutoff. SDR capacity is not applied (the split leads have no days).
func (m *adjusted) stability(target scoring.Range) Stability {
	st := Stability{Rates: []*float64{}}
	if len(m.FullCols) == 0 {
		st.Note = "no model to check"
		return st
	}
	cols := len(m.FullCols)
	for s := range stabilitySplits {
		parts := m.design.Folds(10, uint64(1000+s))
		held := stats.Grouped{X: m.design.X, Leads: make([]float64, len(m.design.X)), Won: make([]float64, len(m.design.X))}
		for _, p := range parts[:3] {
			for i := range held.Leads {
				held.Leads[i] += p.Leads[i]
				held.Won[i] += p.Won[i]
			}
		}
		train := m.design.Minus(held)
		st.Splits++
		sel, err := selectColumns(train, m.Lambda, m.BaseRate, m.opt)
		if err != nil {
			st.Rates = append(st.Rates, nil)
			continue
		}
		pts := sel.points(cols)
		oof, err := crossFitted(train, train.Folds(cvFolds, uint64(2000+s)), m.Lambda, m.BaseRate, m.opt)
		if err != nil {
			st.Rates = append(st.Rates, nil)
			continue
		}
		trainCells := scoreCells(train, pts)
		total, _ := train.Totals()
		var cands []cutCandidate
		for _, c := range distinctScores(trainCells) {
			n, _ := rateAt(trainCells, c)
			cands = append(cands, cutCandidate{cutoff: c, cvRate: cvRate(oof, c), allowed: n >= minReadyCV && n < total})
		}
		k, _ := pickCutoff(cands, target)
		if k < 0 {
			st.Rates = append(st.Rates, nil)
			continue
		}
		n, w := rateAt(scoreCells(held, pts), cands[k].cutoff)
		if n < minReadyCV {
			st.Rates = append(st.Rates, nil)
			continue
		}
		r := w / n
		st.Rates = append(st.Rates, &r)
		if r >= target.Low && r <= target.High {
			st.Inside++
		}
	}
	st.Note = fmt.Sprintf("on %d of %d seeded 70/30 splits of the tuning leads the held-out leads at the chosen cutoff close inside the target", st.Inside, st.Splits)
	return st
}

// distinctScores are the scores of the cells, highest first.
func distinctScores(cells []scoredCell) []float64 {
	var out []float64
	for _, c := range cells {
		out = append(out, c.score)
	}
	slices.Sort(out)
	out = slices.Compact(out)
	slices.Reverse(out)
	return out
}
