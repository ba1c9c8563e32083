package binning

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// bruteForce tries every partition of the prebins into contiguous bands
// (2^(m−1) of them) in both directions and returns the highest
// information value that meets the constraints, and whether any does.
func bruteForce(bins []Bin, opt Options) (float64, bool) {
	m := len(bins)
	var totalW, totalN int64
	for _, b := range bins {
		totalW += b.W
		totalN += b.N
	}
	z := Z(m)
	best, found := math.Inf(-1), false
	for mask := 0; mask < 1<<(m-1); mask++ {
		// Bit i of mask cuts between prebin i and i+1.
		var bands []Bin
		var barrierBefore []bool
		cur, crossed := Bin{}, false
		for i, b := range bins {
			cur.N += b.N
			cur.W += b.W
			if i == m-1 || mask>>i&1 == 1 {
				bands = append(bands, cur)
				barrierBefore = append(barrierBefore, false)
				cur = Bin{}
				continue
			}
			if opt.Barrier != nil && opt.Barrier[i] {
				crossed = true
			}
		}
		if crossed || len(bands) > opt.MaxBands {
			continue
		}
		// Which band boundaries are barriers.
		k := 0
		for i := 0; i < m-1; i++ {
			if mask>>i&1 == 1 {
				k++
				barrierBefore[k] = opt.Barrier != nil && opt.Barrier[i]
			}
		}
		for _, asc := range []bool{true, false} {
			ok := true
			iv := 0.0
			for b, band := range bands {
				if band.N < max(opt.MinSize, 1) {
					ok = false
					break
				}
				if b > 0 && !barrierBefore[b] && !Differ(bands[b-1], band, asc, z) {
					ok = false
					break
				}
				iv += BandIV(band, totalW, totalN-totalW)
			}
			if ok {
				found = true
				best = math.Max(best, iv)
			}
		}
	}
	return best, found
}

// ivOf is the information value of the partition Merge returned, and
// whether it meets the constraints: the brute force's rules, read back.
func ivOf(t *testing.T, bins []Bin, opt Options, r Result) float64 {
	t.Helper()
	var totalW, totalN int64
	for _, b := range bins {
		totalW += b.W
		totalN += b.N
	}
	iv := 0.0
	var prev Bin
	for k, s := range r.Starts {
		e := len(bins)
		if k+1 < len(r.Starts) {
			e = r.Starts[k+1]
		}
		var band Bin
		for i := s; i < e; i++ {
			band.N += bins[i].N
			band.W += bins[i].W
			if i+1 < e && opt.Barrier != nil && opt.Barrier[i] {
				t.Fatalf("band %d crosses the barrier after prebin %d: %v", k, i, r.Starts)
			}
		}
		if band.N < opt.MinSize {
			t.Fatalf("band %d holds %d leads, fewer than %d", k, band.N, opt.MinSize)
		}
		if k > 0 && !(opt.Barrier != nil && opt.Barrier[s-1]) && !Differ(prev, band, r.Ascending, Z(len(bins))) {
			t.Fatalf("bands %d and %d do not differ %v: %+v %+v", k-1, k, r.Ascending, prev, band)
		}
		iv += BandIV(band, totalW, totalN-totalW)
		prev = band
	}
	return iv
}

// TestMergeMatchesBruteForce checks the dynamic programme against every
// partition on small random inputs: with a trend, without one, with
// barriers, small minimum sizes and few bands allowed.
func TestMergeMatchesBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(14, 4))
	for trial := range 3000 {
		m := 1 + rng.IntN(9)
		bins := make([]Bin, m)
		slope := rng.Float64()*0.6 - 0.3
		for i := range bins {
			n := int64(rng.IntN(120))
			if rng.IntN(10) == 0 {
				n = 0
			}
			p := math.Min(math.Max(0.3+slope*float64(i)/float64(m)+0.1*rng.NormFloat64(), 0), 1)
			var w int64
			for range n {
				if rng.Float64() < p {
					w++
				}
			}
			bins[i] = Bin{N: n, W: w}
		}
		opt := Options{MinSize: int64(1 + rng.IntN(80)), MaxBands: 1 + rng.IntN(6)}
		if m > 1 && rng.IntN(3) == 0 {
			opt.Barrier = make([]bool, m-1)
			opt.Barrier[rng.IntN(m-1)] = true
		}
		want, ok := bruteForce(bins, opt)
		r := Merge(bins, opt)
		if r.OK != ok {
			t.Fatalf("trial %d: %v %+v: OK %v, brute force %v", trial, bins, opt, r.OK, ok)
		}
		if !ok {
			continue
		}
		got := ivOf(t, bins, opt, r)
		if math.Abs(got-r.IV) > 1e-9 || math.Abs(got-want) > 1e-9 {
			t.Fatalf("trial %d: %v %+v: IV %v (reported %v), brute force %v; starts %v", trial, bins, opt, got, r.IV, want, r.Starts)
		}
	}
}

// TestMergeByHand: cases worked out on paper.
func TestMergeByHand(t *testing.T) {
	// Close rates 10%, 10%, 40%, 40% in prebins of 100: the only cut that
	// pays is in the middle, rising. Z(4) ≈ 2.39; 10% against 40% over 200
	// leads each is z ≈ 6.9.
	bins := []Bin{{100, 10}, {100, 10}, {100, 40}, {100, 40}}
	r := Merge(bins, Options{MinSize: 50, MaxBands: 6})
	if !slices.Equal(r.Starts, []int{0, 2}) || !r.Ascending {
		t.Errorf("two steps up: %+v", r)
	}
	// The same, falling: descending wins.
	slices.Reverse(bins)
	r = Merge(bins, Options{MinSize: 50, MaxBands: 6})
	if !slices.Equal(r.Starts, []int{0, 2}) || r.Ascending {
		t.Errorf("two steps down: %+v", r)
	}
	// No trend at all (every prebin closes at 20%): one band.
	flat := []Bin{{100, 20}, {100, 20}, {100, 20}, {100, 20}, {100, 20}}
	if r = Merge(flat, Options{MinSize: 50, MaxBands: 6}); !slices.Equal(r.Starts, []int{0}) {
		t.Errorf("flat: %+v", r)
	}
	// A minimum size of 250 leaves room for one cut only, and it must
	// give each side 250 leads or more: 0..2 | 3..5 is the only one.
	six := []Bin{{100, 5}, {100, 10}, {100, 15}, {100, 40}, {100, 45}, {100, 50}}
	if r = Merge(six, Options{MinSize: 250, MaxBands: 6}); !slices.Equal(r.Starts, []int{0, 3}) {
		t.Errorf("min size 250: %+v", r)
	}
	// At most one band: everything in it.
	if r = Merge(six, Options{MinSize: 1, MaxBands: 1}); !slices.Equal(r.Starts, []int{0}) || !r.OK {
		t.Errorf("one band: %+v", r)
	}
	// A barrier after prebin 0 forces a cut there even with no difference
	// (a dominant value lies between them), and nothing else changes.
	if r = Merge(flat, Options{MinSize: 50, MaxBands: 6, Barrier: []bool{true, false, false, false}}); !slices.Equal(r.Starts, []int{0, 1}) {
		t.Errorf("barrier: %+v", r)
	}
	// A V shape (40%, 10%, 40%) is not monotone: no two cuts; one cut
	// only if its two sides differ, which 40% | 10%+40% (25%) does.
	v := []Bin{{200, 80}, {200, 20}, {200, 80}}
	r = Merge(v, Options{MinSize: 50, MaxBands: 6})
	if len(r.Starts) > 2 {
		t.Errorf("V shape cut into %d bands: %+v", len(r.Starts), r)
	}
	// No partition when the prebins together hold fewer than the minimum.
	if r = Merge([]Bin{{10, 1}}, Options{MinSize: 50, MaxBands: 6}); r.OK {
		t.Errorf("too small: %+v", r)
	}
}

// TestBandIV: one band's term by hand. Wins 30 of 50, losses 20 of 150,
// so e = 30.5/51 and n = 20.5/151.
func TestBandIV(t *testing.T) {
	e, n := 30.5/51, 20.5/151
	want := (e - n) * math.Log(e/n)
	if got := BandIV(Bin{N: 50, W: 30}, 50, 150); math.Abs(got-want) > 1e-15 {
		t.Errorf("BandIV = %v, want %v", got, want)
	}
	if z := Z(20); math.Abs(z-3.00779) > 1e-4 {
		t.Errorf("Z(20) = %v, want about 3.00779 (the normal quantile of 1 − 0.05/38)", z)
	}
}
