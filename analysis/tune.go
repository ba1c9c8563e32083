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
	"github.com/leadlab/leadlab/internal/buildinfo"
	"github.com/leadlab/leadlab/internal/numfmt"
	"github.com/leadlab/leadlab/queries"
)

// TuneOptions are the analyst's settings for `leadlab tune`.
type TuneOptions struct {
	Outcome      queries.OutcomeOptions
	Target       scoring.Range
	MaxFactors   int     // at most this many factors (a scorecard: 15–20)
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
	// Progress, when set, is told before each of tune's TuneSteps steps:
	// its number from 1 and what it does.
	Progress func(step, of int, what string)
}

// DefaultTuneOptions are tune's defaults, the same for the command and
// the workbench: the target, the factor cap and floor, the adjusted
// method, the holdout share and seed, and this build's version.
func DefaultTuneOptions() TuneOptions {
	return TuneOptions{Target: scoring.Range{Low: 0.10, High: 0.15}, MaxFactors: 20, MinLift: 5, Method: "adjusted",
		HoldoutShare: scoring.HoldoutShare, Seed: scoring.HoldoutSeed, ToolVersion: buildinfo.Version(), Now: time.Now()}
}

// TuneSteps is how many steps Tune reports to Progress.
const TuneSteps = 6

func (opt TuneOptions) step(k int, what string) {
	if opt.Progress != nil {
		opt.Progress(k, TuneSteps, what)
	}
}

// TunedFactor is one candidate factor and what tuning made of it.
type TunedFactor = AdjustedFactor

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
	HoldoutVerdict string `json:"holdout_verdict"`
	// Lambda is the L2 penalty of the adjusted model, chosen by
	// cross-validation on the tuning leads.
	Lambda float64 `json:"lambda"`
	// CVCloseRate is the cross-fitted close rate at the cutoff: what the
	// cutoff was chosen by (null when it was not).
	CVCloseRate *float64 `json:"cv_close_rate"`
	// Stability reruns the tuning on seeded splits of the tuning leads.
	Stability Stability `json:"stability"`
	// ModelCheck compares the points with the unrounded model on the
	// held-out leads.
	ModelCheck ModelCheck `json:"model_check"`
	// Unreachable is set when no cutoff can put the close rate inside the
	// target, with the range cutoffs can reach; tune then exits with
	// status 3.
	Unreachable *scoring.Reach `json:"unreachable"`
	Notes       []string       `json:"notes"`
}

// Tune suggests points and a cutoff (docs/scoring.md, "Tuning"): correlations
// on the tuning leads, one penalised logistic model of the candidate factors
// whose adjusted effects become the points, the cutoff whose cross-fitted
// close rate lies nearest the middle of the target, and the same figures on
// the held-out leads.
func Tune(ctx context.Context, ws *queries.Workspace, opt TuneOptions) (TuneResult, error) {
	res := TuneResult{Method: opt.Method, Factors: []TunedFactor{}, Notes: []string{}}
	switch opt.Method {
	case "adjusted", "lift":
	case "logistic": // the name before adjusted points were the default
		res.Method = "adjusted"
	default:
		return res, fmt.Errorf("method must be adjusted or lift, got %q", opt.Method)
	}
	if !(opt.HoldoutShare > 0 && opt.HoldoutShare < 1) {
		return res, fmt.Errorf("the holdout share must be between 0 and 1, got %v", opt.HoldoutShare)
	}
	opt.step(1, "reading the leads and their outcomes")
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
	opt.step(2, "counting every factor on the tuning leads")
	report, counts, err := actionsFrom(ctx, ws, d.Outcomes, false)
	if err != nil {
		return res, err
	}
	opt.step(3, "fitting the model, its penalty chosen by cross-validation")
	model, err := fitAdjusted(ctx, ws, report, counts, adjustOptions{MinPoints: opt.MinLift, MaxFactors: opt.MaxFactors})
	if err != nil {
		return res, err
	}
	res.Factors, res.Lambda = model.Factors, model.Lambda
	res.Notes = append(res.Notes, model.Notes...)

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
	for _, k := range model.Kept {
		f := model.Factors[k]
		pts := float64(f.Points)
		if res.Method == "lift" {
			pts = math.Round(*f.LiftPP) // kept factors are candidates, which have a lift
		}
		cfg.AddRule(f.Factor, pts)
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
	opt.step(4, "scoring the leads and choosing the cutoff out of sample")
	hist := d.Score(cfg, scoring.History)
	sw := d.SweepOver(cfg, hist, tuning)
	var oof []scoredCell
	if res.Method == "adjusted" && len(model.FullCols) > 0 {
		oof, err = crossFitted(model.design, model.family, model.folds, model.Lambda, model.BaseRate, model.opt)
		if errors.Is(err, stats.ErrTooFewForCV) {
			res.Notes = append(res.Notes, "too few wins to cross-fit the cutoff: it is the sweep's recommendation on the tuning leads")
		} else if err != nil {
			return res, err
		}
	}
	res.chooseCutoff(oof, sw, opt.Target)
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
	if res.Unreachable != nil {
		res.HoldoutVerdict = res.Unreachable.Why
	}
	res.Stability = stability(oof, cfg.Target)
	opt.step(5, "checking the points on the held-out leads")
	if res.ModelCheck, err = checkModel(ctx, d, model, hist, holdout, res.Holdout, oof); err != nil {
		return res, err
	}

	opt.step(6, "fingerprinting the data for the config's metadata")
	fp, histFP, err := queries.Fingerprints(ctx, ws, d.Outcomes.AsOf)
	if err != nil {
		return res, err
	}
	tun, hold := res.Tuning, res.Holdout
	cfg.Metadata = &scoring.Metadata{ToolVersion: opt.ToolVersion, CreatedAt: opt.Now.UTC().Format(time.RFC3339),
		Fingerprint: fp, HistoryFingerprint: histFP, AsOf: asOfText(d.Outcomes.AsOf), WindowDays: d.Outcomes.WindowDays,
		Method: res.Method, Tuning: &tun, Holdout: &hold}
	// The population the model was measured on: every settled lead, as
	// report drift will compare newer leads with it.
	cfg.Metadata.ScoreBins, cfg.Metadata.RulePrevalence = d.Population(cfg, hist, nil)
	if mc := res.ModelCheck; mc.Points != nil {
		cfg.Metadata.ModelCheck = &scoring.AUCCheck{PointsAUC: round3(mc.Points.AUC), UnroundedAUC: round3(mc.Logistic.AUC)}
	}
	res.Config = cfg
	return res, nil
}

// chooseCutoff sets the recommendation: when the target is out of reach,
// the sweep's nearest cutoff and why; otherwise, for adjusted points, the
// cutoff whose cross-fitted close rate lies nearest the middle of the
// target among those with 20 or more ready leads within SDR capacity; for
// lift points (whose cross-fitting would be another model), the sweep's.
func (res *TuneResult) chooseCutoff(oof []scoredCell, sw scoring.Sweep, target scoring.Range) {
	res.Recommendation = scoring.Recommend(sw, target)
	if reach := scoring.Reachable(sw, target); reach.Why != "" {
		res.Unreachable = &reach
		res.Recommendation.Reason = reach.Why
		return
	}
	if len(oof) == 0 {
		return
	}
	cands := make([]cutCandidate, len(sw.Rows))
	for k, r := range sw.Rows {
		capOK := sw.Capacity <= 0 || r.PerDay == nil || *r.PerDay <= sw.Capacity
		cands[k] = cutCandidate{cutoff: r.Cutoff, cvRate: cvRate(oof, r.Cutoff), allowed: r.Leads >= minReadyCV && r.Leads < sw.Leads && capOK}
	}
	k, in := pickCutoff(cands, target)
	if k < 0 || !in {
		return // the sweep's recommendation says why nothing fits
	}
	r := sw.Rows[k]
	c, cv := r.Cutoff, cands[k].cvRate
	pct := func(v float64) string { return fmt.Sprintf("%.1f%%", 100*v) }
	res.CVCloseRate = &cv
	res.Recommendation = scoring.Recommendation{Cutoff: &c, Leads: r.Leads, CloseRate: r.CloseRate, CILow: r.CILow, CIHigh: r.CIHigh,
		Recall: r.Recall, Share: r.Share, InTarget: true,
		Reason: fmt.Sprintf("the cutoff whose cross-validated close rate, %s, lies nearest the middle of the target %s–%s: %s of %s tuning leads ready (%s), closing %s and catching %s of wins",
			pct(cv), pct(target.Low), pct(target.High), Count(r.Leads), Count(sw.Leads), pct(r.Share), pct(r.CloseRate), pct(r.Recall))}
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

func round3(v float64) float64 { return math.Round(v*1000) / 1000 }

// Points writes points for people.
func Points(v float64) string { return numfmt.Points(v) }
