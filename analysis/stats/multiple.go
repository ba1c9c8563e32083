package stats

import (
	"math"
	"sort"
)

// BenjaminiHochberg returns Benjamini–Hochberg q-values for the p-values
// p, in the same order: q(i) = min over j with p(j) ≥ p(i) of
// m·p(j)/rank(j), capped at 1, as R's p.adjust(p, "BH") computes it. The
// correlation table tests hundreds of factors at once, and controlling the
// false discovery rate keeps the "significant" ones from being mostly
// noise without the severity of a Bonferroni correction.
//
// Unlike R, which drops NA values from the count, a NaN p-value is taken
// as 1: a test that could not be computed is counted as tested and found
// nothing, which can only make the other q-values larger, never smaller.
// Values below 0 or above 1 are clamped into [0, 1]. An empty input gives
// an empty, non-nil result.
func BenjaminiHochberg(p []float64) []float64 {
	m := len(p)
	q := make([]float64, m)
	if m == 0 {
		return q
	}
	order := make([]int, m)
	clean := make([]float64, m)
	for i, v := range p {
		order[i] = i
		switch {
		case math.IsNaN(v) || v > 1:
			v = 1
		case v < 0:
			v = 0
		}
		clean[i] = v
	}
	// Ties may be ranked either way: the running minimum from the top
	// gives tied p-values the same q-value whatever their order.
	sort.SliceStable(order, func(x, y int) bool { return clean[order[x]] < clean[order[y]] })
	running := 1.0
	for rank := m; rank >= 1; rank-- {
		i := order[rank-1]
		running = min(running, float64(m)*clean[i]/float64(rank))
		q[i] = running
	}
	return q
}
