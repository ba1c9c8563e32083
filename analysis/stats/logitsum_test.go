package stats

import (
	"math"
	"math/big"
	"math/rand/v2"
	"testing"
)

// TestPenLogLikIsAccurate: over a million rows the penalised
// log-likelihood must be exact to well below the gain of a last Newton
// step (about 1e-7 at this size), or the step-halving test rejects good
// steps and the fit stalls, as it did on a million generated leads before
// the sum was compensated. The reference groups identical rows and sums
// in 256-bit floats.
func TestPenLogLikIsAccurate(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	n := 1_000_000
	X := make([][]float64, n)
	y := make([]float64, n)
	type key struct{ a, b, c, y int }
	count := map[key]int64{}
	for i := range X {
		k := key{}
		if r.Float64() < 0.035 {
			k.a = 1
		}
		if r.Float64() < 0.025 {
			k.b = 1
		}
		if r.Float64() < 0.07 {
			k.c = 1
		}
		if r.Float64() < 0.065 {
			k.y = 1
		}
		X[i] = []float64{float64(k.a), float64(k.b), float64(k.c)}
		y[i] = float64(k.y)
		count[k]++
	}
	beta := []float64{-2.7312345, 1.4049986655810833, 0.8156702655198401, 0.7377291442990043}
	cols, vals := sparseRows(X, nil)
	f := logitFit{cols: cols, vals: vals, y: y, lambda: 1, p: 4}
	got, grad, _ := f.evaluate(beta)

	ref := new(big.Float).SetPrec(256)
	for k, c := range count {
		e := beta[0] + beta[1]*float64(k.a) + beta[2]*float64(k.b) + beta[3]*float64(k.c)
		term := new(big.Float).SetPrec(256).SetFloat64(float64(k.y)*e - log1pExp(e))
		ref.Add(ref, term.Mul(term, new(big.Float).SetInt64(c)))
	}
	for _, b := range beta[1:] {
		ref.Sub(ref, new(big.Float).SetPrec(256).SetFloat64(0.5*b*b))
	}
	want, _ := ref.Float64()
	if math.Abs(got-want) > 1e-9 {
		t.Errorf("penalised log-likelihood %.12f, reference %.12f: off by %.2g", got, want, got-want)
	}
	// The gradient is the likelihood's slope: central differences agree.
	for j := range beta {
		h := 1e-5
		up, down := append([]float64(nil), beta...), append([]float64(nil), beta...)
		up[j] += h
		down[j] -= h
		lu, _, _ := f.evaluate(up)
		ld, _, _ := f.evaluate(down)
		if d := (lu - ld) / (2 * h); math.Abs(d-grad[j]) > 1e-4*(1+math.Abs(grad[j])) {
			t.Errorf("gradient %d: %v, central difference %v", j, grad[j], d)
		}
	}
}
