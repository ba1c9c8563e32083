package stats

import "math"

// logitFit holds the data of one fit and evaluates the penalised
// log-likelihood and its derivatives. Parameter 0 is the intercept and
// parameter j ≥ 1 the coefficient of factor j−1. Each row is kept as its
// non-zero factors only: lead factors are 0/1 and a lead has few of them,
// so a row of sixty factors has a handful set, and summing over those
// alone makes the Hessian cost the square of that handful per row rather
// than of sixty. Nor is a column of ones copied in for the intercept.
type logitFit struct {
	cols   [][]int32   // row i's non-zero factors, ascending
	vals   [][]float64 // and their values
	y      []float64
	w      []float64 // observations each row stands for; nil: one each
	lambda float64
	p      int // number of parameters, intercept included
}

// sparseRows keeps the non-zero entries of some columns of X: factor c of
// the fit is column cols[c] of X (all of X's columns when cols is nil).
// The entries of all rows share two flat slices: one allocation each,
// not two per row.
func sparseRows(X [][]float64, cols []int) ([][]int32, [][]float64) {
	if cols == nil && len(X) > 0 {
		cols = make([]int, len(X[0]))
		for j := range cols {
			cols[j] = j
		}
	}
	var nnz int
	for _, row := range X {
		for _, j := range cols {
			if row[j] != 0 {
				nnz++
			}
		}
	}
	flatC, flatV := make([]int32, 0, nnz), make([]float64, 0, nnz)
	ci := make([][]int32, len(X))
	cv := make([][]float64, len(X))
	for i, row := range X {
		start := len(flatC)
		for c, j := range cols {
			if v := row[j]; v != 0 {
				flatC = append(flatC, int32(c))
				flatV = append(flatV, v)
			}
		}
		ci[i], cv[i] = flatC[start:len(flatC):len(flatC)], flatV[start:len(flatV):len(flatV)]
	}
	return ci, cv
}

// eta returns the linear predictor of row i.
func (f logitFit) eta(beta []float64, i int) float64 {
	e := beta[0]
	vals := f.vals[i]
	for a, j := range f.cols[i] {
		e += beta[j+1] * vals[a]
	}
	return e
}

// weight is how many observations row i stands for.
func (f logitFit) weight(i int) float64 {
	if f.w == nil {
		return 1
	}
	return f.w[i]
}

// evaluate returns, in one pass over the rows, the penalised
// log-likelihood Σ n·[y·η − log(1 + e^η)] − (λ/2)·Σ_{j≥1} β_j² (n being
// each row's weight), its gradient, and the penalised Hessian with its
// sign flipped (so that it is positive definite), Σ w·x̃x̃ᵀ + λ·diag(0, 1,
// …, 1) with w = n·μ(1 − μ), row-major p×p. The Newton iteration needs all
// three at every point it tries, and the rows, not the arithmetic, are
// what costs; one exponential per row serves the likelihood and μ. Only
// the upper triangle is accumulated, over each row's non-zero factors,
// and mirrored at the end.
//
// The likelihood's sum is compensated (Neumaier): over a million leads a
// plain running sum of same-signed terms drifts by 10⁻⁷ or more, as much
// as the gain of the last Newton steps, and the step-halving test then
// rejects good steps and the fit never converges.
func (f logitFit) evaluate(beta []float64) (ll float64, grad, hess []float64) {
	p := f.p
	grad = make([]float64, p)
	hess = make([]float64, p*p)
	var sum, comp float64
	add := func(v float64) {
		t := sum + v
		if math.Abs(sum) >= math.Abs(v) {
			comp += (sum - t) + v
		} else {
			comp += (v - t) + sum
		}
		sum = t
	}
	for i := range f.y {
		e := f.eta(beta, i)
		var mu, l1p float64 // σ(e) and log(1 + e^e)
		if e > 0 {
			x := math.Exp(-e)
			mu, l1p = 1/(1+x), e+math.Log1p(x)
		} else {
			x := math.Exp(e)
			mu, l1p = x/(1+x), math.Log1p(x)
		}
		n := f.weight(i)
		add(n * (f.y[i]*e - l1p))
		r := n * (f.y[i] - mu)
		w := n * mu * (1 - mu)
		grad[0] += r
		hess[0] += w
		cols, vals := f.cols[i], f.vals[i]
		for a, j := range cols {
			v := vals[a]
			grad[j+1] += r * v
			wv := w * v
			hess[j+1] += wv
			line := hess[(int(j)+1)*p:]
			for b := a; b < len(cols); b++ {
				line[cols[b]+1] += wv * vals[b]
			}
		}
	}
	for _, b := range beta[1:] {
		add(-f.lambda / 2 * b * b)
	}
	for j := 1; j < p; j++ {
		grad[j] -= f.lambda * beta[j]
		hess[j*p+j] += f.lambda
	}
	for j := range p {
		for l := j + 1; l < p; l++ {
			hess[l*p+j] = hess[j*p+l]
		}
	}
	return sum + comp, grad, hess
}

// log1pExp is log(1 + e^x) without overflow for large x or loss of
// precision for very negative x.
func log1pExp(x float64) float64 {
	if x > 0 {
		return x + math.Log1p(math.Exp(-x))
	}
	return math.Log1p(math.Exp(x))
}
