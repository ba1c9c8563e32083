// Package binning merges the prebins of a numeric attribute into bands
// that follow the outcome, the way optbinning does (Navas-Palencia,
// "Optimal binning: mathematical programming formulation", 2020): the
// prebins (quantiles of the column, counted with their wins) are merged
// into contiguous bands that maximise the information value, subject to
// a monotone close rate across the bands (ascending or descending,
// whichever earns the higher information value), a minimum band size and
// a maximum number of bands. Unlike a solver, the merge here is an exact
// dynamic programme over the prebins, in pure Go and in microseconds: a
// column has at most a few dozen prebins.
//
// Two adjacent bands must also differ: the difference of their close
// rates must be significant (a two-proportion z test at 5%, Bonferroni-
// corrected over the places a cut could go). Without that test the
// information value, which never falls when a band is split, would cut
// noise into as many monotone bands as allowed; with it a column with no
// real trend keeps fewer bands, often one.
//
// The package is a leaf (it imports only the standard library) so that
// the data layer, which builds the bands' factors and their SQL, can use
// it without importing the analysis packages above it.
package binning

import (
	"math"
)

// Bin is one prebin, in the order of the column's values: its leads and
// how many of them won.
type Bin struct {
	N, W int64
}

// Options constrain the bands.
type Options struct {
	// MinSize is the fewest leads a band may hold (at least 1).
	MinSize int64
	// MaxBands is the most bands (at least 1).
	MaxBands int
	// Barrier[i] says a band may not hold both prebin i and prebin i+1:
	// something lies between them that is binned on its own (a dominant
	// value). The close-rate constraints hold within the stretches
	// between barriers, not across them. Nil means none; otherwise its
	// length is one less than the prebins'.
	Barrier []bool
}

// Result is the best partition: band k holds prebins Starts[k] up to
// Starts[k+1]-1 (the last up to the last prebin).
type Result struct {
	Starts    []int
	Ascending bool    // close rates rise across the bands (within a stretch)
	IV        float64 // the information value of the bands
	OK        bool    // false when no partition meets the constraints
}

// Merge returns the partition with the highest information value under
// the constraints, trying both directions of the trend; ties go to
// ascending.
func Merge(bins []Bin, opt Options) Result {
	up := merge(bins, opt, true)
	down := merge(bins, opt, false)
	if !up.OK || (down.OK && down.IV > up.IV+1e-12) {
		return down
	}
	return up
}

// Z is the z score two adjacent bands' close rates must differ by, for
// m prebins: 5% two-sided, Bonferroni-corrected over the m−1 places a
// cut could go.
func Z(m int) float64 {
	alpha := 0.05 / float64(max(m-1, 1))
	return math.Sqrt2 * math.Erfinv(1-alpha)
}

// Differ reports whether band b's close rate lies beyond band a's in the
// direction asked for (above it when ascending), significantly at z.
func Differ(a, b Bin, ascending bool, z float64) bool {
	if a.N == 0 || b.N == 0 {
		return false
	}
	ra, rb := float64(a.W)/float64(a.N), float64(b.W)/float64(b.N)
	if ascending && !(rb > ra) || !ascending && !(rb < ra) {
		return false
	}
	p := float64(a.W+b.W) / float64(a.N+b.N)
	se := math.Sqrt(p * (1 - p) * (1/float64(a.N) + 1/float64(b.N)))
	if se == 0 {
		return false
	}
	return math.Abs(rb-ra)/se >= z
}

// BandIV is one band's term of the information value, (e − n)·ln(e/n)
// with e and n its shares of all wins and of all losses. Half a lead is
// added to its wins and its losses (and one to the totals) so a band with
// no wins, or no losses, has a finite value.
func BandIV(b Bin, totalW, totalL int64) float64 {
	e := (float64(b.W) + 0.5) / (float64(totalW) + 1)
	n := (float64(b.N-b.W) + 0.5) / (float64(totalL) + 1)
	return (e - n) * math.Log(e/n)
}

// merge is the dynamic programme for one direction. best[k][i][j] is the
// highest information value of a partition of prebins 0..j-1 into k+1
// bands whose last band is prebins i..j-1; a band may follow another
// when it meets the size and barrier rules and, unless a barrier
// separates them, differs from it in the trend's direction.
func merge(bins []Bin, opt Options, ascending bool) Result {
	m := len(bins)
	res := Result{Ascending: ascending}
	if m == 0 || opt.MaxBands < 1 {
		return res
	}
	var totalW, totalN int64
	prefN, prefW := make([]int64, m+1), make([]int64, m+1)
	for i, b := range bins {
		totalN += b.N
		totalW += b.W
		prefN[i+1], prefW[i+1] = prefN[i]+b.N, prefW[i]+b.W
	}
	// blocked[i] is how many barriers lie before prebin i, so a band i..j-1
	// crosses one when blocked[i] != blocked[j-1].
	blocked := make([]int, m)
	for i := 1; i < m; i++ {
		blocked[i] = blocked[i-1]
		if opt.Barrier != nil && opt.Barrier[i-1] {
			blocked[i]++
		}
	}
	band := func(i, j int) Bin { return Bin{N: prefN[j] - prefN[i], W: prefW[j] - prefW[i]} }
	valid := func(i, j int) bool {
		return band(i, j).N >= max(opt.MinSize, 1) && blocked[i] == blocked[j-1]
	}
	z := Z(m)
	K := min(opt.MaxBands, m)
	neg := math.Inf(-1)
	// best[k][i][j], with from[k][i][j] the previous band's start.
	best := make([][][]float64, K)
	from := make([][][]int, K)
	for k := range best {
		best[k] = make([][]float64, m+1)
		from[k] = make([][]int, m+1)
		for i := range best[k] {
			best[k][i] = make([]float64, m+1)
			from[k][i] = make([]int, m+1)
			for j := range best[k][i] {
				best[k][i][j] = neg
			}
		}
	}
	for j := 1; j <= m; j++ {
		if valid(0, j) {
			best[0][0][j] = BandIV(band(0, j), totalW, totalN-totalW)
		}
	}
	for k := 1; k < K; k++ {
		for i := 1; i < m; i++ {
			for j := i + 1; j <= m; j++ {
				if !valid(i, j) {
					continue
				}
				cur := band(i, j)
				iv := BandIV(cur, totalW, totalN-totalW)
				for h := 0; h < i; h++ {
					prev := best[k-1][h][i]
					if prev == neg {
						continue
					}
					if blocked[i-1] == blocked[i] && !Differ(band(h, i), cur, ascending, z) {
						continue
					}
					if v := prev + iv; v > best[k][i][j] {
						best[k][i][j], from[k][i][j] = v, h
					}
				}
			}
		}
	}
	bk, bi := -1, -1
	for k := 0; k < K; k++ {
		for i := 0; i < m; i++ {
			if v := best[k][i][m]; v > neg && (bk < 0 || v > res.IV+1e-12) {
				bk, bi, res.IV = k, i, v
			}
		}
	}
	if bk < 0 {
		return res
	}
	res.OK = true
	res.Starts = make([]int, bk+1)
	for k, i, j := bk, bi, m; k >= 0; k-- {
		res.Starts[k] = i
		i, j = from[k][i][j], i
	}
	return res
}
