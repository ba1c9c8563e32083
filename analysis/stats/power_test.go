package stats

import (
	"math"
	"testing"
)

// zq is Φ⁻¹(p), computed here by bisection on math.Erf rather than by
// math.Erfcinv, so that the test does not share the quantile code.
func zq(p float64) float64 {
	lo, hi := -40.0, 40.0
	for range 200 {
		mid := (lo + hi) / 2
		if 0.5*(1+math.Erf(mid/math.Sqrt2)) < p {
			lo = mid
		} else {
			hi = mid
		}
	}
	return (lo + hi) / 2
}

// equalN is the textbook sample size per group for detecting p0 → p1
// (Fleiss; R's power.prop.test):
// n = (z(1−α/2)·√(2p̄q̄) + z(power)·√(p0q0 + p1q1))² / (p1 − p0)².
func equalN(p0, p1, alpha, power float64) float64 {
	pbar := (p0 + p1) / 2
	s := zq(1-alpha/2)*math.Sqrt(2*pbar*(1-pbar)) + zq(power)*math.Sqrt(p0*(1-p0)+p1*(1-p1))
	return s * s / ((p1 - p0) * (p1 - p0))
}

// unequalN is the textbook size of the reference group when the other
// group is k times as large (Fleiss, Tytun and Ury):
// n0 = (z(1−α/2)·√(p̄q̄(1 + 1/k)) + z(power)·√(p1q1/k + p0q0))² / Δ², with
// p̄ = (p0 + k·p1)/(1 + k).
func unequalN(p0, p1, k, alpha, power float64) float64 {
	pbar := (p0 + k*p1) / (1 + k)
	s := zq(1-alpha/2)*math.Sqrt(pbar*(1-pbar)*(1+1/k)) + zq(power)*math.Sqrt(p1*(1-p1)/k+p0*(1-p0))
	return s * s / ((p1 - p0) * (p1 - p0))
}

func TestEqualNReproducesR(t *testing.T) {
	// ?power.prop.test: power.prop.test(p1 = .50, p2 = .75, power = .90)
	// gives n = 76.7.
	if n := equalN(0.5, 0.75, 0.05, 0.9); math.Round(n*10)/10 != 76.7 {
		t.Fatalf("equalN = %v, R gives 76.7", n)
	}
	// So 77 leads per group detect 25 points at 90% power and 76 do not.
	if l := MinDetectableLift(77, 77, 0.5, 0.05, 0.9); !(l < 25) {
		t.Errorf("MDE with 77 per group = %v, want just under 25", l)
	}
	if l := MinDetectableLift(76, 76, 0.5, 0.05, 0.9); !(l > 25) {
		t.Errorf("MDE with 76 per group = %v, want just over 25", l)
	}
}

func TestMinDetectableLiftInvertsClosedForm(t *testing.T) {
	for _, c := range []struct {
		n     int64
		base  float64
		power float64
	}{{100, 0.1, 0.8}, {1000, 0.05, 0.8}, {5000, 0.3, 0.8}, {200, 0.5, 0.9}, {40, 0.02, 0.8}, {100_000, 0.01, 0.8}} {
		lift := MinDetectableLift(c.n, c.n, c.base, 0.05, c.power)
		n := equalN(c.base, c.base+lift/100, 0.05, c.power)
		if math.Abs(n-float64(c.n)) > 1e-3*float64(c.n) {
			t.Errorf("n=%d base=%v: MDE %v pp, closed form needs n=%v", c.n, c.base, lift, n)
		}
	}
	for _, c := range []struct {
		with, without int64
		base          float64
	}{{50, 5000, 0.1}, {3000, 300, 0.2}, {25, 100_000, 0.03}} {
		lift := MinDetectableLift(c.with, c.without, c.base, 0.05, 0.8)
		k := float64(c.with) / float64(c.without)
		n0 := unequalN(c.base, c.base+lift/100, k, 0.05, 0.8)
		if math.Abs(n0-float64(c.without)) > 1e-3*float64(c.without) {
			t.Errorf("%d with, %d without, base %v: MDE %v pp, closed form needs %v without", c.with, c.without, c.base, lift, n0)
		}
	}
}

func TestMinDetectableLiftMonotone(t *testing.T) {
	prev := math.Inf(1)
	for _, n := range []int64{10, 30, 100, 300, 1000, 3000, 10_000, 100_000, 1_000_000} {
		l := MinDetectableLift(n, 10*n, 0.08, 0.05, 0.8)
		if !(l < prev) || l <= 0 {
			t.Errorf("MDE with %d leads = %v, not below %v", n, l, prev)
		}
		prev = l
	}
	// More leads without the factor also help, if less.
	if a, b := MinDetectableLift(100, 1000, 0.1, 0.05, 0.8), MinDetectableLift(100, 100_000, 0.1, 0.05, 0.8); !(b < a) {
		t.Errorf("MDE with more leads without the factor %v, not below %v", b, a)
	}
}

func TestMinDetectableLiftEdgeCases(t *testing.T) {
	cases := []struct {
		name               string
		with, without      int64
		base, alpha, power float64
		want               float64
	}{
		{"no leads with", 0, 100, 0.1, 0.05, 0.8, 100},
		{"no leads without", 100, 0, 0.1, 0.05, 0.8, 100},
		{"base 1", 100, 100, 1, 0.05, 0.8, 100},
		{"base NaN", 100, 100, math.NaN(), 0.05, 0.8, 100},
		{"alpha 0", 100, 100, 0.1, 0, 0.8, 100},
		{"power 1", 100, 100, 0.1, 0.05, 1, 100},
		{"one lead each", 1, 1, 0.5, 0.05, 0.8, 100},
	}
	for _, c := range cases {
		if got := MinDetectableLift(c.with, c.without, c.base, c.alpha, c.power); got != c.want {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
	// Tiny groups still give a finite answer in (0, 100]; the normal
	// approximation is crude there, which is what the rare flag is for.
	if l := MinDetectableLift(2, 1000, 0.1, 0.05, 0.8); !(l > 0 && l <= 100) {
		t.Errorf("two leads with the factor: MDE %v", l)
	}
	// A base rate of 0 is fine: with enough leads a small lift shows.
	for _, base := range []float64{0, -0.5} {
		l := MinDetectableLift(10_000, 10_000, base, 0.05, 0.8)
		if !(l > 0 && l < 1) {
			t.Errorf("base %v: MDE %v, want a small positive lift", base, l)
		}
	}
}
