package analysis

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/leadlab/leadlab/analysis/scoring"
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
	res, err := Tune(ctx, ws, tuneOpts("lift"))
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
	if res.Tuning.Leads+res.Holdout.Leads != 17535 || res.Holdout.Leads != 5261 {
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

func TestTuneLogisticOnSample(t *testing.T) {
	ws := loadSample(t)
	res, err := Tune(context.Background(), ws, tuneOpts("logistic"))
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Config.Pain) == 0 || res.Config.Metadata.Method != "logistic" {
		t.Fatalf("logistic tuning %+v", res.Config)
	}
	// Points are the average marginal effect at the base rate: for
	// document_created, 100 · b · p(1 − p).
	for _, f := range res.Factors {
		if f.Factor == "event:document_created" {
			if f.Points < 5 || f.Points > 20 {
				t.Errorf("document_created: %d points from coefficient %.2f", f.Points, f.Coef)
			}
		}
	}
	if res.HoldoutVerdict == "" || res.Recommendation.Reason == "" {
		t.Errorf("no verdict: %+v", res)
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
	opt := tuneOpts("lift")
	opt.Outcome = queries.OutcomeOptions{WindowSet: true, WindowDays: 0}
	res, err := Tune(context.Background(), ws, opt)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Config.Fit)+len(res.Config.Pain) != 0 || len(res.Notes) == 0 || !strings.Contains(res.Notes[0], "nothing to score") {
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
