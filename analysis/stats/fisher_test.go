package stats

import (
	"math"
	"math/big"
	"math/rand/v2"
	"testing"
	"time"
)

// TestFisherPublished checks p-values printed by R's fisher.test.
func TestFisherPublished(t *testing.T) {
	cases := []struct {
		name       string
		a, b, c, d int64
		want, tol  float64
	}{
		// Fisher's lady tasting tea: fisher.test(TeaTasting) with the
		// default two-sided alternative prints p-value = 0.4857.
		{"tea tasting", 3, 1, 1, 3, 0.4857143, 1e-7},
		// fisher.test(matrix(c(1, 11, 9, 3), 2)) prints p-value = 0.002759;
		// it is also the worked example in Wikipedia's article.
		{"dieting", 1, 9, 11, 3, 0.002759, 5e-7},
		// Perfect separation of 10 and 10: 2 / C(20, 10) = 2/184756.
		{"separated", 10, 0, 0, 10, 2.0 / 184756, 1e-15},
	}
	for _, c := range cases {
		if got := FisherExact(c.a, c.b, c.c, c.d); math.Abs(got-c.want) > c.tol {
			t.Errorf("%s: FisherExact = %.9g, want %.9g", c.name, got, c.want)
		}
	}
}

// exactFisher is an independent reference: it enumerates the whole
// support with exact rational hypergeometric probabilities and applies R's
// rule (probability ≤ observed × (1 + 10⁻⁷)) with no rounding at all.
func exactFisher(a, b, c, d int64) float64 {
	r1, r2, c1 := a+b, c+d, a+c
	n := r1 + r2
	choose := func(n, k int64) *big.Int { return new(big.Int).Binomial(n, k) }
	prob := func(x int64) *big.Rat {
		num := new(big.Int).Mul(choose(r1, x), choose(r2, c1-x))
		return new(big.Rat).SetFrac(num, choose(n, c1))
	}
	limit := new(big.Rat).Mul(prob(a), big.NewRat(10_000_001, 10_000_000))
	sum := new(big.Rat)
	for x := max(0, c1-r2); x <= min(r1, c1); x++ {
		if p := prob(x); p.Cmp(limit) <= 0 {
			sum.Add(sum, p)
		}
	}
	f, _ := sum.Float64()
	return f
}

// lgammaFisher is a second, floating-point reference for tables too big
// for exact rationals: it evaluates every table in the support directly
// from Lgamma, normalises by the full sum, and uses no search and no early
// stopping.
func lgammaFisher(a, b, c, d int64) float64 {
	r1, r2, c1 := float64(a+b), float64(c+d), float64(a+c)
	lg := func(v float64) float64 { l, _ := math.Lgamma(v + 1); return l }
	logf := func(x float64) float64 { return -(lg(x) + lg(r1-x) + lg(c1-x) + lg(r2-c1+x)) }
	lo, hi := math.Max(0, c1-r2), math.Min(r1, c1)
	top := math.Inf(-1)
	for x := lo; x <= hi; x++ {
		top = math.Max(top, logf(x))
	}
	thr := logf(float64(a)) + math.Log(1+1e-7)
	var in, all float64
	for x := lo; x <= hi; x++ {
		l := logf(x)
		all += math.Exp(l - top)
		if l <= thr {
			in += math.Exp(l - top)
		}
	}
	return in / all
}

func TestFisherMatchesExactEnumeration(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for range 2000 {
		a, b := rng.Int64N(15), rng.Int64N(15)
		c, d := rng.Int64N(15), rng.Int64N(15)
		got, want := FisherExact(a, b, c, d), exactFisher(a, b, c, d)
		if math.Abs(got-want) > 1e-12*math.Max(want, 1e-300) && math.Abs(got-want) > 1e-15 {
			t.Fatalf("FisherExact(%d, %d, %d, %d) = %.15g, exact enumeration gives %.15g", a, b, c, d, got, want)
		}
	}
	// Symmetric tables have exact ties between the two tails, which is
	// what the 10⁻⁷ tolerance is for.
	for _, tb := range [][4]int64{{2, 3, 3, 2}, {20, 30, 30, 20}, {150, 100, 100, 150}, {7, 0, 0, 7}} {
		got, want := FisherExact(tb[0], tb[1], tb[2], tb[3]), exactFisher(tb[0], tb[1], tb[2], tb[3])
		if math.Abs(got-want) > 1e-12*want {
			t.Errorf("FisherExact(%v) = %.15g, exact enumeration gives %.15g", tb, got, want)
		}
	}
}

func TestFisherLargeTables(t *testing.T) {
	cases := [][4]int64{
		{5200, 94800, 5000, 95000},
		{1200, 48800, 1000, 49000},
		{30, 970, 12000, 988000},
		{250_000, 250_000, 249_000, 251_000},
		{1, 499_999, 40, 499_960},
	}
	for _, tb := range cases {
		got := FisherExact(tb[0], tb[1], tb[2], tb[3])
		if want := lgammaFisher(tb[0], tb[1], tb[2], tb[3]); math.Abs(got-want) > 1e-8*want {
			t.Errorf("FisherExact(%v) = %.12g, full enumeration gives %.12g", tb, got, want)
		}
	}
	// With hundreds of thousands of leads in every cell the exact test and
	// the chi-square approximation agree closely.
	for _, tb := range [][4]int64{{5200, 94800, 5000, 95000}, {250_000, 250_000, 249_000, 251_000}} {
		got := FisherExact(tb[0], tb[1], tb[2], tb[3])
		_, chi := ChiSquare2x2(tb[0], tb[1], tb[2], tb[3])
		if math.Abs(got-chi) > 0.03*chi {
			t.Errorf("FisherExact(%v) = %.6g, chi-square gives %.6g", tb, got, chi)
		}
	}
}

// TestFisherIsFast guards the "a million leads" promise: a hundred tests
// of million-lead tables must take well under a second.
func TestFisherIsFast(t *testing.T) {
	start := time.Now()
	for i := range int64(100) {
		p := FisherExact(12000+i*10, 488000-i*10, 10000, 490000)
		if p < 0 || p > 1 || math.IsNaN(p) {
			t.Fatalf("p = %v", p)
		}
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("100 million-lead tables took %v", d)
	}
}

func TestFisherSymmetries(t *testing.T) {
	for _, tb := range [][4]int64{{1, 9, 11, 3}, {3, 1, 1, 3}, {0, 5, 7, 2}, {120, 4000, 95, 5200}, {0, 0, 3, 4}} {
		a, b, c, d := tb[0], tb[1], tb[2], tb[3]
		p := FisherExact(a, b, c, d)
		for name, q := range map[string]float64{
			"transposed":      FisherExact(a, c, b, d),
			"rows swapped":    FisherExact(c, d, a, b),
			"columns swapped": FisherExact(b, a, d, c),
		} {
			if math.Abs(p-q) > 1e-12 {
				t.Errorf("%v %s: %.15g, original %.15g", tb, name, q, p)
			}
		}
	}
}

func TestFisherEdgeCases(t *testing.T) {
	cases := []struct {
		name       string
		a, b, c, d int64
		want       float64
	}{
		{"empty", 0, 0, 0, 0, 1},
		{"factor nobody has", 0, 0, 40, 60, 1},
		{"factor everybody has", 40, 60, 0, 0, 1},
		{"nobody won", 0, 30, 0, 70, 1},
		{"everybody won", 30, 0, 70, 0, 1},
		{"one lead", 1, 0, 0, 0, 1},
		{"negative cell", -1, 3, 4, 5, 1},
	}
	for _, c := range cases {
		if got := FisherExact(c.a, c.b, c.c, c.d); got != c.want {
			t.Errorf("%s: FisherExact = %v, want %v", c.name, got, c.want)
		}
	}
	// An overwhelming table underflows to 0 rather than going NaN.
	if p := FisherExact(100_000, 0, 0, 100_000); p != 0 {
		t.Errorf("separated 100000/100000 = %v, want 0 (underflow)", p)
	}
	// Absurd cells fall back to chi-square rather than losing precision.
	if p := FisherExact(1<<60, 1<<60, 1<<60, 1<<60); p != 1 {
		t.Errorf("huge balanced table = %v, want 1", p)
	}
}

func TestTwoByTwoP(t *testing.T) {
	if p, m := TwoByTwoP(1, 9, 11, 3); m != "fisher" || p != FisherExact(1, 9, 11, 3) {
		t.Errorf("small table: %v %q, want Fisher's p", p, m)
	}
	if p, m := TwoByTwoP(2_500_000, 2_500_000, 2_490_000, 2_510_000); m != "fisher" || math.IsNaN(p) {
		t.Errorf("10⁷ leads: %v %q, want fisher", p, m)
	}
	_, chi := ChiSquare2x2(2_500_001, 2_500_000, 2_490_000, 2_510_000)
	if p, m := TwoByTwoP(2_500_001, 2_500_000, 2_490_000, 2_510_000); m != "chi2" || p != chi {
		t.Errorf("over 10⁷ leads: %v %q, want chi2 %v", p, m, chi)
	}
	if p, m := TwoByTwoP(-1, 2, 3, 4); p != 1 || m != "fisher" {
		t.Errorf("negative cell: %v %q, want 1 fisher", p, m)
	}
}
