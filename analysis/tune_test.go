package analysis

import (
	"context"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/leadlab/leadlab/analysis/scoring"
	"github.com/leadlab/leadlab/analysis/stats"
	"github.com/leadlab/leadlab/queries"
)

func tuneOpts(method string) TuneOptions {
	return TuneOptions{Target: scoring.Range{Low: 0.10, High: 0.15}, MaxFactors: 20, MinLift: 5, Method: method,
		HoldoutShare: 0.3, Seed: 1, ToolVersion: "test", Now: time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)}
}

// TestTuneOnSample: on the sample, tuning finds the strong planted
// actions, picks a cutoff inside the target, and the held-out leads (the
// latest 30%) close inside it too. The written config carries both sets
// of figures, and loads back to the same figures.
func TestTuneOnSample(t *testing.T) {
	ws := loadSample(t)
	ctx := context.Background()
	res, err := Tune(ctx, ws, tuneOpts("adjusted"))
	if err != nil {
		t.Fatal(err)
	}
	cfg := res.Config
	var doc *scoring.Rule
	for k := range cfg.Pain {
		if cfg.Pain[k].Factor == "event:document_created" {
			doc = &cfg.Pain[k]
		}
	}
	if doc == nil || doc.Cap == nil || *doc.Cap != 1 || doc.Points < 10 {
		t.Fatalf("document_created rule %+v in %+v", doc, cfg.Pain)
	}
	for _, r := range append(cfg.Fit, cfg.Pain...) {
		if strings.Contains(r.Factor, "email_open") || strings.Contains(r.Factor, "website_visit") {
			t.Errorf("a vanity factor got points: %+v", r)
		}
	}
	if !res.Recommendation.InTarget || res.Tuning.CloseRate < 0.10 || res.Tuning.CloseRate > 0.15 {
		t.Errorf("tuning %+v, recommendation %+v", res.Tuning, res.Recommendation)
	}
	if h := res.Holdout; h.CloseRate < 0.10 || h.CloseRate > 0.15 || !strings.Contains(res.HoldoutVerdict, "inside the target") {
		t.Errorf("holdout %+v: %s", h, res.HoldoutVerdict)
	}
	if res.Tuning.Leads+res.Holdout.Leads != 17432 || res.Holdout.Leads != 5230 {
		t.Errorf("split %d + %d", res.Tuning.Leads, res.Holdout.Leads)
	}
	m := cfg.Metadata
	if m == nil || m.Tuning == nil || m.Holdout == nil || *m.Holdout != res.Holdout || m.WindowDays != 69 || !strings.HasPrefix(m.Fingerprint, "sha256:") {
		t.Fatalf("metadata %+v", m)
	}
	if err := cfg.Validate(); err != nil {
		t.Fatalf("the tuned config does not validate: %v", err)
	}
	// Written and read back, the config scores the same leads the same:
	// every lead's history score, and so the tuning figures.
	text, err := scoring.EncodeYAML(cfg)
	if err != nil {
		t.Fatal(err)
	}
	back, err := scoring.ParseConfig("tuned.yaml", text)
	if err != nil {
		t.Fatal(err)
	}
	d, err := scoring.LoadData(ctx, ws, queries.OutcomeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d.Prepare(ctx, back); err != nil {
		t.Fatal(err)
	}
	if got := d.Measure(back, d.Score(back, scoring.History), nil, ""); got.Ready != res.Tuning.Ready+res.Holdout.Ready ||
		got.ReadyWon != res.Tuning.ReadyWon+res.Holdout.ReadyWon {
		t.Errorf("reloaded config: %+v; tuned %+v + %+v", got, res.Tuning, res.Holdout)
	}
}

// TestTuneAdjustedOnSample: the points are the adjusted model's, profile
// and behaviour together; the points rank held-out leads as well as their
// unrounded model; no two rules are copies of each other; and "logistic",
// the old name, still means adjusted.
func TestTuneAdjustedOnSample(t *testing.T) {
	ws := loadSample(t)
	res, err := Tune(context.Background(), ws, tuneOpts("logistic"))
	if err != nil {
		t.Fatal(err)
	}
	if res.Method != "adjusted" || res.Config.Metadata.Method != "adjusted" {
		t.Fatalf("method %q, metadata %q", res.Method, res.Config.Metadata.Method)
	}
	if len(res.Config.Fit) == 0 || len(res.Config.Pain) == 0 {
		t.Fatalf("fit %+v pain %+v: the sample plants both", res.Config.Fit, res.Config.Pain)
	}
	if !slices.Contains(stats.PenaltyGrid(), res.Lambda) {
		t.Errorf("λ %v is not of the grid", res.Lambda)
	}
	mc := res.ModelCheck
	if mc.Points == nil || mc.Logistic == nil || mc.CVPointsAUC == nil || mc.CVAllCandidatesAUC == nil || mc.GapAUC == nil {
		t.Fatalf("model check %+v", mc)
	}
	if *mc.GapAUC < -maxAUCGap || !strings.Contains(mc.Verdict, "rounding costs") {
		t.Errorf("the points rank held-out leads %.2f AUC points off their unrounded model: %s", *mc.GapAUC, mc.Verdict)
	}
	if mc.Points.AUC < 0.55 || mc.Points.Ready != res.Holdout.Ready || mc.Logistic.Ready != res.Holdout.Ready {
		t.Errorf("model check %+v %+v, holdout %+v", mc.Points, mc.Logistic, res.Holdout)
	}
	if res.Stability.Splits != stabilitySplits || len(res.Stability.Rates) != stabilitySplits || res.Stability.Inside < 3 {
		t.Errorf("stability %+v", res.Stability)
	}
	if res.CVCloseRate == nil || *res.CVCloseRate < 0.10 || *res.CVCloseRate > 0.15 || !strings.Contains(res.Recommendation.Reason, "cross-validated") {
		t.Errorf("cutoff by %v: %s", res.CVCloseRate, res.Recommendation.Reason)
	}
	// Each kept factor's points are its coefficient on one scale.
	kept := map[string]TunedFactor{}
	for _, f := range res.Factors {
		if f.Dropped == "" {
			kept[f.Factor] = f
		}
	}
	var scale float64
	for _, r := range append(res.Config.Fit, res.Config.Pain...) {
		f, ok := kept[r.Factor]
		if !ok || float64(f.Points) != r.Points || f.Points == 0 {
			t.Fatalf("rule %+v is not a kept factor with its points: %+v", r, f)
		}
		if abs(r.Points) < 5 {
			t.Errorf("rule %+v is under the floor", r)
		}
		if s := r.Points / f.Coef; scale == 0 {
			scale = s
		} else if abs(r.Points-math.Round(scale*f.Coef)) > 1 {
			t.Errorf("%s: %v points from %v: scale %v, others %v", r.Factor, r.Points, f.Coef, s, scale)
		}
	}
	for _, f := range res.Factors {
		if strings.HasPrefix(f.Factor, "event:email_open") && f.Points != 0 {
			t.Errorf("vanity %+v", f)
		}
	}
}

func abs(v float64) float64 { return max(v, -v) }

// A target below what every lead already closes at cannot be reached:
// tune says so, with the reachable range, and marks the result.
func TestTuneUnreachableTarget(t *testing.T) {
	ws := loadSample(t)
	opt := tuneOpts("adjusted")
	opt.Target = scoring.Range{Low: 0.01, High: 0.02}
	res, err := Tune(context.Background(), ws, opt)
	if err != nil {
		t.Fatal(err)
	}
	u := res.Unreachable
	if u == nil || !strings.Contains(u.Why, "below every close rate") || u.Low <= 0.02 || res.HoldoutVerdict != u.Why || res.Recommendation.Reason != u.Why {
		t.Fatalf("unreachable %+v; verdict %q; reason %q", u, res.HoldoutVerdict, res.Recommendation.Reason)
	}
	opt.Target = scoring.Range{Low: 0.97, High: 0.99}
	if res, err = Tune(context.Background(), ws, opt); err != nil {
		t.Fatal(err)
	}
	if res.Unreachable == nil || !strings.Contains(res.Unreachable.Why, "above every close rate") {
		t.Fatalf("unreachable %+v", res.Unreachable)
	}
}

// TestTuneSaysWhyItCannot: with too few leads and wins there is nothing
// to score, and tune says so instead of inventing points.
func TestTuneSaysWhyItCannot(t *testing.T) {
	ws := loadFixture(t, map[string]string{
		"leads.csv":  "lead_id,created_at\na,2024-01-01\nb,2024-01-02\nc,2024-01-03\nd,2024-01-04\n",
		"deals.csv":  "deal_id,lead_id,status,created_at,closed_at\nd1,a,won,2024-01-05,2024-01-06\n",
		"events.csv": "event,lead_id,occurred_at\nlogin,a,2024-01-02\nlogin,c,2024-02-01\n",
	}, 0)
	opt := tuneOpts("adjusted")
	opt.Outcome = queries.OutcomeOptions{WindowSet: true, WindowDays: 0}
	res, err := Tune(context.Background(), ws, opt)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Config.Fit)+len(res.Config.Pain) != 0 || len(res.Notes) == 0 || !strings.Contains(res.Notes[0], "no factor can be scored") {
		t.Errorf("rules %+v notes %q", res.Config, res.Notes)
	}
	if res.Recommendation.Cutoff != nil || !strings.Contains(res.HoldoutVerdict, "too few") {
		t.Errorf("recommendation %+v, verdict %q", res.Recommendation, res.HoldoutVerdict)
	}
	if err := res.Config.Validate(); err != nil {
		t.Errorf("config %v", err)
	}
	if _, err := Tune(context.Background(), ws, TuneOptions{Method: "magic", HoldoutShare: 0.3}); err == nil {
		t.Error("an unknown method was accepted")
	}
}
