package campaigns

import (
	"math"
	"strconv"
	"strings"

	"charm.land/lipgloss/v2"

	"github.com/leadlab/leadlab/tui/theme"
)

// The glyphs of a whisker bar. Zero is the only one not drawn in the
// interval's tone: it is the reference every interval is read against.
const (
	glyphZero  = '│'
	glyphCross = '┼' // the whisker passing over zero
	glyphLine  = '─'
	glyphPoint = '●'
	glyphLeft  = '◂' // the interval goes on past the left end of the axis
	glyphRight = '▸' // … past the right end
)

// axis is the span, in percentage points, that every whisker of one
// section is drawn on, so their lengths and positions compare.
type axis struct{ lo, hi float64 }

// maxPoints bounds the axis: a difference of two proportions never passes
// ±100 points.
const maxPoints = 100

// newAxis spans 0 and every finite value, each end rounded out to 1, 2 or
// 5 times a power of ten so that its labels read as round numbers.
func newAxis(vals ...float64) axis {
	var a axis
	for _, v := range vals {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			continue
		}
		a.lo, a.hi = min(a.lo, v), max(a.hi, v)
	}
	a.lo = -min(roundUp(-a.lo), maxPoints)
	a.hi = min(roundUp(a.hi), maxPoints)
	if a.hi == a.lo {
		a.hi = 1 // nothing but zeros: any span draws them
	}
	return a
}

// roundUp is the smallest 1, 2 or 5 × 10^k at or above v, and 0 for v ≤ 0.
func roundUp(v float64) float64 {
	if v <= 0 {
		return 0
	}
	p := math.Pow(10, math.Floor(math.Log10(v)))
	for _, m := range []float64{1, 2, 5} {
		// The tolerance keeps 20 at 20 when Log10 rounds down a hair.
		if m*p >= v*(1-1e-9) {
			return m * p
		}
	}
	return 10 * p
}

// cell is the column of v on an axis w cells wide, unclamped.
func (a axis) cell(v float64, w int) int {
	return int(math.Round((v - a.lo) / (a.hi - a.lo) * float64(w-1)))
}

// zero is the column of 0, or -1 when the axis does not hold it.
func (a axis) zero(w int) int {
	if a.lo > 0 || a.hi < 0 {
		return -1
	}
	return a.cell(0, w)
}

// drawWhisker lays the interval [lo, hi] around its point p on w cells of
// the axis: │ at zero, ─ for the interval, ● at the point. An interval
// that runs past an end is cut there and marked ◂ or ▸, which also stands
// for a point beyond the end. An interval that clears zero is kept off
// the zero column even when rounding would put it there, so "clears
// zero" is never drawn as touching it. Non-finite bounds draw only zero.
func drawWhisker(a axis, lo, p, hi float64, w int) []rune {
	if w <= 0 {
		return nil
	}
	out := []rune(strings.Repeat(" ", w))
	z := a.zero(w)
	if z >= 0 {
		out[z] = glyphZero
	}
	if !finite(lo) || !finite(p) || !finite(hi) || lo > hi {
		return out
	}
	clamp := func(x int) int { return min(max(x, 0), w-1) }
	xlo, xp, xhi := clamp(a.cell(lo, w)), clamp(a.cell(p, w)), clamp(a.cell(hi, w))
	switch {
	case z >= 0 && lo > 0 && z+1 < w:
		xlo, xp, xhi = max(xlo, z+1), max(xp, z+1), max(xhi, z+1)
	case z >= 0 && hi < 0 && z > 0:
		xlo, xp, xhi = min(xlo, z-1), min(xp, z-1), min(xhi, z-1)
	}
	for x := xlo; x <= xhi; x++ {
		out[x] = glyphLine
		if x == z {
			out[x] = glyphCross
		}
	}
	out[xp] = glyphPoint
	if lo < a.lo {
		out[0] = glyphLeft
	}
	if hi > a.hi {
		out[w-1] = glyphRight
	}
	return out
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// tone is what an interval says about zero.
type tone int

const (
	crosses tone = iota // zero is inside: no clear difference
	above               // the whole interval is above zero
	below               // the whole interval is below zero
)

func toneOf(lo, hi float64) tone {
	switch {
	case lo > 0:
		return above
	case hi < 0:
		return below
	}
	return crosses
}

// style is the tone's colour: good above zero, bad below, muted across.
func (t tone) style(s theme.Styles) lipgloss.Style {
	switch t {
	case above:
		return s.Good
	case below:
		return s.Bad
	}
	return s.Muted
}

// renderWhisker styles drawn glyphs: the zero mark muted, the interval in
// ink, spaces in plain; with sel, all of it on the selection's background.
func renderWhisker(glyphs []rune, ink lipgloss.Style, s theme.Styles, sel bool) string {
	var b strings.Builder
	for i := 0; i < len(glyphs); {
		class := glyphClass(glyphs[i])
		j := i + 1
		for j < len(glyphs) && glyphClass(glyphs[j]) == class {
			j++
		}
		st := lipgloss.NewStyle()
		switch class {
		case 1:
			st = s.Muted
		case 2:
			st = ink
		}
		b.WriteString(onSel(st, s, sel).Render(string(glyphs[i:j])))
		i = j
	}
	return b.String()
}

// glyphClass groups glyphs by style: 0 blank, 1 the zero mark, 2 ink.
func glyphClass(r rune) int {
	switch r {
	case ' ':
		return 0
	case glyphZero:
		return 1
	}
	return 2
}

// onSel puts st on the selection's background when sel is set, keeping
// its own colour.
func onSel(st lipgloss.Style, s theme.Styles, sel bool) lipgloss.Style {
	if sel {
		return st.Inherit(s.Selected)
	}
	return st
}

// axisLabels writes the axis's ends over a w-cell whisker column, and 0
// at its column when it fits between them with a space either side.
func axisLabels(a axis, w int) string {
	l, r := label(a.lo), label(a.hi)
	if len(l)+1+len(r) > w {
		return strings.Repeat(" ", max(w, 0))
	}
	out := []rune(strings.Repeat(" ", w))
	copy(out, []rune(l))
	copy(out[w-len(r):], []rune(r))
	if z := a.zero(w); a.lo < 0 && z > len(l) && z < w-len(r)-1 {
		out[z] = '0'
	}
	return string(out)
}

// label writes an axis end in points: 0, or signed (-5, +100).
func label(v float64) string {
	if v == 0 {
		return "0"
	}
	s := strconv.FormatFloat(v, 'g', -1, 64)
	if v > 0 {
		s = "+" + s
	}
	return s
}
