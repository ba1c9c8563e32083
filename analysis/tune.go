package analysis

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/leadlab/leadlab/analysis/scoring"
	"github.com/leadlab/leadlab/analysis/stats"
	"github.com/leadlab/leadlab/analysis/words"
	"github.com/leadlab/leadlab/queries"
)

// TuneOptions are the analyst's settings for `leadlab tune`.
type TuneOptions struct {
	Outcome      queries.OutcomeOptions
	Target       scoring.Range
	MaxFactors   int     // at most this many rules (SPEC §1: 15–20)
	MinLift      float64 // points: factors adding less are dropped
	Method       string  // "lift" (points = lift) or "logistic" (scaled coefficients)
	HoldoutShare float64 // the latest share of settled leads held out
	RandomSplit  bool    // hold out a seeded random share instead
	Seed         uint64
	// Base, when given, supplies what tuning does not decide: capacity,
	// the account roll-up, bands and the config's name.
	Base        *scoring.Config
	ToolVersion string
	Now         time.Time // recorded as the config's creation time
}

// TunedFactor is one candidate factor and what tuning made of it.
type TunedFactor struct {
	Factor string  `json:"factor"`
	Kind   string  `json:"kind"`
	LiftPP float64 `json:"lift_pp"`
	QValue float64 `json:"q_value"`
	Coef   float64 `json:"coef"` // adjusted, in the model of the kept factors
	SE     float64 `json:"se"`
	Points int     `json:"points"` // 0 when dropped
	// Dropped says why a candidate got no rule; empty when it got one.
	Dropped string `json:"dropped,omitempty"`
}

// TuneResult is the tuned config with the evidence behind it.
type TuneResult struct {
	Config         scoring.Config         `json:"config"`
	Method         string                 `json:"method"`
	Factors        []TunedFactor          `json:"factors"`
	Split          string                 `json:"split"`
	Tuning         scoring.Measured       `json:"tuning"`
	Holdout        scoring.Measured       `json:"holdout"`
	Recommendation scoring.Recommendation `json:"recommendation"`
	// HoldoutVerdict says in words whether the holdout close rate at the
	// cutoff lies in the target range, and why not when it does not.
	HoldoutVerdict string   `json:"holdout_verdict"`
	Notes          []string `json:"notes"`
}

// Tune suggests points and a cutoff (SPEC §5): correlations on the tuning
// leads, factors that keep an effect when the others are accounted for,
// points from lift (or from the logistic model), the recommended cutoff
// on the tuning leads, and the same figures on the held-out leads.
func Tune(ctx context.Context, ws *queries.Workspace, opt TuneOptions) (TuneResult, error) {
	res := TuneResult{Method: opt.Method, Factors: []TunedFactor{}, Notes: []string{}}
	if opt.Method != "lift" && opt.Method != "logistic" {
		return res, fmt.Errorf("method must be lift or logistic, got %q", opt.Method)
	}
	if !(opt.HoldoutShare > 0 && opt.HoldoutShare < 1) {
		return res, fmt.Errorf("the holdout share must be between 0 and 1, got %v", opt.HoldoutShare)
	}
	d, err := scoring.LoadData(ctx, ws, opt.Outcome)
	if err != nil {
		return res, err
	}
	split, err := queries.SplitHoldout(ctx, ws, opt.HoldoutShare, opt.Seed, opt.RandomSplit)
	if err != nil {
		return res, err
	}
	res.Split = splitWords(split)
	held, err := queries.HoldoutLeads(ctx, ws)
	if err != nil {
		return res, err
	}
	report, counts, err := actionsFrom(ctx, ws, d.Outcomes, false)
	if err != nil {
		return res, err
	}
	chosen, err := chooseFactors(ctx, ws, report, counts, opt, &res)
	if err != nil {
		return res, err
	}

	cfg := scoring.Default()
	if opt.Base != nil {
		cfg.Name, cfg.Capacity, cfg.Accounts, cfg.Bands = opt.Base.Name, opt.Base.Capacity, opt.Base.Accounts, opt.Base.Bands
		cfg.Outcome.Unit = opt.Base.Outcome.Unit
	}
	cfg.Target = opt.Target
	if opt.Outcome.WindowSet {
		w := opt.Outcome.WindowDays
		cfg.Outcome.WindowDays = &w
	}
	for _, c := range chosen {
		r := scoring.Rule{Factor: c.Factor, Points: float64(c.Points)}
		f, _ := scoring.ParseFactor(c.Factor)
		switch {
		case f.Kind == scoring.EventCount:
			one := 1
			r.Cap = &one // the lift is of "did it at least once"
			cfg.Pain = append(cfg.Pain, r)
		case f.Pain():
			cfg.Pain = append(cfg.Pain, r)
		default:
			cfg.Fit = append(cfg.Fit, r)
		}
	}
	if _, err := d.Prepare(ctx, cfg); err != nil {
		return res, fmt.Errorf("the tuned rules do not apply to the data: %w", err)
	}
	tuning := make([]bool, d.N())
	holdout := make([]bool, d.N())
	for i := range tuning {
		tuning[i] = true
	}
	for _, i := range held {
		tuning[i], holdout[i] = false, true
	}
	hist := d.Score(cfg, scoring.History)
	sw := d.SweepOver(cfg, hist, tuning)
	res.Recommendation = scoring.Recommend(sw, cfg.Target)
	if res.Recommendation.Cutoff != nil {
		cfg.Cutoff = *res.Recommendation.Cutoff
	}
	cfg.GoodFit, cfg.HighPain = thresholds(d, hist, tuning)
	if opt.Base == nil || opt.Base.Accounts.Cutoff == 0 {
		// With the max roll-up an account is ready when one of its leads is.
		cfg.Accounts.Cutoff = cfg.Cutoff
	}
	res.Tuning = d.Measure(cfg, hist, tuning, "tuning: the settled leads not held out")
	res.Holdout = d.Measure(cfg, hist, holdout, "holdout: "+res.Split)
	res.HoldoutVerdict = holdoutVerdict(res.Holdout, cfg.Target, res.Recommendation.InTarget)

	fp, err := queries.Fingerprint(ctx, ws)
	if err != nil {
		return res, err
	}
	tun, hold := res.Tuning, res.Holdout
	cfg.Metadata = &scoring.Metadata{ToolVersion: opt.ToolVersion, CreatedAt: opt.Now.UTC().Format(time.RFC3339),
		Fingerprint: fp, AsOf: d.Outcomes.AsOf.UTC().Format(time.RFC3339), WindowDays: d.Outcomes.WindowDays,
		Method: opt.Method, Tuning: &tun, Holdout: &hold}
	res.Config = cfg
	return res, nil
}

// chooseFactors picks the rules: candidates from the correlation table
// (lift at least MinLift, q below 0.05, not vanity, one variant per
// event), then backward elimination in a logistic model of the
// candidates until every kept factor has an adjusted effect that is
// positive and significant — so that, say, tier and intent surge do not
// score again what target account already scores — and at most
// MaxFactors, strongest lift first.
func chooseFactors(ctx context.Context, ws *queries.Workspace, r ActionsReport, counts []queries.FactorCount, opt TuneOptions, res *TuneResult) ([]TunedFactor, error) {
	byName := map[string]queries.FactorCount{}
	for _, c := range counts {
		byName[c.Factor] = c
	}
	best := map[string]Factor{}
	var cands []Factor
	for _, f := range r.Factors {
		if f.LiftPP < opt.MinLift || f.QValue >= maxQValue || slices.Contains(f.Flags, "vanity") {
			continue
		}
		if _, err := scoring.ParseFactor(f.Factor); err != nil {
			continue // (other): not a rule a config can hold
		}
		if ev := byName[f.Factor].Event; ev != "" {
			if b, ok := best[ev]; ok && (b.PValue < f.PValue || (b.PValue == f.PValue && b.LeadsWith >= f.LeadsWith)) {
				continue
			}
			best[ev] = f
		}
		cands = append(cands, f)
	}
	// Keep one variant per event: the best, found above.
	cands = slices.DeleteFunc(cands, func(f Factor) bool {
		ev := byName[f.Factor].Event
		return ev != "" && best[ev].Factor != f.Factor
	})
	if len(cands) == 0 {
		res.Notes = append(res.Notes, fmt.Sprintf("no factor raises the close rate by %s points or more with q < 0.05 in the tuning leads: nothing to score", Points(opt.MinLift)))
		return nil, nil
	}
	tuned := make([]TunedFactor, len(cands))
	for k, f := range cands {
		tuned[k] = TunedFactor{Factor: f.Factor, Kind: f.Kind, LiftPP: f.LiftPP, QValue: f.QValue}
	}
	keep := make([]int, len(cands))
	for k := range keep {
		keep[k] = k
	}
	// One pass over the leads groups them by every candidate; each
	// model below is fitted on those groups, merged over its factors.
	sel := make([]queries.FactorCount, len(cands))
	for k, f := range cands {
		sel[k] = byName[f.Factor]
	}
	patterns, err := queries.FactorPatterns(ctx, ws, sel)
	if err != nil {
		return nil, err
	}
	var fit stats.LogitResult
	for len(keep) > 0 {
		d := patterns.Design(keep)
		fit, err = stats.FitLogisticWeighted(d.X, d.Rate, d.Leads, modelLambda)
		if err != nil && !errors.Is(err, stats.ErrSingular) {
			return nil, err
		}
		worst, worstZ := -1, math.Inf(1)
		for j, k := range keep {
			z := math.Inf(-1)
			if err == nil && fit.SE[j] > 0 {
				z = fit.Coef[j] / fit.SE[j]
			}
			if z < worstZ || (z == worstZ && cands[k].LiftPP < cands[keep[max(worst, 0)]].LiftPP) {
				worst, worstZ = j, z
			}
		}
		if err == nil && worstZ >= stats.Z95 {
			for j, k := range keep {
				tuned[k].Coef, tuned[k].SE = fit.Coef[j], fit.SE[j]
			}
			break
		}
		k := keep[worst]
		if err == nil {
			tuned[k].Coef, tuned[k].SE = fit.Coef[worst], fit.SE[worst]
		}
		tuned[k].Dropped = "no effect of its own once the other factors are accounted for"
		keep = slices.Delete(keep, worst, worst+1)
	}
	base := r.BaseRate
	var chosen []TunedFactor
	for _, k := range keep { // cands, and so keep, run from the strongest lift down
		t := &tuned[k]
		if len(chosen) == opt.MaxFactors {
			t.Dropped = fmt.Sprintf("beyond the %d strongest factors", opt.MaxFactors)
			continue
		}
		pts := math.Round(t.LiftPP)
		if opt.Method == "logistic" {
			// The average marginal effect at the base rate, in points: a
			// coefficient b moves the probability by about b·p(1−p).
			pts = math.Round(100 * t.Coef * base * (1 - base))
		}
		if pts < 1 {
			t.Dropped = "worth less than one point"
			continue
		}
		t.Points = int(pts)
		chosen = append(chosen, *t)
	}
	res.Factors = tuned
	return chosen, nil
}

// thresholds sets good fit and high pain at what a typical winner has:
// the median fit and pain of the won tuning leads (or, when that is 0,
// their smallest positive value), so that "bad fit, low pain" means below
// the typical winner on both.
func thresholds(d *scoring.Data, s *scoring.Scores, subset []bool) (goodFit, highPain float64) {
	var fits, pains []float64
	for i := range d.N() {
		if subset[i] && d.Leads.Outcome[i] == queries.OutcomeWon {
			fits = append(fits, s.Fit[i])
			pains = append(pains, s.Pain[i])
		}
	}
	pick := func(v []float64) float64 {
		if len(v) == 0 {
			return 0
		}
		slices.Sort(v)
		m := v[(len(v)-1)/2]
		if m > 0 {
			return m
		}
		for _, x := range v {
			if x > 0 {
				return x
			}
		}
		return 0
	}
	return pick(fits), pick(pains)
}

func splitWords(s queries.Split) string {
	pct := fmt.Sprintf("%.0f%%", 100*s.Share)
	if s.ByTime {
		return fmt.Sprintf("the latest %s of settled leads by created_at (%s leads, created from %s)", pct, Count(s.Leads), s.From.Format(time.DateOnly))
	}
	return fmt.Sprintf("a random %s of settled leads (seed %d, %s leads)", pct, s.Seed, Count(s.Leads))
}

// holdoutVerdict says whether the holdout confirms the tuning.
func holdoutVerdict(h scoring.Measured, target scoring.Range, tunedInTarget bool) string {
	pct := func(v float64) string { return fmt.Sprintf("%.1f%%", 100*v) }
	rng := pct(target.Low) + "–" + pct(target.High)
	switch {
	case h.Leads == 0:
		return "no held-out leads: nothing to check the tuning against"
	case h.Ready < 20:
		return fmt.Sprintf("only %d held-out leads reach the cutoff: too few to check a close rate against %s", h.Ready, rng)
	case h.Won < 10:
		return fmt.Sprintf("only %d held-out leads won: too few to check the tuning", h.Won)
	case h.CloseRate >= target.Low && h.CloseRate <= target.High:
		return fmt.Sprintf("held-out leads at the cutoff close at %s [%s, %s], inside the target %s", pct(h.CloseRate), pct(h.CILow), pct(h.CIHigh), rng)
	case h.CIHigh >= target.Low && h.CILow <= target.High:
		return fmt.Sprintf("held-out leads at the cutoff close at %s, outside the target %s, but its interval [%s, %s] overlaps it: the difference may be chance", pct(h.CloseRate), rng, pct(h.CILow), pct(h.CIHigh))
	case !tunedInTarget:
		return fmt.Sprintf("held-out leads at the cutoff close at %s [%s, %s], outside the target %s, as the tuning leads do: no cutoff put them inside it (see the cutoff's reason)", pct(h.CloseRate), pct(h.CILow), pct(h.CIHigh), rng)
	}
	return fmt.Sprintf("held-out leads at the cutoff close at %s [%s, %s], outside the target %s: the model does not carry over to newer leads as tuned; check for drift in the factors or retune on recent data", pct(h.CloseRate), pct(h.CILow), pct(h.CIHigh), rng)
}

// Points writes points for people.
func Points(v float64) string { return words.Points(v) }
