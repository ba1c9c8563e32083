package stats

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"
)

// testGrad is the gradient of the penalised log-likelihood, written out
// again here so that the checks below do not trust logitFit.
func testGrad(X [][]float64, y []float64, lambda float64, beta []float64) []float64 {
	g := make([]float64, len(beta))
	for i, row := range X {
		e := beta[0]
		for j, v := range row {
			e += beta[j+1] * v
		}
		r := y[i] - 1/(1+math.Exp(-e))
		g[0] += r
		for j, v := range row {
			g[j+1] += r * v
		}
	}
	for j := 1; j < len(beta); j++ {
		g[j] -= lambda * beta[j]
	}
	return g
}

// params joins a result's intercept and coefficients into one vector.
func params(r LogitResult) []float64 { return append([]float64{r.Intercept}, r.Coef...) }

// TestLogisticOneBinaryFactor uses the case where the maximum-likelihood
// fit is known in closed form: with one 0/1 factor the model is saturated,
// so the intercept is the log-odds of the reference group, the coefficient
// is the log odds ratio of the 2×2 table, and the standard errors are
// Woolf's: sqrt(1/a + 1/b) and sqrt(1/a + 1/b + 1/c + 1/d).
func TestLogisticOneBinaryFactor(t *testing.T) {
	const (
		refWon, refLost = 30, 70 // without the factor
		facWon, facLost = 45, 15 // with it
	)
	var X [][]float64
	var y []float64
	add := func(x, outcome float64, n int) {
		for range n {
			X = append(X, []float64{x})
			y = append(y, outcome)
		}
	}
	add(0, 1, refWon)
	add(0, 0, refLost)
	add(1, 1, facWon)
	add(1, 0, facLost)

	res, err := FitLogistic(X, y, 0)
	if err != nil {
		t.Fatal(err)
	}
	want := LogitResult{
		Intercept:   math.Log(30.0 / 70),
		InterceptSE: math.Sqrt(1.0/30 + 1.0/70),
		Coef:        []float64{math.Log((45.0 / 15) / (30.0 / 70))},
		SE:          []float64{math.Sqrt(1.0/30 + 1.0/70 + 1.0/45 + 1.0/15)},
	}
	if !res.Converged || res.Iterations > 20 {
		t.Errorf("converged %v after %d steps", res.Converged, res.Iterations)
	}
	for _, c := range []struct {
		name      string
		got, want float64
	}{
		{"intercept", res.Intercept, want.Intercept},
		{"intercept SE", res.InterceptSE, want.InterceptSE},
		{"coefficient", res.Coef[0], want.Coef[0]},
		{"coefficient SE", res.SE[0], want.SE[0]},
	} {
		if math.Abs(c.got-c.want) > 1e-9 {
			t.Errorf("%s = %.12g, want %.12g", c.name, c.got, c.want)
		}
	}
}

// randomData draws n rows of k correlated factors (some binary) and
// outcomes from a known logistic model.
func randomData(n int, seed uint64) ([][]float64, []float64) {
	rng := rand.New(rand.NewPCG(seed, 7))
	truth := []float64{-1, 0.8, -0.5, 0.3, 1.2}
	X := make([][]float64, n)
	y := make([]float64, n)
	for i := range X {
		a := rng.NormFloat64()
		b := 0.6*a + 0.8*rng.NormFloat64()
		c := 0.0
		if rng.Float64() < 0.3 {
			c = 1
		}
		d := 0.0
		if rng.Float64() < 0.2+0.4*c {
			d = 1
		}
		X[i] = []float64{a, b, c, d}
		e := truth[0]
		for j, v := range X[i] {
			e += truth[j+1] * v
		}
		if rng.Float64() < 1/(1+math.Exp(-e)) {
			y[i] = 1
		}
	}
	return X, y
}

// gradientAscent fits the same penalised model the slow, obvious way:
// fixed-step gradient ascent with a step of 1/L, where L bounds the
// curvature by ¼·‖X̃‖²_F + λ.
func gradientAscent(X [][]float64, y []float64, lambda float64) []float64 {
	L := lambda
	for _, row := range X {
		L += 0.25
		for _, v := range row {
			L += 0.25 * v * v
		}
	}
	beta := make([]float64, len(X[0])+1)
	for range 50_000 {
		g := testGrad(X, y, lambda, beta)
		for j := range beta {
			beta[j] += g[j] / L
		}
	}
	return beta
}

// invert inverts a small matrix by Gauss–Jordan elimination with partial
// pivoting, for the numerical-Hessian check.
func invert(a [][]float64) [][]float64 {
	n := len(a)
	m := make([][]float64, n)
	for i := range a {
		m[i] = make([]float64, 2*n)
		copy(m[i], a[i])
		m[i][n+i] = 1
	}
	for col := range n {
		piv := col
		for r := col + 1; r < n; r++ {
			if math.Abs(m[r][col]) > math.Abs(m[piv][col]) {
				piv = r
			}
		}
		m[col], m[piv] = m[piv], m[col]
		for r := range n {
			if r == col {
				continue
			}
			f := m[r][col] / m[col][col]
			for c := range 2 * n {
				m[r][c] -= f * m[col][c]
			}
		}
	}
	inv := make([][]float64, n)
	for i := range inv {
		inv[i] = make([]float64, n)
		for j := range inv[i] {
			inv[i][j] = m[i][n+j] / m[i][i]
		}
	}
	return inv
}

func TestLogisticPenalisedMatchesIndependentFits(t *testing.T) {
	X, y := randomData(300, 1)
	const lambda = 0.7
	res, err := FitLogistic(X, y, lambda)
	if err != nil {
		t.Fatal(err)
	}
	if !res.Converged {
		t.Fatalf("did not converge in %d steps", res.Iterations)
	}
	beta := params(res)

	// First-order condition: the penalised gradient vanishes.
	for j, g := range testGrad(X, y, lambda, beta) {
		if math.Abs(g) > 1e-8 {
			t.Errorf("gradient[%d] = %g at the solution", j, g)
		}
	}
	// Gradient ascent reaches the same point.
	for j, b := range gradientAscent(X, y, lambda) {
		if math.Abs(beta[j]-b) > 1e-7 {
			t.Errorf("parameter %d: Newton %.10g, gradient ascent %.10g", j, beta[j], b)
		}
	}
	// Standard errors: the Hessian by central differences of the
	// gradient, inverted by Gauss–Jordan.
	const h = 1e-5
	p := len(beta)
	hess := make([][]float64, p)
	for j := range p {
		up := append([]float64(nil), beta...)
		down := append([]float64(nil), beta...)
		up[j] += h
		down[j] -= h
		gu, gd := testGrad(X, y, lambda, up), testGrad(X, y, lambda, down)
		hess[j] = make([]float64, p)
		for l := range p {
			hess[j][l] = -(gu[l] - gd[l]) / (2 * h)
		}
	}
	cov := invert(hess)
	se := append([]float64{res.InterceptSE}, res.SE...)
	for j := range p {
		if want := math.Sqrt(cov[j][j]); math.Abs(se[j]-want) > 1e-6*want {
			t.Errorf("SE[%d] = %.10g, numerical Hessian gives %.10g", j, se[j], want)
		}
	}
}

func TestLogisticUnpenalisedGradient(t *testing.T) {
	X, y := randomData(2000, 2)
	res, err := FitLogistic(X, y, 0)
	if err != nil {
		t.Fatal(err)
	}
	for j, g := range testGrad(X, y, 0, params(res)) {
		if math.Abs(g) > 1e-8 {
			t.Errorf("gradient[%d] = %g at the MLE", j, g)
		}
	}
	// A heavier penalty pulls every coefficient towards 0.
	heavy, err := FitLogistic(X, y, 1e4)
	if err != nil {
		t.Fatal(err)
	}
	for j := range res.Coef {
		if !(math.Abs(heavy.Coef[j]) < math.Abs(res.Coef[j])) || !(heavy.SE[j] < res.SE[j]) {
			t.Errorf("coefficient %d: λ=0 %v ± %v, λ=10⁴ %v ± %v", j, res.Coef[j], res.SE[j], heavy.Coef[j], heavy.SE[j])
		}
	}
}

func TestLogisticPerfectSeparation(t *testing.T) {
	X := [][]float64{{-2}, {-1}, {-0.5}, {0.5}, {1}, {2}}
	y := []float64{0, 0, 0, 1, 1, 1}
	res, err := FitLogistic(X, y, 1)
	if err != nil {
		t.Fatal(err)
	}
	if !res.Converged {
		t.Errorf("λ=1 did not converge in %d steps", res.Iterations)
	}
	for _, v := range append(params(res), res.InterceptSE, res.SE[0]) {
		if !isFinite(v) {
			t.Fatalf("non-finite result %+v", res)
		}
	}
	for j, g := range testGrad(X, y, 1, params(res)) {
		if math.Abs(g) > 1e-8 {
			t.Errorf("gradient[%d] = %g", j, g)
		}
	}
	// Without a penalty the MLE is infinite: the fit must say so, by an
	// error or by not converging, and never return NaN or Inf.
	res, err = FitLogistic(X, y, 0)
	if err == nil {
		if res.Converged {
			t.Errorf("λ=0 on separated data claims convergence: %+v", res)
		}
		for _, v := range append(params(res), res.InterceptSE, res.SE[0]) {
			if !isFinite(v) {
				t.Errorf("λ=0 on separated data gave %+v", res)
			}
		}
	}
	// A factor everyone has (a copy of the intercept) is fine with a
	// penalty and singular without one.
	X2 := [][]float64{{1}, {1}, {1}, {1}}
	y2 := []float64{0, 1, 1, 0}
	if _, err := FitLogistic(X2, y2, 1); err != nil {
		t.Errorf("constant factor with λ=1: %v", err)
	}
	if _, err := FitLogistic(X2, y2, 0); !errors.Is(err, ErrSingular) {
		t.Errorf("constant factor with λ=0: err = %v, want ErrSingular", err)
	}
}

func TestLogisticInputErrors(t *testing.T) {
	ok := [][]float64{{0}, {1}}
	cases := []struct {
		name   string
		X      [][]float64
		y      []float64
		lambda float64
	}{
		{"no rows", nil, nil, 1},
		{"sizes differ", ok, []float64{0}, 1},
		{"ragged rows", [][]float64{{0, 1}, {1}}, []float64{0, 1}, 1},
		{"NaN factor", [][]float64{{math.NaN()}, {1}}, []float64{0, 1}, 1},
		{"infinite factor", [][]float64{{math.Inf(1)}, {1}}, []float64{0, 1}, 1},
		{"NaN outcome", ok, []float64{math.NaN(), 1}, 1},
		{"outcome above 1", ok, []float64{0, 2}, 1},
		{"negative lambda", ok, []float64{0, 1}, -1},
		{"NaN lambda", ok, []float64{0, 1}, math.NaN()},
		{"all won", ok, []float64{1, 1}, 1},
		{"none won", ok, []float64{0, 0}, 1},
	}
	for _, c := range cases {
		if _, err := FitLogistic(c.X, c.y, c.lambda); err == nil {
			t.Errorf("%s: no error", c.name)
		}
	}
	// No factors at all is an intercept-only model: the overall log-odds.
	res, err := FitLogistic([][]float64{{}, {}, {}, {}}, []float64{1, 0, 0, 0}, 1)
	if err != nil || math.Abs(res.Intercept-math.Log(1.0/3)) > 1e-12 || len(res.Coef) != 0 {
		t.Errorf("intercept only: %+v, %v", res, err)
	}
}

// TestLogisticWeightedMatchesExpanded fits leads grouped by their factors
// (each distinct row once, weighted by how many leads have it, with their
// close rate as the outcome) and expects the fit of the leads one by one:
// the grouped binomial likelihood is the same function.
func TestLogisticWeightedMatchesExpanded(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	for trial := range 20 {
		k := 1 + rng.IntN(5)
		n := 200 + rng.IntN(2000)
		X := make([][]float64, n)
		y := make([]float64, n)
		groups := map[uint64][2]float64{} // pattern -> leads, won
		for i := range X {
			X[i] = make([]float64, k)
			var mask uint64
			eta := -2.0
			for j := range k {
				if rng.Float64() < 0.3 {
					X[i][j] = 1
					mask |= 1 << j
					eta += float64(j) - 1
				}
			}
			if rng.Float64() < 1/(1+math.Exp(-eta)) {
				y[i] = 1
			}
			g := groups[mask]
			groups[mask] = [2]float64{g[0] + 1, g[1] + y[i]}
		}
		var gx [][]float64
		var gy, gw []float64
		for mask, g := range groups {
			row := make([]float64, k)
			for j := range k {
				row[j] = float64(mask >> j & 1)
			}
			gx, gy, gw = append(gx, row), append(gy, g[1]/g[0]), append(gw, g[0])
		}
		// A zero-weight row must change nothing.
		gx, gy, gw = append(gx, make([]float64, k)), append(gy, 1), append(gw, 0)
		for _, lambda := range []float64{0, 1} {
			want, err1 := FitLogistic(X, y, lambda)
			got, err2 := FitLogisticWeighted(gx, gy, gw, lambda)
			if (err1 == nil) != (err2 == nil) {
				t.Fatalf("trial %d λ=%v: errors differ: %v / %v", trial, lambda, err1, err2)
			}
			if err1 != nil {
				continue
			}
			w, g := append(params(want), want.InterceptSE), append(params(got), got.InterceptSE)
			w, g = append(w, want.SE...), append(g, got.SE...)
			for j := range w {
				if math.Abs(w[j]-g[j]) > 1e-7*(1+math.Abs(w[j])) {
					t.Fatalf("trial %d λ=%v: parameter %d is %v grouped, %v one by one", trial, lambda, j, g[j], w[j])
				}
			}
		}
	}
	bad := [][]float64{{0}, {1}}
	for name, w := range map[string][]float64{
		"negative weight": {-1, 1}, "NaN weight": {math.NaN(), 1}, "infinite weight": {math.Inf(1), 1},
		"all zero": {0, 0}, "wrong length": {1},
	} {
		if _, err := FitLogisticWeighted(bad, []float64{0, 1}, w, 1); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
	// Only a zero-weight row has the other outcome: no variation.
	if _, err := FitLogisticWeighted(bad, []float64{0, 1}, []float64{5, 0}, 1); err == nil {
		t.Error("outcome varies only in a zero-weight row: no error")
	}
}
