package scoring

import (
	"cmp"
	"math"
	"slices"
	"sort"

	"github.com/leadlab/leadlab/analysis/stats"
)

// The sweep as it was computed before counting replaced sorting, kept as
// the oracle the counting sweep is checked against (sweepcount_test.go):
// every settled score sorted, every cutoff's figures read off the sorted
// lists, each breakpoint placed among the cutoffs by binary search.

type ranked struct {
	score float64
	i     int32
}

// sweepOverSorted is SweepOver computed the old way.
func (d *Data) sweepOverSorted(cfg Config, s *Scores, subset []bool) Sweep {
	v := d.sweepView(s, subset)
	sw, settled, cuts := sweepUnitsSorted(v, cfg)
	d.medianDaysSorted(s, settled, cuts, sw.Rows)
	return sw
}

// sweepUnitsSorted is the sweep over any units. It returns the settled units by
// score, highest first, and the cutoffs, for the median days.
func sweepUnitsSorted(v unitView, cfg Config) (Sweep, []ranked, []float64) {
	var settled []ranked
	all := slices.Clone(v.score)
	var fits []float64
	for i, c := range v.counted {
		if c {
			settled = append(settled, ranked{v.score[i], int32(i)})
			fits = append(fits, v.fit[i])
		}
	}
	slices.SortFunc(settled, func(a, b ranked) int { return cmp.Compare(b.score, a.score) })
	slices.Sort(all)
	slices.Sort(fits)
	sw := Sweep{Leads: int64(len(settled)), Capacity: cfg.Capacity.PerDay(), Days: v.days}
	for _, r := range settled {
		if v.won[r.i] {
			sw.Won++
		}
	}
	cuts := candidateCutoffsSorted(settled)
	sw.Rows = make([]SweepRow, len(cuts))
	var ready, won, bad int64
	p := 0
	for k, c := range cuts {
		for p < len(settled) && settled[p].score >= c {
			i := settled[p].i
			if v.won[i] {
				won++
			}
			if v.fit[i] < cfg.GoodFit && v.pain[i] < cfg.HighPain {
				bad++
			}
			ready++
			p++
		}
		row := SweepRow{Cutoff: c, Leads: ready, Won: won}
		row.Share = ratio(ready, sw.Leads)
		row.CloseRate = ratio(won, ready)
		row.CILow, row.CIHigh = stats.Wilson(won, ready, stats.Z95)
		row.Recall = ratio(won, sw.Won)
		if !v.noPain {
			b := ratio(bad, ready)
			row.BadFitLowPainShare = &b
		}
		row.FitOnlyShare = ratio(int64(len(fits)-sort.SearchFloat64s(fits, c)), sw.Leads)
		if sw.Days > 0 {
			pd := float64(len(all)-sort.SearchFloat64s(all, c)) / sw.Days
			row.PerDay = &pd
		}
		sw.Rows[k] = row
	}
	return sw, settled, cuts
}

// candidateCutoffsSorted are the distinct settled scores, highest first, or a
// grid of them when there are too many.
func candidateCutoffsSorted(settled []ranked) []float64 {
	var cuts []float64
	for k, r := range settled {
		if k == 0 || r.score != settled[k-1].score {
			cuts = append(cuts, r.score)
		}
	}
	if len(cuts) <= maxRows {
		return cuts
	}
	grid := make([]float64, 0, gridRows)
	for g := range gridRows {
		v := settled[g*len(settled)/gridRows].score
		if len(grid) == 0 || v < grid[len(grid)-1] {
			grid = append(grid, v)
		}
	}
	return grid
}

// medianDaysSorted fills each row's median days to reach its cutoff. For every
// settled lead, each step up of its best score so far covers a range of
// cutoffs, all first reached at that step's day; the lead adds that day to
// those rows (up to its final score, below which it is ready). Counting
// into per-row day histograms with a difference array over rows makes
// this one pass over the breakpoints.
func (d *Data) medianDaysSorted(s *Scores, settled []ranked, cuts []float64, rows []SweepRow) {
	if len(cuts) == 0 {
		return
	}
	const buckets = maxDays*bucketsPerDay + 1
	R := len(cuts)
	diff := make([]int32, (R+1)*buckets)
	// first row (cuts descending) whose cutoff is at most v
	firstAtMost := func(v float64) int {
		return sort.Search(R, func(r int) bool { return cuts[r] <= v })
	}
	counted := false
	for _, rk := range settled {
		i := rk.i
		if d.Leads.Created[i] == NoTime {
			continue
		}
		final := rk.score
		prev := math.Inf(-1)
		days, scores := s.bpDays[s.bpStart[i]:s.bpStart[i+1]], s.bpScore[s.bpStart[i]:s.bpStart[i+1]]
		if len(scores) == 0 {
			// the breakpoint not kept: the fit at first touch
			days, scores = []float32{0}, []float64{s.Fit[i]}
		}
		for b := range scores {
			hi := min(scores[b], final)
			if hi > prev {
				// rows with prev < cutoff <= hi
				r0 := firstAtMost(hi)
				r1 := firstAtMost(prev) // first row at or below prev: excluded
				if r0 < r1 {
					day := float64(days[b])
					bk := buckets - 1
					if !math.IsNaN(day) && day < maxDays {
						bk = int(day * bucketsPerDay)
					}
					diff[r0*buckets+bk]++
					diff[r1*buckets+bk]--
					counted = true
				}
			}
			prev = max(prev, scores[b])
			if prev >= final {
				break
			}
		}
	}
	if !counted {
		return
	}
	mediansFromDiff(rows, diff, buckets)
}
