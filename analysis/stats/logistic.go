package stats

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
)

// Settings of the Newton iteration in FitLogistic.
const (
	logitMaxIter  = 100  // Newton steps before giving up
	logitTol      = 1e-8 // converged when no coefficient moves more than this
	logitHalvings = 40   // step halvings tried before a step is abandoned
)

// LogitResult is a fitted logistic regression. Coef and SE hold one entry
// per column of X, in order; the intercept is kept apart because it is
// not penalised and is not a factor. Odds ratios adjusted for the other
// factors are exp(Coef[j]).
type LogitResult struct {
	Coef, SE               []float64
	Intercept, InterceptSE float64
	// Iterations is the number of Newton steps taken, and Converged
	// whether the last full step moved no coefficient by 10⁻⁸ or more
	// within 100 steps. A result that did not converge is still finite,
	// but its coefficients should not be reported as estimates.
	Iterations int
	Converged  bool
}

// FitLogistic fits P(y = 1) = 1/(1 + exp(−(b0 + X·b))) by maximising the
// penalised log-likelihood ℓ(b0, b) − (lambda/2)·‖b‖². The L2 penalty is
// what makes the multivariate view usable on lead data: factors come in
// correlated bundles and rare ones are often perfectly separated (every
// lead with them won), where the plain maximum-likelihood estimate is
// infinite. With lambda > 0 the estimate always exists; with lambda = 0
// this is ordinary maximum likelihood. The intercept is not penalised, so
// it still matches the overall close rate.
//
// The fit is Newton–Raphson (equivalently IRLS): each step solves the
// penalised Hessian system by Cholesky and is halved until the penalised
// log-likelihood does not fall. Standard errors are the square roots of
// the diagonal of the inverse penalised Hessian at the optimum, the usual
// approximation for ridge-penalised models; they shrink with lambda.
//
// y holds outcomes in [0, 1], normally 0 or 1. Errors are returned, never
// panics, for: no rows, len(y) ≠ len(X), rows of different lengths, a
// NaN or infinite value, y outside [0, 1], a negative or non-finite
// lambda, an outcome with no variation (the intercept would be infinite),
// and a Hessian that is singular or nearly so (with lambda = 0: a factor
// with no variation, collinear factors, or perfect separation).
func FitLogistic(X [][]float64, y []float64, lambda float64) (LogitResult, error) {
	return FitLogisticWeighted(X, y, nil, lambda)
}

// FitLogisticWeighted is FitLogistic where row i stands for weight[i]
// observations with those factors, y[i] being their mean outcome: the
// grouped (binomial) form of the same likelihood. Leads with 0/1 factors
// fall into at most 2^k distinct rows, so a million leads can be fitted
// as a few hundred rows with their counts, to the same estimates up to
// rounding. A nil weight counts every row once. Besides FitLogistic's
// errors, a weight that is negative or not finite is an error.
func FitLogisticWeighted(X [][]float64, y, weight []float64, lambda float64) (LogitResult, error) {
	k, err := checkLogitInput(X, y, weight, lambda)
	if err != nil {
		return LogitResult{}, err
	}
	cols, vals := sparseRows(X, nil)
	return fitNewton(logitFit{cols: cols, vals: vals, y: y, w: weight, lambda: lambda, p: k + 1}, nil)
}

// fitNewton runs the Newton iteration from start (intercept first, then
// the coefficients), or from b = 0 and the overall log-odds when start is
// nil. Starting from the previous solution (a neighbouring penalty, the
// same model less a factor) saves most of the steps.
func fitNewton(f logitFit, start []float64) (LogitResult, error) {
	// Starting from the overall log-odds puts the intercept at its
	// optimum for b = 0, which saves a step or two on skewed outcomes.
	var sum, n float64
	for i, v := range f.y {
		sum += f.weight(i) * v
		n += f.weight(i)
	}
	mean := sum / n
	beta := make([]float64, f.p)
	beta[0] = math.Log(mean / (1 - mean))
	if start != nil {
		copy(beta, start)
	}

	res := LogitResult{}
	ll, grad, hess := f.evaluate(beta)
	next := make([]float64, f.p)
	for res.Iterations < logitMaxIter {
		var chol mat.Cholesky
		if err := factorize(&chol, hess, f.p); err != nil {
			return LogitResult{}, fmt.Errorf("fit logistic regression: step %d: %w", res.Iterations+1, err)
		}
		step := mat.NewVecDense(f.p, nil)
		if err := chol.SolveVecTo(step, mat.NewVecDense(f.p, grad)); err != nil {
			return LogitResult{}, fmt.Errorf("fit logistic regression: step %d: %w", res.Iterations+1, errSingular(err))
		}
		res.Iterations++
		var biggest float64
		for j := range beta {
			biggest = max(biggest, math.Abs(step.AtVec(j)))
		}

		// Halve the step until the penalised log-likelihood does not fall.
		// A tolerance of a few ulps of the sum lets the final, tiny steps
		// through, whose gain is below rounding. The derivatives at the
		// point accepted come with its likelihood, for the next step.
		moved := false
		for t, h := 1.0, 0; h <= logitHalvings; t, h = t/2, h+1 {
			for j := range beta {
				next[j] = beta[j] + t*step.AtVec(j)
			}
			if nl, ng, nh := f.evaluate(next); nl >= ll-1e-12*(1+math.Abs(ll)) {
				copy(beta, next)
				ll, grad, hess = nl, ng, nh
				moved = true
				break
			}
		}
		if biggest < logitTol {
			res.Converged = true
			break
		}
		if !moved {
			// No fraction of the Newton direction improves the objective:
			// the iterate is as good as floating point allows, but it did
			// not meet the tolerance, so say so.
			break
		}
	}

	if err := f.fillResult(&res, beta, hess); err != nil {
		return LogitResult{}, err
	}
	return res, nil
}

// fillResult stores beta and its standard errors, from the inverse of the
// penalised Hessian at beta (hess), into res.
func (f logitFit) fillResult(res *LogitResult, beta, hess []float64) error {
	var chol mat.Cholesky
	if err := factorize(&chol, hess, f.p); err != nil {
		return fmt.Errorf("fit logistic regression: standard errors: %w", err)
	}
	var cov mat.SymDense
	if err := chol.InverseTo(&cov); err != nil {
		return fmt.Errorf("fit logistic regression: standard errors: %w", errSingular(err))
	}
	se := make([]float64, f.p)
	for j := range se {
		se[j] = math.Sqrt(cov.At(j, j))
		if !isFinite(beta[j]) || !isFinite(se[j]) {
			return fmt.Errorf("fit logistic regression: coefficient %d is %v with standard error %v: %w",
				j, beta[j], se[j], ErrSingular)
		}
	}
	res.Intercept, res.InterceptSE = beta[0], se[0]
	res.Coef, res.SE = beta[1:], se[1:]
	return nil
}

// ErrSingular reports that the penalised Hessian could not be inverted
// reliably. With lambda = 0 it means a factor with no variation,
// collinear factors, or perfect separation; a small positive lambda fixes
// all three.
var ErrSingular = errors.New("the penalised Hessian is singular or nearly so " +
	"(a factor with no variation, collinear factors or perfect separation; try lambda > 0)")

// errSingular wraps gonum's condition-number error so that callers can
// test for ErrSingular and read the condition number.
func errSingular(err error) error {
	return fmt.Errorf("%w: %v", ErrSingular, err)
}

// factorize computes the Cholesky factorisation of the p×p symmetric
// matrix stored row-major in hess.
func factorize(chol *mat.Cholesky, hess []float64, p int) error {
	if !chol.Factorize(mat.NewSymDense(p, hess)) {
		return ErrSingular
	}
	return nil
}

func isFinite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// checkLogitInput validates FitLogistic's arguments and returns the number
// of factors.
func checkLogitInput(X [][]float64, y, weight []float64, lambda float64) (int, error) {
	if len(X) == 0 {
		return 0, errors.New("fit logistic regression: no observations")
	}
	if len(y) != len(X) {
		return 0, fmt.Errorf("fit logistic regression: %d rows of factors but %d outcomes", len(X), len(y))
	}
	if weight != nil && len(weight) != len(X) {
		return 0, fmt.Errorf("fit logistic regression: %d rows of factors but %d weights", len(X), len(weight))
	}
	if !isFinite(lambda) || lambda < 0 {
		return 0, fmt.Errorf("fit logistic regression: lambda is %v, want a finite value ≥ 0", lambda)
	}
	k := len(X[0])
	var sum, n float64
	for i, row := range X {
		if len(row) != k {
			return 0, fmt.Errorf("fit logistic regression: row %d has %d factors, row 0 has %d", i, len(row), k)
		}
		for j, v := range row {
			if !isFinite(v) {
				return 0, fmt.Errorf("fit logistic regression: row %d factor %d is %v", i, j, v)
			}
		}
		if !(y[i] >= 0 && y[i] <= 1) {
			return 0, fmt.Errorf("fit logistic regression: outcome %d is %v, want a value in [0, 1]", i, y[i])
		}
		w := 1.0
		if weight != nil {
			w = weight[i]
		}
		if !isFinite(w) || w < 0 {
			return 0, fmt.Errorf("fit logistic regression: weight %d is %v, want a finite value ≥ 0", i, w)
		}
		if w > 0 {
			sum += w * y[i]
			n += w
		}
	}
	if n == 0 {
		return 0, errors.New("fit logistic regression: every weight is 0, so there are no observations")
	}
	if sum == 0 || sum == n {
		return 0, fmt.Errorf("fit logistic regression: all %v observations have outcome %v, so the intercept is infinite", n, math.Round(sum/n))
	}
	return k, nil
}
