package stats

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"
)

// randomGrouped is k 0/1 factors over rows of a few leads each, with
// outcomes drawn from a known model.
func randomGrouped(seed uint64, rows, k int, coef []float64) Grouped {
	r := rand.New(rand.NewPCG(seed, 1))
	g := Grouped{}
	for range rows {
		x := make([]float64, k)
		eta := -1.0
		for j := range x {
			if r.Float64() < 0.3 {
				x[j] = 1
				eta += coef[j]
			}
		}
		n := float64(1 + r.IntN(6))
		var w float64
		for range int(n) {
			if r.Float64() < 1/(1+math.Exp(-eta)) {
				w++
			}
		}
		g.X = append(g.X, x)
		g.Leads = append(g.Leads, n)
		g.Won = append(g.Won, w)
	}
	return g
}

func TestFoldsKeepEveryLeadOnce(t *testing.T) {
	g := randomGrouped(1, 300, 3, []float64{1, -1, 0})
	folds := g.Folds(5, 7)
	again := g.Folds(5, 7)
	for i := range g.X {
		var n, w float64
		for f, part := range folds {
			n += part.Leads[i]
			w += part.Won[i]
			if part.Won[i] > part.Leads[i] || part.Won[i] < 0 {
				t.Fatalf("row %d fold %d: %v won of %v", i, f, part.Won[i], part.Leads[i])
			}
			// Leads are dealt evenly: no fold has more than one extra.
			if d := part.Leads[i] - math.Floor(g.Leads[i]/5); d < 0 || d > 1 {
				t.Fatalf("row %d fold %d holds %v of %v leads", i, f, part.Leads[i], g.Leads[i])
			}
			if part.Leads[i] != again[f].Leads[i] || part.Won[i] != again[f].Won[i] {
				t.Fatalf("row %d fold %d differs between two splits with one seed", i, f)
			}
		}
		if n != g.Leads[i] || w != g.Won[i] {
			t.Fatalf("row %d: folds hold %v leads, %v won; the row has %v, %v", i, n, w, g.Leads[i], g.Won[i])
		}
	}
}

// The grouped deviance is the deviance of the leads one by one, each 0/1.
func TestDevianceIsTheLeadsOneByOne(t *testing.T) {
	g := randomGrouped(2, 200, 3, []float64{1.5, -0.5, 0.2})
	fit, err := g.Fit(1)
	if err != nil {
		t.Fatal(err)
	}
	var want float64
	for i, x := range g.X {
		eta := fit.Intercept
		for j, v := range x {
			eta += fit.Coef[j] * v
		}
		p := 1 / (1 + math.Exp(-eta))
		for k := range int(g.Leads[i]) {
			if float64(k) < g.Won[i] {
				want -= 2 * math.Log(p)
			} else {
				want -= 2 * math.Log(1-p)
			}
		}
	}
	if got := Deviance(fit, g); math.Abs(got-want) > 1e-9*want {
		t.Fatalf("deviance %v, one by one %v", got, want)
	}
}

func TestDependentFindsCopiesComplementsAndSums(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 1))
	g := Grouped{}
	for range 400 {
		a := float64(r.IntN(2))
		b := float64(r.IntN(2))
		v := r.IntN(3) // one of three values
		x := []float64{
			a,                  // 0
			b,                  // 1
			a,                  // 2: a copy of 0
			1 - b,              // 3: the complement of 1
			b2f(v == 0),        // 4
			b2f(v == 1),        // 5
			b2f(v == 2),        // 6: with 4 and 5, sums to the intercept
			a * b,              // 7: not a linear combination
			float64(r.IntN(2)), // 8
		}
		g.X = append(g.X, x)
		g.Leads = append(g.Leads, float64(1+r.IntN(3)))
		g.Won = append(g.Won, 0)
	}
	got := g.Dependent([]int{0, 1, 2, 3, 4, 5, 6, 7, 8}, 1e-9)
	want := []bool{false, false, true, true, false, false, true, false, false}
	for k := range want {
		if got[k] != want[k] {
			t.Fatalf("column %d: dependent %v, want %v (all: %v)", k, got[k], want[k], got)
		}
	}
	// A column no lead varies on is dependent on the intercept.
	h := Grouped{Leads: g.Leads, Won: g.Won}
	for _, x := range g.X {
		h.X = append(h.X, []float64{x[0], 1})
	}
	if !h.Dependent([]int{0, 1}, 1e-9)[1] {
		t.Fatal("a constant column is not dependent")
	}
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// Cross-validation picks little shrinkage when the factors carry a strong
// signal and much when they are noise.
func TestCrossValidateShrinksNoise(t *testing.T) {
	strong := randomGrouped(4, 3000, 4, []float64{2, -1.5, 1, 0.8})
	cv, err := CrossValidate(strong, PenaltyGrid(), strong.Folds(5, 1))
	if err != nil {
		t.Fatal(err)
	}
	if l := cv.Lambdas[cv.Best]; l > 10 {
		t.Errorf("strong effects: chose λ = %v, want little shrinkage", l)
	}
	noise := randomGrouped(5, 300, 12, make([]float64, 12))
	cv, err = CrossValidate(noise, PenaltyGrid(), noise.Folds(5, 1))
	if err != nil {
		t.Fatal(err)
	}
	if l := cv.Lambdas[cv.Best]; l < 30 {
		t.Errorf("pure noise: chose λ = %v, want heavy shrinkage", l)
	}
	// The deviance of the best penalty is no more than any other's.
	for l, d := range cv.Deviance {
		if d < cv.Deviance[cv.Best] {
			t.Fatalf("penalty %v has deviance %v below the chosen %v", cv.Lambdas[l], d, cv.Deviance[cv.Best])
		}
	}
}

func TestCrossValidateNeedsBothOutcomes(t *testing.T) {
	g := Grouped{X: [][]float64{{0}, {1}}, Leads: []float64{3, 3}, Won: []float64{0, 1}}
	if _, err := CrossValidate(g, PenaltyGrid(), g.Folds(5, 1)); !errors.Is(err, ErrTooFewForCV) {
		t.Fatalf("one win in six leads over five folds: err %v, want ErrTooFewForCV", err)
	}
}

// Merging rows by some columns keeps the totals, and fitting the merged
// rows gives the same model as fitting the rows with the other columns'
// coefficients forced out.
func TestColumnsMergesRows(t *testing.T) {
	g := randomGrouped(6, 500, 4, []float64{1, -1, 0.5, 0})
	sub := g.Columns([]int{0, 2})
	n, w := g.Totals()
	sn, sw := sub.Totals()
	if n != sn || w != sw {
		t.Fatalf("totals %v/%v became %v/%v", n, w, sn, sw)
	}
	if len(sub.X) > 4 {
		t.Fatalf("two 0/1 columns make at most 4 rows, got %d", len(sub.X))
	}
}
