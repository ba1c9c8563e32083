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
func crossFitted(g stats.Grouped, family []string, folds []stats.Grouped, lambda, base float64, opt adjustOptions) ([]scoredCell, error) {
	trains := make([]stats.Grouped, len(folds))
	for f, part := range folds {
		trains[f] = g.Minus(part)
		if n, w := trains[f].Totals(); w == 0 || w == n {
			return nil, stats.ErrTooFewForCV
		}
	}
	cells := make([][]scoredCell, len(folds))
	err := stats.EachFold(len(folds), func(f int) error {
		s, err := selectColumns(trains[f], family, lambda, base, opt)
		if err != nil {
			return err
		}
		cells[f] = scoreCells(folds[f], s.points(len(g.X[0])))
		return nil
	})
	if err != nil {
		return nil, err
	}
	var out []scoredCell
	for _, c := range cells {
		out = append(out, c...)
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

// stability asks whether choosing the cutoff by cross-validated close
// rate holds on leads it was not chosen on: on each of five seeded 70/30
// splits of the tuning leads, the cutoff is chosen from the 70%'s
// cross-fitted scores and judged by the 30%'s close rate at it. Every
// lead's score there comes from points made without it (crossFitted), so
// neither its score nor the cutoff saw its outcome; refitting the model
// for every split as well would cost five times the tuning. SDR capacity
// is not applied.
func stability(oof []scoredCell, target scoring.Range) Stability {
	st := Stability{Rates: []*float64{}}
	if len(oof) == 0 {
		st.Note = "no cross-fitted scores to check the cutoff with"
		return st
	}
	g := stats.Grouped{}
	for _, c := range oof {
		g.X = append(g.X, []float64{c.score})
		g.Leads = append(g.Leads, c.leads)
		g.Won = append(g.Won, c.won)
	}
	cells := func(parts []stats.Grouped) []scoredCell {
		var out []scoredCell
		for _, p := range parts {
			for i, x := range p.X {
				if p.Leads[i] > 0 {
					out = append(out, scoredCell{x[0], p.Leads[i], p.Won[i]})
				}
			}
		}
		return out
	}
	for s := range stabilitySplits {
		parts := g.Folds(10, uint64(1000+s))
		held, train := cells(parts[:3]), cells(parts[3:])
		st.Splits++
		var total float64
		for _, c := range train {
			total += c.leads
		}
		var cands []cutCandidate
		for _, c := range distinctScores(train) {
			n, _ := rateAt(train, c)
			cands = append(cands, cutCandidate{cutoff: c, cvRate: cvRate(train, c), allowed: n >= minReadyCV && n < total})
		}
		k, _ := pickCutoff(cands, target)
		var n, w float64
		if k >= 0 {
			n, w = rateAt(held, cands[k].cutoff)
		}
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
	st.Note = fmt.Sprintf("on %d of %d seeded 70/30 splits of the tuning leads, the held-out 30%% close inside the target at the cutoff their 70%% chose", st.Inside, st.Splits)
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
