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
// against the unrounded penalised logistic model on the same factors (the
// coefficients the points were rounded from), and beside them the model
// of every candidate the factors were chosen from (what the 5-point floor
// and the cap on factors cost). Each is judged by AUC and by close rate
// and recall when the same number of held-out leads is sent to the SDRs.
type ModelCheck struct {
	Leads    int64         `json:"leads"` // held-out leads
	Share    float64       `json:"share"` // of them ready at the cutoff
	Points   *CheckFigures `json:"points"`
	Logistic *CheckFigures `json:"logistic"`
	// AllCandidates is the unrounded model of every candidate factor.
	AllCandidates *CheckFigures `json:"all_candidates"`
	// GapAUC is the points' AUC less the unrounded model's, in AUC points
	// (×100).
	GapAUC  *float64 `json:"gap_auc_points"`
	Verdict string   `json:"verdict"`
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

// checkModel scores the held-out leads with the unrounded models (their
// coefficients as points, so the scorer applies the same exposure rules
// as to the points) and compares them with the points scored in hist.
func checkModel(ctx context.Context, d *scoring.Data, m *adjusted, hist *scoring.Scores, holdout []bool, at scoring.Measured) (ModelCheck, error) {
	mc := ModelCheck{Leads: at.Leads, Share: at.Share}
	if at.Leads == 0 || at.Won == 0 || at.Won == at.Leads {
		mc.Verdict = "no held-out leads of both outcomes: nothing to check the points against"
		return mc, nil
	}
	if len(m.Kept) == 0 {
		mc.Verdict = "no factor was kept: nothing to check the points against"
		return mc, nil
	}
	var y []float64
	var idx []int
	for i, h := range holdout {
		if h {
			idx = append(idx, i)
			y = append(y, map[bool]float64{true: 1}[d.Leads.Won[i]])
		}
	}
	pts := make([]float64, len(idx))
	for k, i := range idx {
		pts[k] = hist.Score(i)
	}
	mc.Points = &CheckFigures{AUC: stats.AUC(pts, y), Ready: at.Ready, CloseRate: at.CloseRate, Recall: at.Recall}
	kept := scoring.Default()
	for _, k := range m.Kept {
		addRule(&kept, m.Factors[k].Factor, m.Factors[k].Coef)
	}
	all := scoring.Default()
	for c, k := range m.FullCols {
		addRule(&all, m.Factors[k].Factor, m.Full.Coef[c])
	}
	var err error
	if mc.Logistic, err = sameShare(ctx, d, kept, idx, y, at); err != nil {
		return mc, err
	}
	if mc.AllCandidates, err = sameShare(ctx, d, all, idx, y, at); err != nil {
		return mc, err
	}
	gap := 100 * (mc.Points.AUC - mc.Logistic.AUC)
	floor := 100 * (mc.Logistic.AUC - mc.AllCandidates.AUC)
	mc.GapAUC = &gap
	mc.Verdict = fmt.Sprintf("rounding costs %.1f AUC points on held-out leads (%.3f against the unrounded %.3f)", -gap, mc.Points.AUC, mc.Logistic.AUC)
	if gap < -maxAUCGap {
		mc.Verdict = fmt.Sprintf("the points rank held-out leads %.1f AUC points below their unrounded model (%.3f against %.3f), more than the %.1f allowed: points of ±1–2 on factors this strong lose their order; raise the points' scale",
			-gap, mc.Points.AUC, mc.Logistic.AUC, maxAUCGap)
	}
	switch {
	case floor < -maxAUCGap:
		mc.Verdict += fmt.Sprintf("; the %d kept factors rank them %.1f AUC points below the model of all %d candidates (%.3f): the factors under the %s-point floor or past the cap carry signal together — lower --min-lift or raise --max-factors to keep it",
			len(m.Kept), -floor, len(m.FullCols), mc.AllCandidates.AUC, Points(m.opt.MinPoints))
	default:
		mc.Verdict += fmt.Sprintf("; the model of all %d candidates does no better (%.3f)", len(m.FullCols), mc.AllCandidates.AUC)
	}
	return mc, nil
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
