package analysis

import (
	"context"
	"fmt"
	"math"

	"github.com/leadlab/leadlab/analysis/stats"
	"github.com/leadlab/leadlab/queries"
)

// Model is the multivariate view of SPEC §4: an L2-regularised logistic
// regression on the selected factors, because actions go together and
// univariate lift double-counts them.
type Model struct {
	Factors []ModelFactor `json:"factors"`
	AUC     *float64      `json:"auc"` // in-sample; nil when no model was fitted
	Lambda  float64       `json:"lambda"`
	Note    string        `json:"note,omitempty"`
}

// ModelFactor is one coefficient; OddsRatio is exp(coef), the odds ratio
// adjusted for the other factors.
type ModelFactor struct {
	Factor    string  `json:"factor"`
	Coef      float64 `json:"coef"`
	SE        float64 `json:"se"`
	OddsRatio float64 `json:"odds_ratio"`
}

// Model settings: at most 20 factors (SPEC §1), and a ridge penalty that
// keeps estimates finite under separation without shrinking well-measured
// effects noticeably at thousands of leads.
const (
	maxModelFactors = 20
	modelLambda     = 1.0
)

// selectModelFactors picks the factors that earned points, strongest lift
// first, at most 20, and one per event: of "did it" and "did it at least N
// times", which are nearly the same column, the one with the strongest
// evidence (smallest p-value, then more leads).
func selectModelFactors(r ActionsReport, counts []queries.FactorCount) []queries.FactorCount {
	byName := map[string]queries.FactorCount{}
	for _, c := range counts {
		byName[c.Factor] = c
	}
	best := map[string]Factor{} // event -> its best variant
	for _, f := range r.Factors {
		ev := byName[f.Factor].Event
		if ev == "" || f.SuggestedPoints <= 0 {
			continue
		}
		if b, ok := best[ev]; !ok || f.PValue < b.PValue || (f.PValue == b.PValue && f.LeadsWith > b.LeadsWith) {
			best[ev] = f
		}
	}
	var out []queries.FactorCount
	for _, f := range r.Factors { // sorted by lift, highest first
		if f.SuggestedPoints <= 0 || len(out) == maxModelFactors {
			continue
		}
		c := byName[f.Factor]
		if c.Event != "" && best[c.Event].Factor != f.Factor {
			continue
		}
		out = append(out, c)
	}
	return out
}

func fitModel(ctx context.Context, ws *queries.Workspace, chosen []queries.FactorCount) (Model, error) {
	m := Model{Factors: []ModelFactor{}, Lambda: modelLambda}
	if len(chosen) == 0 {
		m.Note = "no factor earned points, so there is no model to fit"
		return m, nil
	}
	p, err := queries.FactorPatterns(ctx, ws, chosen)
	if err != nil {
		return m, err
	}
	d := p.Design(allColumns(len(chosen)))
	res, err := stats.FitLogisticWeighted(d.X, d.Rate, d.Leads, modelLambda)
	if err != nil {
		m.Note = "the model could not be fitted: " + err.Error()
		return m, nil
	}
	if !res.Converged {
		m.Note = fmt.Sprintf("the fit did not converge in %d iterations; figures are the last step's", res.Iterations)
	}
	for i, c := range chosen {
		m.Factors = append(m.Factors, ModelFactor{Factor: c.Factor, Coef: res.Coef[i], SE: res.SE[i], OddsRatio: math.Exp(res.Coef[i])})
	}
	scores := make([]float64, len(d.X))
	lost := make([]float64, len(d.X))
	for i, row := range d.X {
		s := res.Intercept
		for j, v := range row {
			s += res.Coef[j] * v
		}
		scores[i] = s
		lost[i] = d.Leads[i] - d.Won[i]
	}
	auc := stats.AUCCounts(scores, d.Won, lost)
	m.AUC = &auc
	return m, nil
}

// allColumns is 0, 1, ..., n−1: every factor of a list.
func allColumns(n int) []int {
	cols := make([]int, n)
	for i := range cols {
		cols[i] = i
	}
	return cols
}
