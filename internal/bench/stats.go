package bench

import (
	"math"
	"slices"
)

// spread is the median, fastest and slowest of a step's timed runs, in
// seconds.
type spread struct{ median, min, max float64 }

// spreadOf summarises runs; the median of an even number of runs is the
// mean of the middle two.
func spreadOf(secs []float64) spread {
	if len(secs) == 0 {
		return spread{}
	}
	s := slices.Sorted(slices.Values(secs))
	n := len(s)
	med := s[n/2]
	if n%2 == 0 {
		med = (s[n/2-1] + s[n/2]) / 2
	}
	return spread{median: med, min: s[0], max: s[n-1]}
}

// percentile is the q-th quantile of runs by the nearest rank: the
// smallest run at or above which a share q of the runs lie.
func percentile(secs []float64, q float64) float64 {
	if len(secs) == 0 {
		return 0
	}
	s := slices.Sorted(slices.Values(secs))
	k := int(math.Ceil(q*float64(len(s)))) - 1
	return s[min(max(k, 0), len(s)-1)]
}

// ratioTo is x as a multiple of its floor; 0 when there is no floor to
// divide by.
func ratioTo(x, floor float64) float64 {
	if floor <= 0 {
		return 0
	}
	return x / floor
}

// nlognGrowth is how much a cost proportional to n log n grows from n1 to
// n2: the most any step may grow between two sizes (issue 7's bound).
func nlognGrowth(n1, n2 int) float64 {
	if n1 < 2 || n2 < 2 {
		return math.Inf(1)
	}
	a, b := float64(n1), float64(n2)
	return b * math.Log(b) / (a * math.Log(a))
}
