package stats

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"sync"
)

// Grouped is binomial data: row i stands for Leads[i] observations that
// share the factors X[i], Won[i] of them with outcome 1. Leads with 0/1
// factors fall into few distinct rows, so a million leads fit as a few
// thousand rows (FitLogisticWeighted) to the same estimates.
type Grouped struct {
	X          [][]float64
	Leads, Won []float64
	// sparse caches the non-zero entries of X for the fits, shared by
	// every Grouped made from this one with the same X (folds, Minus).
	sparse *sparseX
}

// sparseX is the non-zero entries of every row of an X.
type sparseX struct {
	cols [][]int32
	vals [][]float64
}

// nonZeros returns X's non-zero entries, computing them once.
func (g *Grouped) nonZeros() *sparseX {
	if g.sparse == nil {
		c, v := sparseRows(g.X, nil)
		g.sparse = &sparseX{c, v}
	}
	return g.sparse
}

// Columns keeps only some columns of X (by their place), merging the
// rows that become equal.
func (g Grouped) Columns(cols []int) Grouped {
	var out Grouped
	at := map[string]int{}
	key := make([]byte, len(cols))
	for i, row := range g.X {
		for c, j := range cols {
			key[c] = 0
			if row[j] != 0 {
				key[c] = 1
			}
		}
		k, ok := at[string(key)]
		if !ok {
			k = len(out.X)
			at[string(key)] = k
			r := make([]float64, len(cols))
			for c, j := range cols {
				r[c] = row[j]
			}
			out.X = append(out.X, r)
			out.Leads, out.Won = append(out.Leads, 0), append(out.Won, 0)
		}
		out.Leads[k] += g.Leads[i]
		out.Won[k] += g.Won[i]
	}
	return out
}

// Totals are the observations and the outcomes of 1.
func (g Grouped) Totals() (leads, won float64) {
	for i := range g.Leads {
		leads += g.Leads[i]
		won += g.Won[i]
	}
	return leads, won
}

// Fit fits the penalised logistic regression of FitLogisticWeighted to
// the rows that stand for at least one observation.
func (g Grouped) Fit(lambda float64) (LogitResult, error) {
	return g.FitCols(nil, lambda, nil)
}

// FitCols fits the model on some columns of g (all when cols is nil),
// reading the rows in place, starting from start — a model with the same
// columns, at another penalty or with others dropped — or from zero when
// start is nil.
func (g Grouped) FitCols(cols []int, lambda float64, start *LogitResult) (LogitResult, error) {
	if !isFinite(lambda) || lambda < 0 {
		return LogitResult{}, fmt.Errorf("fit logistic regression: lambda is %v, want a finite value ≥ 0", lambda)
	}
	k := len(cols)
	if cols == nil && len(g.X) > 0 {
		k = len(g.X[0])
	}
	// Parameter of each column of X: its place in cols, or −1.
	pos := make([]int32, 0)
	if cols != nil && len(g.X) > 0 {
		pos = make([]int32, len(g.X[0]))
		for j := range pos {
			pos[j] = -1
		}
		for c, j := range cols {
			pos[j] = int32(c)
		}
	}
	nz := g.nonZeros()
	f := logitFit{lambda: lambda, p: k + 1}
	var won, total float64
	for i, n := range g.Leads {
		if n <= 0 {
			continue
		}
		ci, cv := nz.cols[i], nz.vals[i]
		if cols != nil {
			var sc []int32
			var sv []float64
			for a, j := range ci {
				if p := pos[j]; p >= 0 {
					sc = append(sc, p)
					sv = append(sv, cv[a])
				}
			}
			ci, cv = sc, sv
		}
		f.cols = append(f.cols, ci)
		f.vals = append(f.vals, cv)
		f.y = append(f.y, g.Won[i]/n)
		f.w = append(f.w, n)
		won += g.Won[i]
		total += n
	}
	if won == 0 || won == total {
		return LogitResult{}, fmt.Errorf("fit logistic regression: all %v observations have the same outcome, so the intercept is infinite", total)
	}
	var beta []float64
	if start != nil && len(start.Coef) == k {
		beta = append([]float64{start.Intercept}, start.Coef...)
	}
	return fitNewton(f, beta)
}

// Eta is the model's linear predictor (log-odds) at the factors x.
func (r LogitResult) Eta(x []float64) float64 {
	e := r.Intercept
	for j, v := range x {
		e += r.Coef[j] * v
	}
	return e
}

// Deviance is −2 times the log-likelihood of the data under a fitted
// model: what cross-validation compares models by (it is the log loss,
// summed over observations and doubled).
func Deviance(r LogitResult, g Grouped) float64 {
	var d float64
	for i, x := range g.X {
		n, w := g.Leads[i], g.Won[i]
		if n <= 0 {
			continue
		}
		e := r.Eta(x)
		// log p = −log(1+e^−η), log(1−p) = −log(1+e^η).
		d += 2 * (w*log1pExp(-e) + (n-w)*log1pExp(e))
	}
	return d
}

// Folds splits every row's observations among k folds at random, the same
// for a seed: each row's leads are dealt as evenly as the count allows (the
// remainder to folds drawn at random) and its wins drawn without
// replacement, as if the leads themselves had been shuffled into folds.
// Every fold has the same X as g.
func (g *Grouped) Folds(k int, seed uint64) []Grouped {
	rng := rand.New(rand.NewPCG(seed, 0x6c65_6164_6c61_62))
	out := make([]Grouped, k)
	for f := range out {
		out[f] = Grouped{X: g.X, Leads: make([]float64, len(g.X)), Won: make([]float64, len(g.X)), sparse: g.nonZeros()}
	}
	for i := range g.X {
		n, w := int64(g.Leads[i]), int64(g.Won[i])
		base, extra := n/int64(k), n%int64(k)
		sizes := make([]int64, k)
		for f := range sizes {
			sizes[f] = base
		}
		for _, f := range rng.Perm(k)[:extra] {
			sizes[f]++
		}
		left, wonLeft := n, w
		for f, m := range sizes {
			var got int64
			for range m {
				if rng.Int64N(left) < wonLeft {
					got++
					wonLeft--
				}
				left--
			}
			out[f].Leads[i], out[f].Won[i] = float64(m), float64(got)
		}
	}
	return out
}

// Minus is g with the counts of part taken away: the training data of a
// fold.
func (g *Grouped) Minus(part Grouped) Grouped {
	out := Grouped{X: g.X, Leads: make([]float64, len(g.X)), Won: make([]float64, len(g.X)), sparse: g.nonZeros()}
	for i := range g.X {
		out.Leads[i] = g.Leads[i] - part.Leads[i]
		out.Won[i] = g.Won[i] - part.Won[i]
	}
	return out
}

// CVResult is the cross-validated deviance of each penalty of a grid.
type CVResult struct {
	Lambdas  []float64
	Deviance []float64 // summed over the folds' held-out observations
	Best     int       // the penalty with the smallest deviance
}

// ErrTooFewForCV says that some fold had no outcome of 0 or no outcome of
// 1 to train on, so the penalty cannot be chosen by cross-validation.
var ErrTooFewForCV = errors.New("too few observations of each outcome for cross-validation")

// CrossValidate chooses the L2 penalty of a logistic regression by k-fold
// cross-validation, as glmnet and scikit-learn's LogisticRegressionCV do:
// for each penalty of the grid, fit on k−1 folds and add up the deviance
// of the held-out fold; the penalty with the smallest total wins. The
// deviance (log loss) judges the probabilities themselves, not only their
// order, so it punishes a rare factor's overconfident estimate.
func CrossValidate(g Grouped, lambdas []float64, folds []Grouped) (CVResult, error) {
	res := CVResult{Lambdas: lambdas, Deviance: make([]float64, len(lambdas))}
	g.nonZeros() // once, before the folds share it
	dev := make([][]float64, len(folds))
	err := EachFold(len(folds), func(f int) error {
		part := folds[f]
		train := g.Minus(part)
		n, w := train.Totals()
		if w < 1 || n-w < 1 {
			return ErrTooFewForCV
		}
		// From the strongest penalty down, each fit starting from the
		// last: neighbouring penalties have nearby solutions.
		dev[f] = make([]float64, len(lambdas))
		var prev *LogitResult
		for l := len(lambdas) - 1; l >= 0; l-- {
			fit, err := train.FitCols(nil, lambdas[l], prev)
			if err != nil {
				return fmt.Errorf("cross-validation at penalty %g: %w", lambdas[l], err)
			}
			prev = &fit
			dev[f][l] = Deviance(fit, part)
		}
		return nil
	})
	if err != nil {
		return res, err
	}
	for _, d := range dev {
		for l, v := range d {
			res.Deviance[l] += v
		}
	}
	for l, d := range res.Deviance {
		if d < res.Deviance[res.Best] {
			res.Best = l
		}
	}
	return res, nil
}

// EachFold runs fn for folds 0 … n−1, as many at once as there are
// cores: the folds' fits are independent and the database is idle while
// they run. fn must only read what the folds share. It returns every
// error, joined in fold order.
func EachFold(n int, fn func(f int) error) error {
	errs := make([]error, n)
	sem := make(chan struct{}, max(runtime.GOMAXPROCS(0), 1))
	var wg sync.WaitGroup
	for f := range n {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			errs[f] = fn(f)
		}()
	}
	wg.Wait()
	return errors.Join(slices.DeleteFunc(errs, func(e error) bool { return e == nil })...)
}

// PenaltyGrid is the grid of L2 penalties CrossValidate is run over: from
// 0.1 to 1000 in steps of a decade. A penalty λ acts as a normal prior on
// each coefficient with standard deviation 1/√λ (3 to 0.03 log-odds), a
// fixed belief about effect sizes that does not grow with the number of
// leads, so the grid is absolute rather than scaled by n. Below 0.1 the
// prior (wider than any effect a lead factor has) changes nothing a fit
// can measure; the deviance is flat near its minimum, and every step more
// costs five fits.
func PenaltyGrid() []float64 {
	var out []float64
	for e := -1; e <= 3; e++ {
		out = append(out, math.Pow(10, float64(e)))
	}
	return out
}

// Dependent says, for each column of g in the order given, whether it is
// (to rounding) a linear combination of the intercept and the columns
// before it that were not themselves dependent: identical lead sets, a
// value and its complement, every value of an attribute at once. Such a
// column adds nothing a model can tell apart; with a penalty the model
// would split one effect between the copies. Rows count by their
// observations (rows with none do not count); a column is dependent when
// less than tol of its spread is left once the earlier columns are
// projected out.
//
// It works on the Gram matrix Σ n·x̃x̃ᵀ (x̃ the row with a leading 1),
// summed over each row's non-zero columns, and projects by a Cholesky
// factorisation taken in the given order: the pivot left for a column is
// exactly its squared distance from the span of those accepted before it.
// That costs the square of a row's few factors per row, where projecting
// the columns themselves cost the number of columns squared per row.
func (g *Grouped) Dependent(order []int, tol float64) []bool {
	k := 0
	if len(g.X) > 0 {
		k = len(g.X[0])
	}
	p := k + 1
	gram := make([]float64, p*p)
	nz := g.nonZeros()
	for i, n := range g.Leads {
		if n <= 0 {
			continue
		}
		gram[0] += n
		cols, vals := nz.cols[i], nz.vals[i]
		for a, j := range cols {
			v := n * vals[a]
			gram[int(j)+1] += v
			for b, l := range cols {
				gram[(int(j)+1)*p+int(l)+1] += v * vals[b]
			}
		}
	}
	for j := 1; j < p; j++ {
		gram[j*p] = gram[j]
	}
	// L holds the accepted columns' rows of the Cholesky factor, each
	// over the accepted columns before it (the intercept first).
	type row struct {
		col int // place in the Gram matrix
		l   []float64
	}
	var rows []row
	if gram[0] > 0 {
		rows = append(rows, row{0, []float64{math.Sqrt(gram[0])}})
	}
	dep := make([]bool, len(order))
	for o, j := range order {
		c := j + 1
		l := make([]float64, len(rows)+1)
		for a, r := range rows {
			v := gram[c*p+r.col]
			for b := range a {
				v -= l[b] * r.l[b]
			}
			l[a] = v / r.l[a]
		}
		left := gram[c*p+c]
		for a := range rows {
			left -= l[a] * l[a]
		}
		spread := gram[c*p+c]
		if gram[0] > 0 {
			spread -= gram[c] * gram[c] / gram[0]
		}
		if spread <= 0 || left <= tol*spread {
			dep[o] = true
			continue
		}
		l[len(rows)] = math.Sqrt(left)
		rows = append(rows, row{c, l})
	}
	return dep
}
