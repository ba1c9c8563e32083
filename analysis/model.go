package analysis

import (
	"context"
	"fmt"
	"math"
	"slices"

	"github.com/leadlab/leadlab/analysis/stats"
	"github.com/leadlab/leadlab/queries"
)

// Model is the multivariate view of the correlation table: the adjusted
// model (docs/statistics.md), an
// L2-penalised logistic regression over the candidate factors, profile
// and behaviour together, with its penalty chosen by cross-validation,
// because actions go together and univariate lift double-counts them.
// Factors are the ones it keeps, with their adjusted points.
type Model struct {
	Factors []ModelFactor `json:"factors"`
	AUC     *float64      `json:"auc"` // in-sample; nil when no model was fitted
	Lambda  float64       `json:"lambda"`
	// Candidates is how many factors the model was fitted on before the
	// floor and the cap on factors.
	Candidates int    `json:"candidates"`
	Note       string `json:"note"`
}

// ModelFactor is one kept factor; OddsRatio is exp(coef), the odds ratio
// adjusted for the other factors, and Points its adjusted points.
type ModelFactor struct {
	Factor    string  `json:"factor"`
	Coef      float64 `json:"coef"`
	SE        float64 `json:"se"`
	OddsRatio float64 `json:"odds_ratio"`
	Points    int     `json:"points"`
}

// maxModelFactors is the most rules a model keeps (a scorecard of 15–20
// factors is as many as an analyst can read).
const maxModelFactors = 20

// modelView fits the adjusted model over the correlation table's leads
// with the seeds' rules (the 5-point floor, at most 20 factors), sets
// each factor's AdjustedPoints and returns the multivariate view.
func modelView(ctx context.Context, ws *queries.Workspace, r *ActionsReport, counts []queries.FactorCount) (Model, error) {
	m := Model{Factors: []ModelFactor{}}
	a, err := fitAdjusted(ctx, ws, *r, counts, adjustOptions{MinPoints: minSuggestLiftPP, MaxFactors: maxModelFactors})
	if err != nil {
		return m, err
	}
	m.Lambda, m.Candidates = a.Lambda, len(a.FullCols)
	for _, n := range a.Notes {
		m.Note = joinNote(m.Note, n)
	}
	pts := map[string]int{}
	for _, k := range a.Kept {
		f := a.Factors[k]
		pts[f.Factor] = f.Points
		m.Factors = append(m.Factors, ModelFactor{Factor: f.Factor, Coef: f.Coef, SE: f.SE, OddsRatio: math.Exp(f.Coef), Points: f.Points})
	}
	for i := range r.Factors {
		r.Factors[i].AdjustedPoints = pts[r.Factors[i].Factor]
	}
	if len(a.FullCols) == 0 {
		m.Note = joinNote(m.Note, "no factor could enter the model")
		return m, nil
	}
	// The in-sample AUC of the kept factors' unrounded model.
	coef := make([]float64, len(a.FullCols))
	for c, k := range a.FullCols {
		if slices.Contains(a.Kept, k) {
			coef[c] = a.Factors[k].Coef
		}
	}
	cells := scoreCells(a.design, coef)
	scores, won, lost := make([]float64, len(cells)), make([]float64, len(cells)), make([]float64, len(cells))
	for i, c := range cells {
		scores[i], won[i], lost[i] = c.score, c.won, c.leads-c.won
	}
	auc := stats.AUCCounts(scores, won, lost)
	m.AUC = &auc
	if a.CV == nil {
		m.Note = joinNote(m.Note, fmt.Sprintf("penalty λ=%g (not cross-validated)", a.Lambda))
	}
	return m, nil
}

func joinNote(a, b string) string {
	if a == "" {
		return b
	}
	return a + "; " + b
}

// allColumns is 0, 1, ..., n−1: every factor of a list.
func allColumns(n int) []int {
	cols := make([]int, n)
	for i := range cols {
		cols[i] = i
	}
	return cols
}
