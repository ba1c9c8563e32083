package analysis

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"github.com/leadlab/leadlab/analysis/scoring"
	"github.com/leadlab/leadlab/analysis/stats"
)

// ModelCheck shows what rounding costs: on the held-out leads, the points
// against the unrounded penalised logistic model they were rounded from
// (same factors), each judged by AUC and by close rate and recall when the
// same number of held-out leads is sent to the SDRs. Beside them, what the
// 5-point floor and the cap on factors cost: the cross-validated AUC, on
// the tuning leads, of the points and of the unrounded model of every
// candidate factor.
type ModelCheck struct {
	Leads    int64         `json:"leads"` // held-out leads
	Share    float64       `json:"share"` // of them ready at the cutoff
	Points   *CheckFigures `json:"points"`
	Logistic *CheckFigures `json:"logistic"`
	// GapAUC is the points' AUC less the unrounded model's, in AUC points
	// (×100).
	GapAUC *float64 `json:"gap_auc_points"`
	// CVPointsAUC and CVAllCandidatesAUC are cross-validated on the
	// tuning leads: each lead scored by a model made without its fold.
	CVPointsAUC        *float64 `json:"cv_points_auc"`
	CVAllCandidatesAUC *float64 `json:"cv_all_candidates_auc"`
	Verdict            string   `json:"verdict"`
}

// CheckFigures are one model's figures on the held-out leads.
type CheckFigures struct {
	AUC       float64 `json:"auc"`
	Ready     int64   `json:"ready"`
	CloseRate float64 `json:"close_rate"`
	Recall    float64 `json:"recall"`
}

// maxAUCGap is how far, in AUC points, the points may fall short of the
// unrounded model before the check says so.
const maxAUCGap = 0.5

// checkModel scores the held-out leads with the unrounded model (its
// coefficients as points, so the scorer applies the same exposure rules
// as to the points, and reads nothing new) and compares it with the
// points scored in hist; oof are the tuning leads' cross-fitted points.
func checkModel(ctx context.Context, d *scoring.Data, m *adjusted, hist *scoring.Scores, holdout []bool, at scoring.Measured, oof []scoredCell) (ModelCheck, error) {
	mc := ModelCheck{Leads: at.Leads, Share: at.Share}
	if len(m.Kept) == 0 {
		mc.Verdict = "no factor was kept: nothing to check the points against"
		return mc, nil
	}
	if len(oof) > 0 {
		p, all := cellsAUC(oof), m.crossValidatedAUC()
		mc.CVPointsAUC, mc.CVAllCandidatesAUC = &p, all
	}
	if at.Leads == 0 || at.Won == 0 || at.Won == at.Leads {
		mc.Verdict = "no held-out leads of both outcomes: nothing to check the points against"
		return mc, nil
	}
	var y []float64
	var idx []int
	for i, h := range holdout {
		if h {
			won := 0.0
			if d.Leads.Won[i] {
				won = 1
			}
			idx, y = append(idx, i), append(y, won)
		}
	}
	pts := make([]float64, len(idx))
	for k, i := range idx {
		pts[k] = hist.Score(i)
	}
	mc.Points = &CheckFigures{AUC: stats.AUC(pts, y), Ready: at.Ready, CloseRate: at.CloseRate, Recall: at.Recall}
	kept := scoring.Default()
	for _, k := range m.Kept {
		kept.AddRule(m.Factors[k].Factor, m.Factors[k].Coef)
	}
	var err error
	if mc.Logistic, err = sameShare(ctx, d, kept, idx, y, at); err != nil {
		return mc, err
	}
	gap := 100 * (mc.Points.AUC - mc.Logistic.AUC)
	mc.GapAUC = &gap
	mc.Verdict = fmt.Sprintf("rounding costs %.1f AUC points on held-out leads (%.3f against the unrounded %.3f)", max(-gap, 0), mc.Points.AUC, mc.Logistic.AUC)
	if gap < -maxAUCGap {
		mc.Verdict = fmt.Sprintf("the points rank held-out leads %.1f AUC points below their unrounded model (%.3f against %.3f), more than the %.1f allowed: whole points are too coarse for these factors",
			-gap, mc.Points.AUC, mc.Logistic.AUC, maxAUCGap)
	}
	if mc.CVPointsAUC != nil && mc.CVAllCandidatesAUC != nil {
		floor := 100 * (*mc.CVAllCandidatesAUC - *mc.CVPointsAUC)
		if floor > maxAUCGap {
			mc.Verdict += fmt.Sprintf("; cross-validated on the tuning leads, the model of all %d candidates ranks %.1f AUC points above the %d kept factors (%.3f against %.3f): factors under the %s-point floor or past the cap carry signal together — lower --min-lift or raise --max-factors to keep it",
				len(m.FullCols), floor, len(m.Kept), *mc.CVAllCandidatesAUC, *mc.CVPointsAUC, Points(m.opt.MinPoints))
		} else {
			mc.Verdict += fmt.Sprintf("; cross-validated, the model of all %d candidates does no better than the kept factors (%.3f against %.3f)", len(m.FullCols), *mc.CVAllCandidatesAUC, *mc.CVPointsAUC)
		}
	}
	return mc, nil
}

// cellsAUC is the AUC of scored groups of leads.
func cellsAUC(cells []scoredCell) float64 {
	s, w, l := make([]float64, len(cells)), make([]float64, len(cells)), make([]float64, len(cells))
	for i, c := range cells {
		s[i], w[i], l[i] = c.score, c.won, c.leads-c.won
	}
	return stats.AUCCounts(s, w, l)
}

// crossValidatedAUC is the AUC of the unrounded model of every candidate
// on the tuning leads, each fold scored by the model fitted without it;
// nil when a fold cannot be fitted.
func (m *adjusted) crossValidatedAUC() *float64 {
	var cells []scoredCell
	for _, part := range m.folds {
		fit, err := m.design.Minus(part).FitCols(nil, m.Lambda, &m.Full)
		if err != nil {
			return nil
		}
		cells = append(cells, scoreCells(part, fit.Coef)...)
	}
	a := cellsAUC(cells)
	return &a
}

// sameShare scores the held-out leads with a model's unrounded
// coefficients and measures its AUC, and its close rate and recall when
// as many leads are sent to the SDRs as the points send (its highest
// scores first).
func sameShare(ctx context.Context, d *scoring.Data, cfg scoring.Config, idx []int, y []float64, at scoring.Measured) (*CheckFigures, error) {
	if _, err := d.Prepare(ctx, cfg); err != nil {
		return nil, fmt.Errorf("model check: %w", err)
	}
	lin := d.Score(cfg, scoring.History)
	logit := make([]float64, len(idx))
	for k, i := range idx {
		logit[k] = lin.Score(i)
	}
	order := make([]int, len(idx))
	for k := range order {
		order[k] = k
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(logit[b], logit[a]) })
	var won int64
	for _, k := range order[:at.Ready] {
		if y[k] == 1 {
			won++
		}
	}
	f := CheckFigures{AUC: stats.AUC(logit, y), Ready: at.Ready, Recall: float64(won) / float64(at.Won)}
	if at.Ready > 0 {
		f.CloseRate = float64(won) / float64(at.Ready)
	}
	return &f, nil
}
