// Package numfmt formats figures the way leadlab writes them for people:
// counts with thousands separators, money in whole units, points without
// noise. It imports only the standard library, so the analysis packages,
// the workbench and the commands all write figures with it.
package numfmt

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Count formats an integer with thousands separators (8,000).
func Count(n int64) string {
	s := strconv.FormatInt(n, 10)
	digits := strings.TrimPrefix(s, "-")
	var b strings.Builder
	if n < 0 {
		b.WriteByte('-')
	}
	for i, r := range digits {
		if i > 0 && (len(digits)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// Money formats an amount rounded to whole units ($10,005,534). The data
// carries no currency; the dollar sign is the convention of the public
// datasets leadlab is checked against.
func Money(v float64) string {
	return "$" + Count(int64(math.Round(v)))
}

// Points formats a score or points: whole numbers as such (25, -4), others
// with up to two decimals (12.5, 7.25).
func Points(v float64) string {
	if math.IsInf(v, 0) || math.IsNaN(v) {
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	if v == math.Trunc(v) && math.Abs(v) < 1e15 {
		return strconv.FormatInt(int64(v), 10)
	}
	return strconv.FormatFloat(math.Round(v*100)/100, 'f', -1, 64)
}

// NA is what a figure that cannot be computed reads as on screen (null
// in JSON): a close rate of nobody, a share of no leads.
const NA = "n/a"

// Pct writes a share as a percentage with decimals places, or NA when
// it is nil.
func Pct(v *float64, decimals int) string {
	if v == nil {
		return NA
	}
	return strconv.FormatFloat(100**v, 'f', decimals, 64) + "%"
}

// Num writes an optional number with a fmt verb, or NA when it is nil.
func Num(v *float64, verb string) string {
	if v == nil {
		return NA
	}
	return fmt.Sprintf(verb, *v)
}
