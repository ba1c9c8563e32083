package stats

import "math"

// Z95 is the standard normal quantile for a two-sided 95% interval,
// Φ⁻¹(0.975), to full double precision so that published four-decimal
// figures are reproduced exactly.
const Z95 = 1.959963984540054

// Wilson returns the Wilson score interval for a proportion of successes
// out of n, without continuity correction, at normal quantile z (Z95 for
// 95%). It is preferred over the Wald interval because it stays inside
// [0, 1] and keeps close to nominal coverage for small n and for rates near
// 0 or 1, which is exactly where rare factors and low win rates live.
//
// Edge cases: with n ≤ 0 there is no information and the interval is
// [0, 1]; successes are clamped into [0, n]; a negative z is used as |z|,
// z = 0 gives the point p̂, and a NaN or infinite z gives [0, 1]. With no successes the lower bound
// is exactly 0, and with all successes the upper bound is exactly 1.
func Wilson(successes, n int64, z float64) (lo, hi float64) {
	if n <= 0 || math.IsNaN(z) || math.IsInf(z, 0) {
		return 0, 1
	}
	s := min(max(successes, 0), n)
	z = math.Abs(z)
	nf := float64(n)
	p := float64(s) / nf
	z2 := z * z
	denom := 1 + z2/nf
	center := (p + z2/(2*nf)) / denom
	half := z / denom * math.Sqrt(p*(1-p)/nf+z2/(4*nf*nf))
	lo = max(center-half, 0)
	hi = min(center+half, 1)
	// Rounding can leave a bound a hair away from its exact value at the
	// extremes; the formula gives exactly 0 and 1 there, so say so.
	if s == 0 {
		lo = 0
	}
	if s == n {
		hi = 1
	}
	return lo, hi
}

// Newcombe returns the interval for the difference of two proportions
// p1 − p2 = s1/n1 − s2/n2 by Newcombe's hybrid score method (method 10 of
// Newcombe 1998, Stat Med 17:873), built from the two Wilson intervals
// without continuity correction. It is used for the lift of a factor
// because, unlike the Wald interval, it behaves well when either rate is 0
// or 1 or a group is small.
//
// Edge cases follow Wilson: a group with n ≤ 0 contributes the interval
// [0, 1] around a rate of 0, so the difference interval is wide but finite.
// The result is always inside [−1, 1].
func Newcombe(s1, n1, s2, n2 int64, z float64) (lo, hi float64) {
	p1 := rate(s1, n1)
	p2 := rate(s2, n2)
	l1, u1 := Wilson(s1, n1, z)
	l2, u2 := Wilson(s2, n2, z)
	d := p1 - p2
	lo = d - math.Sqrt((p1-l1)*(p1-l1)+(u2-p2)*(u2-p2))
	hi = d + math.Sqrt((u1-p1)*(u1-p1)+(p2-l2)*(p2-l2))
	return max(lo, -1), min(hi, 1)
}

// rate is successes/n clamped into [0, 1], and 0 when n ≤ 0, so that
// callers never divide by zero.
func rate(successes, n int64) float64 {
	if n <= 0 {
		return 0
	}
	return float64(min(max(successes, 0), n)) / float64(n)
}
