package scoring

import (
	"math"
	"slices"
)

// An edit in the workbench re-scores a million leads and sweeps every
// cutoff within a frame, so the sweep counts instead of sorting. Scores
// are sums of whole points, a few hundred distinct values, but decay
// makes them fractional, nearly one value per lead; both are handled
// exactly by binning the scores between the lowest and the highest: a bin
// holding one distinct score is that score, and only a bin holding
// several that a cutoff falls in is sorted.

// scoreBins is how many bins the settled scores are counted in: enough
// that whole-point scores get a bin each and fractional ones a few dozen
// leads a bin at a million leads, few enough that the counts stay in the
// processor's cache.
const scoreBins = 1 << 14

// binner maps a score to one of n bins between lo and hi, in order: a
// higher score never lands in a lower bin. Scores outside the range are
// put in the first or the last bin, so every comparison that decides a
// figure is made on the scores themselves, never on their bins.
type binner struct {
	lo, scale float64
	n         int
}

func newBinner(lo, hi float64, n int) binner {
	h := binner{lo: lo, n: n}
	if hi > lo {
		h.scale = float64(n-1) / (hi - lo)
	}
	return h
}

func (h binner) bin(v float64) int {
	f := (v - h.lo) * h.scale
	switch {
	case !(f > 0): // below the range, or no range at all
		return 0
	case f >= float64(h.n-1):
		return h.n - 1
	}
	return int(f)
}

// candidateCutoffs are the distinct settled scores, highest first, or,
// when there are more than maxRows, the scores at gridRows evenly spaced
// ranks of the settled scores sorted highest first (each once).
func candidateCutoffs(score []float64, counted []bool) []float64 {
	// Each span of units finds its range and then counts its bins,
	// added up after.
	sp := spans(len(score))
	type rangeOf struct {
		n      int
		lo, hi float64
	}
	ranges := make([]rangeOf, len(sp))
	eachSpan(sp, func(c int, x span) {
		var r rangeOf
		for i := x.lo; i < x.hi; i++ {
			if !counted[i] {
				continue
			}
			if v := score[i]; r.n == 0 {
				r.lo, r.hi = v, v
			} else {
				r.lo, r.hi = min(r.lo, v), max(r.hi, v)
			}
			r.n++
		}
		ranges[c] = r
	})
	var all rangeOf
	for _, r := range ranges {
		switch {
		case r.n == 0:
		case all.n == 0:
			all = r
		default:
			all = rangeOf{all.n + r.n, min(all.lo, r.lo), max(all.hi, r.hi)}
		}
	}
	n := all.n
	if n == 0 {
		return nil
	}
	h := newBinner(all.lo, all.hi, scoreBins)
	parts := make([]sortedBins, len(sp))
	eachSpan(sp, func(c int, x span) {
		count := make([]int32, h.n)
		first := make([]float64, h.n) // the first score seen in each bin
		mixed := make([]bool, h.n)    // the bin holds more than one distinct score
		for i := x.lo; i < x.hi; i++ {
			if !counted[i] {
				continue
			}
			v := score[i]
			b := h.bin(v)
			if count[b] == 0 {
				first[b] = v
			} else if v != first[b] {
				mixed[b] = true
			}
			count[b]++
		}
		parts[c] = sortedBins{h: h, count: count, first: first, mixed: mixed}
	})
	bins := parts[0]
	for _, p := range parts[1:] {
		bins.merge(p)
	}
	count, mixed := bins.count, bins.mixed
	// At least one distinct score a bin, two a mixed bin: when that is
	// already too many, only the bins the grid's ranks fall in are read.
	least := 0
	for b, c := range count {
		if c > 0 {
			least++
			if mixed[b] {
				least++
			}
		}
	}
	if least <= maxRows {
		bins.read(score, counted, mixed)
		if cuts := bins.distinct(); len(cuts) <= maxRows {
			return cuts
		}
	} else {
		need := make([]bool, h.n)
		bins.walkRanks(n, func(b, _ int) { need[b] = mixed[b] })
		bins.read(score, counted, need)
	}
	grid := make([]float64, 0, gridRows)
	bins.walkRanks(n, func(b, k int) {
		if v := bins.at(b, k); len(grid) == 0 || v < grid[len(grid)-1] {
			grid = append(grid, v)
		}
	})
	return grid
}

// sortedBins are the settled scores counted by bin, with the scores of
// some mixed bins read and sorted.
type sortedBins struct {
	h     binner
	count []int32
	first []float64
	mixed []bool
	start []int32   // where each read bin's scores begin in scores
	sc    []float64 // the read bins' scores, each bin's ascending
}

// merge adds another span's counts to s.
func (s *sortedBins) merge(p sortedBins) {
	for b, c := range p.count {
		switch {
		case c == 0:
		case s.count[b] == 0:
			s.first[b], s.mixed[b] = p.first[b], p.mixed[b]
		default:
			s.mixed[b] = s.mixed[b] || p.mixed[b] || p.first[b] != s.first[b]
		}
		s.count[b] += c
	}
}

// read gathers the scores of the bins marked in need and sorts each bin.
func (s *sortedBins) read(score []float64, counted []bool, need []bool) {
	s.start = make([]int32, s.h.n+1)
	var total int32
	for b := range s.h.n {
		s.start[b] = total
		if need[b] {
			total += s.count[b]
		}
	}
	s.start[s.h.n] = total
	if total == 0 {
		return
	}
	s.sc = make([]float64, total)
	next := slices.Clone(s.start)
	for i, c := range counted {
		if !c {
			continue
		}
		if b := s.h.bin(score[i]); need[b] {
			s.sc[next[b]] = score[i]
			next[b]++
		}
	}
	for b := range s.h.n {
		if need[b] {
			slices.Sort(s.sc[s.start[b]:s.start[b+1]])
		}
	}
}

// distinct is every distinct score, highest first; every mixed bin must
// have been read.
func (s *sortedBins) distinct() []float64 {
	var out []float64
	for b := s.h.n - 1; b >= 0; b-- {
		switch {
		case s.count[b] == 0:
		case !s.mixed[b]:
			out = append(out, s.first[b])
		default:
			seg := s.sc[s.start[b]:s.start[b+1]]
			for j := len(seg) - 1; j >= 0; j-- {
				if j == len(seg)-1 || seg[j] != seg[j+1] {
					out = append(out, seg[j])
				}
			}
		}
	}
	return out
}

// walkRanks calls f with the bin of each grid rank, highest score first,
// and the rank within that bin counted from its highest score.
func (s *sortedBins) walkRanks(n int, f func(b, k int)) {
	b, above := s.h.n-1, 0
	for g := range gridRows {
		k := g * n / gridRows
		for above+int(s.count[b]) <= k {
			above += int(s.count[b])
			b--
		}
		f(b, k-above)
	}
}

// at is the k-th highest score in bin b.
func (s *sortedBins) at(b, k int) float64 {
	if !s.mixed[b] {
		return s.first[b]
	}
	return s.sc[s.start[b+1]-1-int32(k)]
}

// cutIndex places a score among the sweep's cutoffs (highest first): the
// first row whose cutoff it reaches, which is the number of cutoffs above
// it. The cutoffs are binned as scores are; a score is compared only with
// the cutoffs in its own bin, those in higher bins all being above it.
//
// When every cutoff is a whole number, as under a model in whole points,
// the cutoffs above a score are those above its floor, so a table by
// whole score gives the row at once, without the comparisons, whose
// outcome the processor cannot foresee.
type cutIndex struct {
	cuts []float64
	h    binner
	upTo []int32 // cutoffs in bin b or higher; upTo[n] is 0

	wholeLo float64 // the lowest cutoff, when every cutoff is whole
	whole   []int32 // the row of whole score wholeLo + k; nil when not every cutoff is whole
	wholeN  float64 // len(whole)
}

// maxWholeRange bounds the whole scores the table covers.
const maxWholeRange = 1 << 16

func newCutIndex(cuts []float64) cutIndex {
	x := cutIndex{cuts: cuts, h: binner{n: 1}}
	if len(cuts) > 0 {
		x.h = newBinner(cuts[len(cuts)-1], cuts[0], 8*len(cuts)+1)
	}
	x.upTo = make([]int32, x.h.n+1)
	for _, c := range cuts {
		x.upTo[x.h.bin(c)]++
	}
	for b := x.h.n - 1; b >= 0; b-- {
		x.upTo[b] += x.upTo[b+1]
	}
	if len(cuts) == 0 || !(cuts[0]-cuts[len(cuts)-1] < maxWholeRange) {
		return x
	}
	for _, c := range cuts {
		if c != math.Trunc(c) {
			return x
		}
	}
	x.wholeLo = cuts[len(cuts)-1]
	x.whole = make([]int32, int(cuts[0]-x.wholeLo)+1)
	x.wholeN = float64(len(x.whole))
	r := len(cuts)
	for k := range x.whole {
		for r > 0 && cuts[r-1] <= x.wholeLo+float64(k) {
			r--
		}
		x.whole[k] = int32(r)
	}
	return x
}

// rowOf is the first row whose cutoff is at most v: len(cuts) when none is.
func (x *cutIndex) rowOf(v float64) int {
	if k := math.Floor(v) - x.wholeLo; k >= 0 && k < x.wholeN {
		return int(x.whole[int(k)])
	}
	b := x.h.bin(v)
	r, end := int(x.upTo[b+1]), int(x.upTo[b])
	for r < end && x.cuts[r] > v {
		r++
	}
	return r
}
