package stats

import (
	"math"
	"testing"
)

// pearson computes the chi-square statistic the textbook way, as the sum
// over the four cells of (observed − expected)² / expected, to check
// ChiSquare2x2's n·phi² route.
func pearson(a, b, c, d int64) float64 {
	obs := [2][2]float64{{float64(a), float64(b)}, {float64(c), float64(d)}}
	n := float64(a + b + c + d)
	rows := [2]float64{obs[0][0] + obs[0][1], obs[1][0] + obs[1][1]}
	cols := [2]float64{obs[0][0] + obs[1][0], obs[0][1] + obs[1][1]}
	var stat float64
	for i := range 2 {
		for j := range 2 {
			e := rows[i] * cols[j] / n
			stat += (obs[i][j] - e) * (obs[i][j] - e) / e
		}
	}
	return stat
}

// chi2Tail integrates the chi-square(1) density numerically: with x = u²
// the upper tail beyond s is 2∫_{√s}^{∞} φ(u) du, done by Simpson's rule
// on [√s, √s + 40], which is independent of math.Erfc.
func chi2Tail(s float64) float64 {
	const steps = 200_000
	a := math.Sqrt(s)
	h := 40.0 / steps
	phi := func(u float64) float64 { return math.Exp(-u*u/2) / math.Sqrt(2*math.Pi) }
	sum := phi(a) + phi(a+40)
	for i := 1; i < steps; i++ {
		w := 2.0
		if i%2 == 1 {
			w = 4
		}
		sum += w * phi(a+float64(i)*h)
	}
	return 2 * sum * h / 3
}

func TestChiSquare2x2(t *testing.T) {
	// Worked by hand: the tea-tasting table has n(ad−bc)²/(r1 r2 c1 c2)
	// = 8·64/256 = 2, and R's pchisq(2, 1, lower.tail = FALSE) is
	// 0.1572992; [[1 9] [11 3]] has 24·96²/(10·14·12·12) = 10.97143.
	if stat, p := ChiSquare2x2(3, 1, 1, 3); math.Abs(stat-2) > 1e-12 || math.Abs(p-0.1572992) > 1e-7 {
		t.Errorf("tea tasting: %v, %v; want 2, 0.1572992", stat, p)
	}
	if stat, _ := ChiSquare2x2(1, 9, 11, 3); math.Abs(stat-221184.0/20160) > 1e-12 {
		t.Errorf("[[1 9] [11 3]]: stat %v, want %v", stat, 221184.0/20160)
	}
	for _, tb := range [][4]int64{{1, 9, 11, 3}, {3, 1, 1, 3}, {120, 4000, 95, 5200}, {5200, 94800, 5000, 95000}, {0, 10, 7, 3}} {
		stat, p := ChiSquare2x2(tb[0], tb[1], tb[2], tb[3])
		if want := pearson(tb[0], tb[1], tb[2], tb[3]); math.Abs(stat-want) > 1e-9*want {
			t.Errorf("%v: stat %v, cell-by-cell sum %v", tb, stat, want)
		}
		if want := chi2Tail(stat); math.Abs(p-want) > 1e-9 {
			t.Errorf("%v: p %v, numerical integral %v", tb, p, want)
		}
	}
	for _, tb := range [][4]int64{{0, 0, 0, 0}, {0, 0, 5, 5}, {5, 0, 5, 0}, {1, 0, 0, 0}, {-1, 2, 3, 4}} {
		if stat, p := ChiSquare2x2(tb[0], tb[1], tb[2], tb[3]); stat != 0 || p != 1 {
			t.Errorf("degenerate %v: %v, %v; want 0, 1", tb, stat, p)
		}
	}
}

func TestPhi(t *testing.T) {
	cases := []struct {
		a, b, c, d int64
		want       float64
	}{
		{3, 1, 1, 3, 0.5}, // (9 − 1) / √(4·4·4·4)
		{1, 9, 11, 3, -96 / math.Sqrt(10*14*12*12)},
		{10, 0, 0, 10, 1},
		{0, 10, 10, 0, -1},
		{5, 5, 5, 5, 0},
		{0, 0, 0, 0, 0},    // no leads
		{0, 0, 10, 20, 0},  // factor nobody has
		{10, 20, 0, 0, 0},  // factor everybody has
		{0, 10, 0, 20, 0},  // nobody won
		{-1, 10, 3, 20, 0}, // invalid
		// Cells near 3·10⁹: ad − bc = 6·10⁹ − 1 exactly, which float64
		// products would lose; every margin is 6·10⁹ − 1 too.
		{3e9, 3e9 - 1, 3e9 - 1, 3e9, 1 / (6e9 - 1)},
	}
	for _, c := range cases {
		if got := Phi(c.a, c.b, c.c, c.d); math.Abs(got-c.want) > 1e-15 {
			t.Errorf("Phi(%d, %d, %d, %d) = %v, want %v", c.a, c.b, c.c, c.d, got, c.want)
		}
	}
	// phi² = chi²/n, with chi² summed cell by cell.
	for _, tb := range [][4]int64{{1, 9, 11, 3}, {120, 4000, 95, 5200}, {7, 0, 2, 9}} {
		phi := Phi(tb[0], tb[1], tb[2], tb[3])
		n := float64(tb[0] + tb[1] + tb[2] + tb[3])
		if want := pearson(tb[0], tb[1], tb[2], tb[3]) / n; math.Abs(phi*phi-want) > 1e-12 {
			t.Errorf("%v: phi² = %v, chi²/n = %v", tb, phi*phi, want)
		}
	}
}

func TestOddsRatioPlusOne(t *testing.T) {
	cases := []struct {
		s, f, S, F int64
		want       float64
	}{
		// 10 won and 20 lost with the factor, out of 50 won and 150 lost:
		// (11 · 131) / (41 · 21).
		{10, 20, 50, 150, 1441.0 / 861},
		// No association (1 in 4 won with and without the factor), yet
		// the added ones move the ratio off 1: (6 · 46) / (16 · 16).
		{5, 15, 20, 60, 276.0 / 256},
		{0, 0, 0, 0, 1},                           // no leads at all
		{0, 0, 30, 70, 71.0 / 31},                 // factor nobody has
		{30, 70, 30, 70, 31.0 / 71},               // factor everybody has
		{2, 0, 2, 0, 3},                           // two leads, both won, both with it
		{5, 3, 4, 2, 5.0 / 3},                     // s, f clamped to 4, 2: (5 · 1) / (1 · 3)
		{-5, -3, -1, -1, 1},                       // nonsense clamps to the empty table
		{1e6, 0, 1e6, 1e6, (1e6 + 1) * (1e6 + 1)}, // (10⁶+1)² / (1 · 1)
	}
	for _, c := range cases {
		if got := OddsRatioPlusOne(c.s, c.f, c.S, c.F); math.Abs(got-c.want) > 1e-12*c.want {
			t.Errorf("OddsRatioPlusOne(%d, %d, %d, %d) = %v, want %v", c.s, c.f, c.S, c.F, got, c.want)
		}
	}
}

func TestDetIsExact(t *testing.T) {
	const big = math.MaxInt64
	cases := []struct {
		a, b, c, d int64
		want       float64
	}{
		{3, 1, 1, 3, 8},
		{1, 3, 3, 1, -8},
		{big, big, big, big, 0},
		{big, big - 1, big, big, float64(big)}, // big² − (big−1)·big = big
		{3e9, 3e9 - 1, 3e9 - 1, 3e9, 6e9 - 1},
	}
	for _, c := range cases {
		if got := det(c.a, c.b, c.c, c.d); got != c.want {
			t.Errorf("det(%d, %d, %d, %d) = %v, want %v", c.a, c.b, c.c, c.d, got, c.want)
		}
	}
}
