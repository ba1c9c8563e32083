package scoring

import (
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"runtime"
	"sort"
	"testing"

	"github.com/leadlab/leadlab/queries"
)

// randomSweepData is n leads with made-up scores and score histories: fit
// in whole points, pain in whole points or decayed (fractional) as kind
// says, some leads maturing, some without a created_at.
func randomSweepData(r *rand.Rand, n int, kind string) (*Data, *Scores) {
	d := &Data{Leads: queries.LeadTable{IDs: make([]string, n), Created: make([]int64, n), Won: make([]bool, n), Outcome: make([]uint8, n)},
		events: map[string]bool{"demo": true}}
	s := &Scores{Fit: make([]float64, n), Pain: make([]float64, n), bpStart: make([]int32, n+1)}
	fitPoints := []float64{-13, 10, 7, 7, 6, 5}
	for i := range n {
		d.Leads.Won[i] = r.IntN(8) == 0
		d.Leads.Outcome[i] = queries.OutcomeNotWon
		switch {
		case r.IntN(10) == 0:
			d.Leads.Outcome[i] = queries.OutcomeMaturing
		case d.Leads.Won[i]:
			d.Leads.Outcome[i] = queries.OutcomeWon
		}
		d.Leads.Created[i] = NoTime
		if r.IntN(20) != 0 {
			d.Leads.Created[i] = int64(r.IntN(400)) * usPerDay
		}
		for _, p := range fitPoints {
			if r.IntN(3) == 0 {
				s.Fit[i] += p
			}
		}
		switch kind {
		case "whole":
			s.Pain[i] = float64(r.IntN(6)*6 - 12)
		case "decayed":
			// a rule of 11 points with a 30-day half life, on one or two
			// events of random age, beside a whole-point rule
			s.Pain[i] = float64(r.IntN(3) * 6)
			for range r.IntN(3) {
				s.Pain[i] += 11 * math.Exp2(-float64(r.IntN(200_000))/1000/30)
			}
		case "mixed":
			// mostly whole points, a few decayed, one far outlier: most
			// leads share a few bins, which hold several distinct scores
			s.Pain[i] = float64(r.IntN(4) * 3)
			if r.IntN(50) == 0 {
				s.Pain[i] += 0.5 * math.Exp2(-r.Float64())
			}
			if i == n/2 {
				s.Pain[i] = 9_000
			}
		case "near":
			// scores a hair apart, in the same bin
			s.Pain[i] = math.Nextafter(5, 6)
			if r.IntN(2) == 0 {
				s.Pain[i] = 5
			}
		}
		// the best score so far, rising by breakpoints to (or past) the
		// final score
		final := s.Score(i)
		best, day := s.Fit[i], float32(0)
		for k := range 1 + r.IntN(4) {
			if k > 0 {
				best += float64(r.IntN(8))
				day += float32(r.IntN(100)) / 4
			}
			dd := day
			if d.Leads.Created[i] == NoTime {
				dd = float32(math.NaN())
			}
			s.bpDays = append(s.bpDays, dd)
			s.bpScore = append(s.bpScore, min(best, final+float64(r.IntN(3))))
		}
		if r.IntN(4) == 0 {
			// a lead whose best score never rose past its fit keeps no
			// breakpoint
			s.bpDays, s.bpScore = s.bpDays[:s.bpStart[i]], s.bpScore[:s.bpStart[i]]
		}
		s.bpStart[i+1] = int32(len(s.bpScore))
	}
	return d, s
}

// TestSweepCountingMatchesSorting checks the counting sweep against the
// sort it replaced, on random scores in whole points, decayed, with ties,
// far outliers and scores a hair apart, below and above maxRows distinct
// scores, on one core and on several: every figure equal.
func TestSweepCountingMatchesSorting(t *testing.T) {
	// three cores, so the largest data is counted in spans added up after
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(3))
	r := rand.New(rand.NewPCG(7, 18))
	for _, kind := range []string{"whole", "decayed", "mixed", "near"} {
		for _, n := range []int{0, 1, 2, 7, 300, 2500, 40_000, 3 * minSpan} {
			t.Run(fmt.Sprintf("%s/%d", kind, n), func(t *testing.T) {
				d, s := randomSweepData(r, n, kind)
				cfg := baseConfig()
				cfg.GoodFit, cfg.HighPain = 7, float64(r.IntN(12))
				cfg.Capacity = Capacity{Reps: 2, LeadsPerRepDay: 3}
				var subset []bool
				if n%2 == 0 {
					subset = make([]bool, n)
					for i := range subset {
						subset[i] = r.IntN(3) != 0
					}
				}
				got, want := d.SweepOver(cfg, s, subset), d.sweepOverSorted(cfg, s, subset)
				if len(want.Rows) == 0 && n > 100 {
					t.Fatal("no rows: the test data is wrong")
				}
				if !reflect.DeepEqual(got, want) {
					t.Fatalf("counting sweep differs from the sorted one:\n%s", sweepDiff(got, want))
				}
			})
		}
	}
}

// TestSweepCountingTakesTheGrid checks the data above does reach both
// ways cutoffs are chosen, so the test above compares both.
func TestSweepCountingTakesTheGrid(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	d, s := randomSweepData(r, 40_000, "decayed")
	if rows := len(d.Sweep(baseConfig(), s).Rows); rows > gridRows {
		t.Fatalf("decayed scores gave %d rows, want the grid of at most %d", rows, gridRows)
	}
	d, s = randomSweepData(r, 40_000, "whole")
	if rows := len(d.Sweep(baseConfig(), s).Rows); rows < 10 || rows > maxRows {
		t.Fatalf("whole-point scores gave %d rows, want every distinct score", rows)
	}
}

func sweepDiff(got, want Sweep) string {
	if got.Leads != want.Leads || got.Won != want.Won || got.Days != want.Days {
		return fmt.Sprintf("totals: got %d/%d/%g, want %d/%d/%g", got.Leads, got.Won, got.Days, want.Leads, want.Won, want.Days)
	}
	if len(got.Rows) != len(want.Rows) {
		return fmt.Sprintf("got %d rows, want %d", len(got.Rows), len(want.Rows))
	}
	for k := range got.Rows {
		if !reflect.DeepEqual(got.Rows[k], want.Rows[k]) {
			return fmt.Sprintf("row %d: got %s, want %s", k, rowText(got.Rows[k]), rowText(want.Rows[k]))
		}
	}
	return "?"
}

func rowText(r SweepRow) string {
	f := func(p *float64) string {
		if p == nil {
			return "nil"
		}
		return fmt.Sprint(*p)
	}
	return fmt.Sprintf("{cut %v leads %d won %d fitOnly %v perDay %s bad %s median %s}", r.Cutoff, r.Leads, r.Won, r.FitOnlyShare, f(r.PerDay), f(r.BadFitLowPainShare), f(r.MedianDays))
}

// TestCutIndexRows checks where a score falls among the cutoffs — the
// first row whose cutoff it reaches — against a binary search, for whole
// cutoffs (read off the table by whole score) and others, with scores
// whole, fractional, a hair either side of a cutoff, outside the range and
// infinite.
func TestCutIndexRows(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 7))
	for trial := range 200 {
		var cuts []float64
		c := float64(r.IntN(200) - 50)
		if trial%2 == 1 {
			c += 0.25 // not every cutoff whole: the bins alone
		}
		for range 1 + r.IntN(60) {
			cuts = append(cuts, c)
			c -= float64(1 + r.IntN(5))
			if trial%2 == 1 {
				c -= r.Float64()
			}
		}
		x := newCutIndex(cuts)
		if (x.whole != nil) != (trial%2 == 0) {
			t.Fatalf("cutoffs %v: table %v", cuts, x.whole != nil)
		}
		values := []float64{math.Inf(1), math.Inf(-1), math.Copysign(0, -1), 0, 1e300, -1e300}
		for _, c := range cuts {
			values = append(values, c, math.Nextafter(c, math.Inf(1)), math.Nextafter(c, math.Inf(-1)), c+0.5, c-0.5, c+1e-12)
		}
		for range 50 {
			values = append(values, float64(r.IntN(400)-250)+r.Float64()*float64(r.IntN(2)))
		}
		for _, v := range values {
			want := sort.Search(len(cuts), func(k int) bool { return cuts[k] <= v })
			if got := x.rowOf(v); got != want {
				t.Fatalf("cutoffs %v: %v falls at row %d, want %d", cuts, v, got, want)
			}
		}
	}
}
