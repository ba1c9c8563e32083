package campaigns

import (
	"math"
	"testing"
)

// On an axis from -10 to +10 points, 21 cells wide, each cell is one
// point and zero is cell 10, so every expected drawing can be counted
// out by hand.
func TestDrawWhisker(t *testing.T) {
	ax := axis{lo: -10, hi: 10}
	cases := []struct {
		name      string
		lo, p, hi float64
		want      string
		tone      tone
	}{
		// Cells 12–16, the point at 14: clear of zero, above it.
		{name: "clears zero upward", lo: 2, p: 4, hi: 6, want: "          │ ──●──    ", tone: above},
		// Cells 4–8, the point at 6.
		{name: "clears zero downward", lo: -6, p: -4, hi: -2, want: "    ──●── │          ", tone: below},
		// Cells 7–15 over zero at 10, the point at 11.
		{name: "crosses zero", lo: -3, p: 1, hi: 5, want: "       ───┼●────     ", tone: crosses},
		// Both ends past the axis: cut at the ends and marked.
		{name: "wider than the axis", lo: -15, p: 2, hi: 30, want: "◂─────────┼─●───────▸", tone: crosses},
		// Entirely past the right end: only the overflow mark.
		{name: "beyond the axis", lo: 12, p: 15, hi: 18, want: "          │         ▸", tone: above},
		// 0.2 to 0.4 rounds to zero's cell; clearing zero, it is drawn
		// one cell right of it rather than over it.
		{name: "clears zero by less than a cell", lo: 0.2, p: 0.3, hi: 0.4, want: "          │●         ", tone: above},
		// A point at zero is drawn over the zero mark.
		{name: "point at zero", lo: -2, p: 0, hi: 2, want: "        ──●──        ", tone: crosses},
		{name: "not a number", lo: math.NaN(), p: 0, hi: 1, want: "          │          ", tone: crosses},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := string(drawWhisker(ax, tc.lo, tc.p, tc.hi, 21)); got != tc.want {
				t.Errorf("drawn\n%q, want\n%q", got, tc.want)
			}
			if got := toneOf(tc.lo, tc.hi); got != tc.tone {
				t.Errorf("tone %d, want %d", got, tc.tone)
			}
		})
	}
}

func TestNewAxis(t *testing.T) {
	cases := []struct {
		vals   []float64
		lo, hi float64
	}{
		{[]float64{-3.9, 96.6}, -5, 100},                 // the sample's lifts
		{[]float64{-1.3, 17.9, 0.3}, -2, 20},             // the sample's differences
		{[]float64{20}, 0, 20},                           // an exact round end stays
		{[]float64{2, 7}, 0, 10},                         // zero is always on the axis
		{[]float64{-100, 100, math.NaN()}, -100, 100},    // NaN is skipped
		{[]float64{-130, math.Inf(1)}, -100, 0},          // never past ±100; Inf skipped
		{nil, 0, 1},                                      // nothing to show still draws
		{[]float64{0.03, -0.004}, -0.005, 0.05},          // tiny differences keep their scale
		{[]float64{-0.7, 3.3, 12.1, -2.2, 0, 0}, -5, 20}, // 2.2 rounds to 5, 12.1 to 20
	}
	for _, tc := range cases {
		a := newAxis(tc.vals...)
		if math.Abs(a.lo-tc.lo) > 1e-12 || math.Abs(a.hi-tc.hi) > 1e-12 {
			t.Errorf("newAxis(%v) = [%g, %g], want [%g, %g]", tc.vals, a.lo, a.hi, tc.lo, tc.hi)
		}
	}
}

func TestAxisLabels(t *testing.T) {
	cases := []struct {
		a    axis
		w    int
		want string
	}{
		{axis{-10, 10}, 21, "-10       0       +10"},
		{axis{-5, 100}, 12, "-5      +100"}, // zero's cell (1) is inside "-5"
		{axis{0, 20}, 8, "0    +20"},
		{axis{-5, 100}, 6, "      "}, // no room for both ends: none
	}
	for _, tc := range cases {
		if got := axisLabels(tc.a, tc.w); got != tc.want {
			t.Errorf("axisLabels(%v, %d) = %q, want %q", tc.a, tc.w, got, tc.want)
		}
	}
}
