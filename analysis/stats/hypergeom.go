package stats

import "math"

// hyper is the hypergeometric distribution of the top-left cell x of a
// 2×2 table with row totals r1, r2 and first column total c1. It holds the
// arithmetic behind FisherExact, kept apart so that the test's logic reads
// on its own.
type hyper struct {
	r1, r2, c1 float64
	lo, hi     int64 // the support of x
}

func newHyper(r1, r2, c1 int64) hyper {
	return hyper{
		r1: float64(r1), r2: float64(r2), c1: float64(c1),
		lo: max(0, c1-r2), hi: min(r1, c1),
	}
}

// logf is log P(x) up to an additive constant shared by all x:
// −log(x! (r1−x)! (c1−x)! (r2−c1+x)!). Each term comes straight from
// Lgamma, so there is no error accumulated across the support.
func (h hyper) logf(x int64) float64 {
	xf := float64(x)
	g := func(v float64) float64 { l, _ := math.Lgamma(v + 1); return l }
	return -(g(xf) + g(h.r1-xf) + g(h.c1-xf) + g(h.r2-h.c1+xf))
}

// ratio returns P(x+1)/P(x), the step used to walk the support without
// calling Lgamma for every table.
func (h hyper) ratio(x int64) float64 {
	xf := float64(x)
	return (h.r1 - xf) * (h.c1 - xf) / ((xf + 1) * (h.r2 - h.c1 + xf + 1))
}

// mode returns an x of highest probability. The textbook
// ⌊(r1+1)(c1+1)/(n+2)⌋ is computed in float64, so it is nudged to a true
// local maximum; unimodality makes that the global one.
func (h hyper) mode() int64 {
	m := int64(math.Floor((h.r1 + 1) * (h.c1 + 1) / (h.r1 + h.r2 + 2)))
	m = min(max(m, h.lo), h.hi)
	for m < h.hi && h.ratio(m) > 1 {
		m++
	}
	for m > h.lo && h.ratio(m-1) < 1 {
		m--
	}
	return m
}

// lastAtMost returns the largest x in [from, to] with logf(x) ≤ thr, for a
// range where logf does not decrease; ok is false when there is none.
func (h hyper) lastAtMost(thr float64, from, to int64) (x int64, ok bool) {
	if from > to || h.logf(from) > thr {
		return 0, false
	}
	for from < to { // invariant: logf(from) ≤ thr
		mid := from + (to-from+1)/2
		if h.logf(mid) <= thr {
			from = mid
		} else {
			to = mid - 1
		}
	}
	return from, true
}

// firstAtMost returns the smallest x in [from, to] with logf(x) ≤ thr, for
// a range where logf does not increase; ok is false when there is none.
func (h hyper) firstAtMost(thr float64, from, to int64) (x int64, ok bool) {
	if from > to || h.logf(to) > thr {
		return 0, false
	}
	for from < to { // invariant: logf(to) ≤ thr
		mid := from + (to-from)/2
		if h.logf(mid) <= thr {
			to = mid
		} else {
			from = mid + 1
		}
	}
	return to, true
}

// sumFrom returns Σ P(x)/P(ref) for x = start, start+dir, … to the end of
// the support, where ref has log-density lref and every term walked is on
// the falling side of the mode. It stops early once the rest cannot
// matter: past the mode successive ratios only shrink (the distribution is
// log-concave), so the remainder after a term t with ratio ρ < 1 is at
// most t·ρ/(1−ρ), and the walk ends when that is below 10⁻¹⁷ of the sum.
func (h hyper) sumFrom(start int64, dir int64, lref float64) float64 {
	if start < h.lo || start > h.hi {
		return 0
	}
	t := math.Exp(h.logf(start) - lref)
	sum := t
	for x := start; ; x += dir {
		if (dir < 0 && x <= h.lo) || (dir > 0 && x >= h.hi) {
			return sum
		}
		var rho float64
		if dir > 0 {
			rho = h.ratio(x)
		} else {
			rho = 1 / h.ratio(x-1)
		}
		t *= rho
		sum += t
		if t == 0 || (rho < 1 && t*rho/(1-rho) < 1e-17*sum) {
			return sum
		}
	}
}
