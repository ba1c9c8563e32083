package actions

import (
	"math"
	"slices"

	"github.com/leadlab/leadlab/analysis"
)

// axis is a range of values drawn across a cell of fixed width. Every row
// shares one, so intervals can be compared by eye down the table.
type axis struct{ lo, hi float64 }

// Glyphs of an interval drawn on an axis.
const (
	glyphZero      = '│' // where 0 falls
	glyphWhisker   = '─' // the interval
	glyphCross     = '┼' // the interval over 0
	glyphPoint     = '●' // the estimate
	glyphUnderflow = '◂' // the interval goes on below the axis
	glyphOverflow  = '▸' // the interval goes on above it
)

// niceAxis spans 0 and every finite value, rounded out to whole steps
// with at least one step either side of 0, so the zero line is never on
// the edge.
func niceAxis(vals []float64, step float64) axis {
	lo, hi := -step, step
	for _, v := range vals {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			continue
		}
		lo, hi = math.Min(lo, v), math.Max(hi, v)
	}
	return axis{lo: math.Floor(lo/step) * step, hi: math.Ceil(hi/step) * step}
}

// liftAxis is the axis of the lift column in percentage points. It
// covers the estimates and intervals of the factors that are neither rare
// nor skewed: a rare factor's interval can span most of ±100 points, and
// a skewed one is often an outcome proxy with a lift near 100; either
// would squeeze every other row into a few cells, so they are clamped and
// their overflow marked.
func liftAxis(fs []analysis.Factor) axis {
	vals := make([]float64, 0, 3*len(fs))
	for _, f := range fs {
		if !slices.Contains(f.Flags, "rare") && !slices.Contains(f.Flags, "skewed") {
			vals = append(vals, f.LiftPP, f.LiftCILow, f.LiftCIHigh)
		}
	}
	if len(vals) == 0 {
		// Every factor is rare: a screen of overflow marks would say
		// nothing, so the axis covers them all.
		for _, f := range fs {
			vals = append(vals, f.LiftPP, f.LiftCILow, f.LiftCIHigh)
		}
	}
	return niceAxis(vals, 5)
}

// z95 is the normal quantile of a two-sided 95% interval.
const z95 = 1.959964

// coefAxis is the axis of the multivariate view: coefficients (log odds)
// with their 95% Wald intervals.
func coefAxis(ms []analysis.ModelFactor) axis {
	vals := make([]float64, 0, 3*len(ms))
	for _, m := range ms {
		vals = append(vals, m.Coef, m.Coef-z95*m.SE, m.Coef+z95*m.SE)
	}
	return niceAxis(vals, 0.5)
}

// pos is the cell of x on an axis drawn over w cells, clamped to it.
func (a axis) pos(x float64, w int) int {
	p := int(math.Round((x - a.lo) / (a.hi - a.lo) * float64(w-1)))
	return max(min(p, w-1), 0)
}

func (a axis) has(x float64) bool { return x >= a.lo && x <= a.hi }

// whisker draws the interval [lo, hi] with its estimate on the axis over
// w cells: 0 is marked │, the interval ─ (┼ where it passes 0) and the
// estimate ●. An interval beyond the axis is clamped and marked ◂ or ▸
// at the edge; an estimate beyond it is not drawn, the mark says where
// it went. Values that are not numbers draw only the zero line.
func whisker(lo, point, hi float64, a axis, w int) string {
	if w <= 0 {
		return ""
	}
	cells := make([]rune, w)
	for i := range cells {
		cells[i] = ' '
	}
	zero := a.pos(0, w)
	cells[zero] = glyphZero
	if math.IsNaN(lo) || math.IsNaN(hi) || math.IsNaN(point) || lo > hi {
		return string(cells)
	}
	from, to := a.pos(math.Max(lo, a.lo), w), a.pos(math.Min(hi, a.hi), w)
	// An interval that clears 0 must not be drawn across it, however the
	// cells round: the drawing and the colour tell the same story.
	if lo > 0 && from <= zero && zero < w-1 {
		from, to = zero+1, max(to, zero+1)
	}
	if hi < 0 && to >= zero && zero > 0 {
		from, to = min(from, zero-1), zero-1
	}
	if hi >= a.lo && lo <= a.hi {
		for i := from; i <= to; i++ {
			cells[i] = glyphWhisker
			if i == zero {
				cells[i] = glyphCross
			}
		}
	}
	if lo < a.lo {
		cells[0] = glyphUnderflow
	}
	if hi > a.hi {
		cells[w-1] = glyphOverflow
	}
	if a.has(point) {
		cells[max(min(a.pos(point, w), to), from)] = glyphPoint
	}
	return string(cells)
}

// scale labels an axis over w cells: its ends and 0, each where it falls,
// left out where it would run into another.
func scale(a axis, w int, label func(float64) string) string {
	cells := make([]rune, w)
	for i := range cells {
		cells[i] = ' '
	}
	used := make([]bool, w)
	put := func(s string, at int) {
		r := []rune(s)
		at = max(min(at, w-len(r)), 0)
		// One blank cell must separate two labels.
		for i := at - 1; i <= at+len(r); i++ {
			if i >= 0 && i < w && used[i] {
				return
			}
		}
		if at+len(r) > w {
			return
		}
		for i, c := range r {
			cells[at+i], used[at+i] = c, true
		}
	}
	put("0", a.pos(0, w))
	put(label(a.lo), 0)
	hl := label(a.hi)
	put(hl, w-len([]rune(hl)))
	return string(cells)
}
