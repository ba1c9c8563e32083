package scoring

import (
	"fmt"
	"math"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/leadlab/leadlab/internal/numfmt"
	"github.com/leadlab/leadlab/tui/theme"
)

// bin is a range of whole scores, From to To, and the settled leads whose
// score falls in it.
type bin struct {
	From, To  int
	Won, Lost int64
}

// lead is what the histogram needs of lead i: its score, whether it is
// settled (won or not won; a maturing lead is left out) and whether won.
type lead func(i int) (score float64, settled, won bool)

// histogram bins the settled leads' scores, each by its floor (a decayed
// score is fractional: 7.6 counts in 7), into at most maxBins bins of
// one round whole width (1, 2, 5, 10, 20, 50 …) that together cover every
// score from the lowest to the highest. When the cutoff is whole, a bin
// starts at it, so the bins above the cutoff hold exactly the ready
// leads. The bins come highest first; none when no lead is settled.
func histogram(n int, at lead, cutoff float64, maxBins int) []bin {
	lo, hi := math.MaxInt, math.MinInt
	for i := range n {
		if s, settled, _ := at(i); settled {
			f := int(math.Floor(s))
			lo, hi = min(lo, f), max(hi, f)
		}
	}
	if lo > hi {
		return nil
	}
	anchor := 0
	if cutoff == math.Trunc(cutoff) && math.Abs(cutoff) < 1e9 {
		anchor = int(cutoff)
	}
	// Once a bin is as wide as the range, there are two bins at most (one
	// each side of the cutoff): no wider one can do better.
	maxBins = max(maxBins, 2)
	width := 1
	for k := 0; floorDiv(hi-anchor, width)-floorDiv(lo-anchor, width)+1 > maxBins && width <= hi-lo; k++ {
		width = roundWidth(k)
	}
	first := floorDiv(lo-anchor, width)
	bins := make([]bin, floorDiv(hi-anchor, width)-first+1)
	for k := range bins {
		from := anchor + (first+k)*width
		bins[k] = bin{From: from, To: from + width - 1}
	}
	for i := range n {
		s, settled, won := at(i)
		if !settled {
			continue
		}
		b := &bins[floorDiv(int(math.Floor(s))-anchor, width)-first]
		if won {
			b.Won++
		} else {
			b.Lost++
		}
	}
	for i, j := 0, len(bins)-1; i < j; i, j = i+1, j-1 {
		bins[i], bins[j] = bins[j], bins[i]
	}
	return bins
}

// roundWidth is the k-th round bin width after 1: 2, 5, 10, 20, 50, 100 …
func roundWidth(k int) int {
	w := []int{2, 5, 10}[k%3]
	for range k / 3 {
		w *= 10
	}
	return w
}

// floorDiv is a / b rounded down, for negative scores too.
func floorDiv(a, b int) int {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

// label names a bin: one score, or its first and last.
func (b bin) label() string {
	if b.From == b.To {
		return fmt.Sprint(b.From)
	}
	return fmt.Sprintf("%d–%d", b.From, b.To)
}

// scale is how the histogram's bars are drawn.
type scale int

const (
	// shareScale draws each bin as its share of its outcome's leads, so
	// that the few won leads are seen beside the many not won; one scale
	// for both, so their shapes compare.
	shareScale scale = iota
	// logScale draws the logarithm of the count, so that a bin of three
	// leads is seen beside one of thousands.
	logScale
)

// next is the other scale, for the key that switches.
func (sc scale) next() scale { return 1 - sc }

func (sc scale) String() string {
	if sc == logScale {
		return "log of the count"
	}
	return "share of each outcome"
}

// bars are the lengths, in cells of at most width, of a bin's won and
// not-won bars under the scale; nWon and nLost are the totals.
func (sc scale) bars(bins []bin, nWon, nLost int64, width int) (won, lost []int) {
	v := func(n, of int64) float64 {
		switch {
		case n == 0 || of == 0:
			return 0
		case sc == logScale:
			return math.Log1p(float64(n))
		}
		return float64(n) / float64(of)
	}
	top := 0.0
	for _, b := range bins {
		top = math.Max(top, math.Max(v(b.Won, nWon), v(b.Lost, nLost)))
	}
	cells := func(n, of int64) int {
		if top == 0 || n == 0 {
			return 0
		}
		// A bin with any lead shows at least a sliver.
		return max(int(math.Round(v(n, of)/top*float64(width))), 1)
	}
	won, lost = make([]int, len(bins)), make([]int, len(bins))
	for k, b := range bins {
		won[k], lost[k] = cells(b.Won, nWon), cells(b.Lost, nLost)
	}
	return won, lost
}

// histLines draws the bins, highest first, within width cells: label,
// the won bar and count, the not-won bar and count; a rule across where
// the cutoff falls between bins, or ▶ on the bin that holds it.
func histLines(bins []bin, cutoff float64, sc scale, width int, s theme.Styles) []string {
	var nWon, nLost int64
	labelW, wonW, lostW := 1, 1, 1
	for _, b := range bins {
		nWon += b.Won
		nLost += b.Lost
		labelW = max(labelW, ansi.StringWidth(b.label()))
		wonW = max(wonW, len(numfmt.Count(b.Won)))
		lostW = max(lostW, len(numfmt.Count(b.Lost)))
	}
	// "▶ label  bar count  bar count"
	barW := max((width-labelW-wonW-lostW-7)/2, 3)
	won, lost := sc.bars(bins, nWon, nLost, barW)
	var out []string
	rule := func() {
		line := fmt.Sprintf("%s cutoff %s: ready above ", strings.Repeat("─", labelW+1), numfmt.Points(cutoff))
		out = append(out, s.Heading.Render(line+strings.Repeat("─", max(width-ansi.StringWidth(line), 0))))
	}
	// A cutoff inside a bin (a fractional cutoff, or whole bins wider than
	// one) has no place for a rule: ▶ marks its bin instead.
	ruled := false
	for _, b := range bins {
		if float64(b.From) < cutoff && cutoff < float64(b.To+1) {
			ruled = true
		}
	}
	for k, b := range bins {
		holds := float64(b.From) <= cutoff && cutoff < float64(b.To+1)
		if !ruled && cutoff > float64(b.To) {
			rule() // the cutoff lies above this bin: every bin before it is ready
			ruled = true
		}
		mark := "  "
		if holds && float64(b.From) != cutoff {
			mark = s.Heading.Render("▶ ")
		}
		count := func(n int64, w int) string {
			c := fmt.Sprintf("%*s", w, numfmt.Count(n))
			if n == 0 {
				return s.Muted.Render(c)
			}
			return c
		}
		label := strings.Repeat(" ", labelW-ansi.StringWidth(b.label())) + b.label()
		out = append(out, fmt.Sprintf("%s%s %s%s %s  %s%s %s", mark, label,
			s.BarAlt.Render(strings.Repeat("█", won[k])), strings.Repeat(" ", barW-won[k]), count(b.Won, wonW),
			s.Bar.Render(strings.Repeat("█", lost[k])), strings.Repeat(" ", barW-lost[k]), count(b.Lost, lostW)))
		if holds && float64(b.From) == cutoff {
			rule() // the cutoff starts this bin: it and those above are ready
			ruled = true
		}
	}
	if !ruled {
		rule() // the cutoff is below every score: every lead is ready
	}
	return out
}
