package stats

import "math"

// fisherMaxTotal is the largest table total for which TwoByTwoP uses
// Fisher's exact test. The exact test costs little more than O(√n) here,
// so the limit is about precision, not time: log-densities are built from
// math.Lgamma of numbers up to the total, whose rounding error grows with
// the total, and up to 10⁷ it stays below about 10⁻⁸ — well inside the
// 10⁻⁷ tolerance that decides which tables tie with the observed one. Past
// that the chi-square approximation is excellent anyway.
const fisherMaxTotal = 10_000_000

// fisherRelErr is R's tolerance for tables "as likely as" the observed
// one: a table counts towards the p-value when its probability is at most
// the observed probability times (1 + 10⁻⁷), so that ties broken only by
// rounding are still counted.
const fisherRelErr = 1 + 1e-7

// TwoByTwoP returns a two-sided p-value for the 2×2 table [[a b] [c d]]
// and the method used: "fisher" (FisherExact) when the total is at most
// 10⁷ leads, "chi2" (ChiSquare2x2) above that, where the chi-square
// approximation is excellent and Fisher's log-gamma arithmetic starts to
// lose the precision its tie rule needs.
func TwoByTwoP(a, b, c, d int64) (p float64, method string) {
	if validCells(a, b, c, d) && float64(a)+float64(b)+float64(c)+float64(d) > fisherMaxTotal {
		_, p = ChiSquare2x2(a, b, c, d)
		return p, "chi2"
	}
	return FisherExact(a, b, c, d), "fisher"
}

// FisherExact returns the two-sided p-value of Fisher's exact test for the
// 2×2 table [[a b] [c d]], with R's definition: the total probability,
// under the hypergeometric distribution with the observed margins, of all
// tables no more likely than the observed one (within a relative 10⁻⁷).
//
// It works on log-densities from math.Lgamma and never enumerates the
// whole support: the hypergeometric is unimodal, so the tables counted
// form two tails, whose edges are found by binary search and whose sums,
// like the normalising sum around the mode, stop once the remaining terms
// cannot change the result. The cost is O(log n + √n) for any table, so a
// million leads are no trouble.
//
// A table with a zero margin has a single possible arrangement and gets
// p = 1, as does a table with a negative cell. Tables with cells above
// 2⁵² cannot be represented exactly in float64 and get the chi-square
// p-value instead. A p-value below about 10⁻³⁰⁸ underflows to 0.
func FisherExact(a, b, c, d int64) float64 {
	if !validCells(a, b, c, d) {
		return 1
	}
	const exact = 1 << 52
	if a > exact || b > exact || c > exact || d > exact {
		_, p := ChiSquare2x2(a, b, c, d)
		return p
	}
	h := newHyper(a+b, c+d, a+c)
	if h.lo == h.hi {
		return 1
	}
	thr := h.logf(a) + math.Log(fisherRelErr)
	m := h.mode()
	lm := h.logf(m)
	if lm <= thr {
		// The observed table is as likely as the most likely one, so every
		// table counts.
		return 1
	}

	// Below the mode log f rises with x, above it log f falls; the tables
	// counted are x ≤ left and x ≥ right.
	var tails float64
	if left, ok := h.lastAtMost(thr, h.lo, m-1); ok {
		tails += h.sumFrom(left, -1, lm)
	}
	if right, ok := h.firstAtMost(thr, m+1, h.hi); ok {
		tails += h.sumFrom(right, +1, lm)
	}
	total := 1 + h.sumFrom(m-1, -1, lm) + h.sumFrom(m+1, +1, lm)
	return min(max(tails/total, 0), 1)
}
