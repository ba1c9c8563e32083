package stats

import (
	"math"
	"math/bits"
)

// The 2×2 functions in this package share one layout: [[a b] [c d]], rows
// are "has the factor" / "does not have it" and columns are "won" /
// "not won", though nothing depends on that reading. Negative cells are
// treated as an invalid table and give the "no association" value of each
// function, because a count can never be negative and a table with one is
// a caller's bug that should not look significant.

// validCells reports whether all four cells are non-negative.
func validCells(a, b, c, d int64) bool {
	return a >= 0 && b >= 0 && c >= 0 && d >= 0
}

// det returns ad − bc as a float64. The products are formed exactly in 128
// bits, because with a million leads ad and bc are near 10¹¹ each and
// their difference is where all the signal is; only the final conversion
// rounds. Cells must be non-negative.
func det(a, b, c, d int64) float64 {
	adHi, adLo := bits.Mul64(uint64(a), uint64(d))
	bcHi, bcLo := bits.Mul64(uint64(b), uint64(c))
	sign := 1.0
	if adHi < bcHi || (adHi == bcHi && adLo < bcLo) {
		adHi, adLo, bcHi, bcLo = bcHi, bcLo, adHi, adLo
		sign = -1
	}
	lo, borrow := bits.Sub64(adLo, bcLo, 0)
	hi, _ := bits.Sub64(adHi, bcHi, borrow)
	return sign * (float64(hi)*0x1p64 + float64(lo))
}

// Phi returns the phi coefficient of the 2×2 table [[a b] [c d]]:
// (ad − bc) / sqrt((a+b)(c+d)(a+c)(b+d)), a correlation between −1 and 1.
// When any margin is 0 the association is undefined — a factor everyone
// or no one has, or an outcome everyone or no one reached — and Phi
// returns 0. It also returns 0 for a table with a negative cell.
func Phi(a, b, c, d int64) float64 {
	if !validCells(a, b, c, d) {
		return 0
	}
	// Margins are summed in float64 so that even absurdly large cells
	// cannot overflow an int64.
	r1, r2 := float64(a)+float64(b), float64(c)+float64(d)
	c1, c2 := float64(a)+float64(c), float64(b)+float64(d)
	if r1 == 0 || r2 == 0 || c1 == 0 || c2 == 0 {
		return 0
	}
	// Taking the square roots one by one keeps the denominator finite
	// where the product of four margins would overflow.
	phi := det(a, b, c, d) / (math.Sqrt(r1) * math.Sqrt(r2) * math.Sqrt(c1) * math.Sqrt(c2))
	return min(max(phi, -1), 1)
}

// ChiSquare2x2 returns Pearson's chi-square statistic for the 2×2 table
// [[a b] [c d]] without continuity correction, and its p-value from the
// upper tail of the chi-square distribution with one degree of freedom,
// erfc(sqrt(stat/2)). The statistic is computed as n·phi², which is the
// same quantity with no overflow for large tables.
//
// When any margin is 0 (or a cell is negative) there is nothing to test:
// the statistic is 0 and the p-value 1.
func ChiSquare2x2(a, b, c, d int64) (stat, p float64) {
	if !validCells(a, b, c, d) {
		return 0, 1
	}
	phi := Phi(a, b, c, d)
	n := float64(a) + float64(b) + float64(c) + float64(d)
	stat = n * phi * phi
	return stat, math.Erfc(math.Sqrt(stat / 2))
}

// OddsRatioPlusOne returns the odds ratio of winning with a factor versus
// without it, with one added to each cell, as docs/statistics.md defines it:
// ((s+1)(F−f+1)) / ((S−s+1)(f+1)), where s and f are the won and not-won
// leads with the factor and S and F all won and not-won leads. Adding one
// keeps the ratio finite and shrinks it towards 1 for small counts, so a
// factor seen on two leads that both won does not show an infinite ratio.
//
// Counts are clamped so that the ratio is always finite and positive:
// S and F to at least 0, s into [0, S] and f into [0, F].
func OddsRatioPlusOne(s, f, S, F int64) float64 {
	S, F = max(S, 0), max(F, 0)
	s, f = min(max(s, 0), S), min(max(f, 0), F)
	// Float arithmetic: the products of counts near a million would still
	// fit an int64, but floats make overflow impossible for any input.
	num := (float64(s) + 1) * (float64(F-f) + 1)
	den := (float64(S-s) + 1) * (float64(f) + 1)
	return num / den
}
