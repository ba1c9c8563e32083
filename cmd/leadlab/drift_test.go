package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/leadlab/leadlab/analysis/scoring"
)

// driftJSON is what the drift tests read of report drift's JSON.
type driftJSON struct {
	Verdict   string   `json:"verdict"`
	Reasons   []string `json:"reasons"`
	Stability struct {
		Score     struct{ Baseline string } `json:"score"`
		SourceMix struct{ PSI *float64 }    `json:"source_mix"`
	} `json:"stability"`
	Effects []struct {
		Factor string `json:"factor"`
		Status string `json:"status"`
	} `json:"effects"`
	NewFactors []struct {
		Factor string `json:"factor"`
	} `json:"new_factors"`
}

// tunedAtDriftStart generates 60,000 leads (drifted or not), loads them,
// tunes a model as of the day the drift starts, and returns the workspace
// and the model.
func tunedAtDriftStart(t *testing.T, drift bool) (db, model string) {
	t.Helper()
	dir := t.TempDir()
	args := []string{"gen", "--out", filepath.Join(dir, "data"), "--leads", "60000", "--seed", "5"}
	if drift {
		args = append(args, "--drift")
	}
	db, model = filepath.Join(dir, "w.duckdb"), filepath.Join(dir, "model.yaml")
	for _, a := range [][]string{args, {"load", "--db", db, filepath.Join(dir, "data")},
		{"tune", "--db", db, "--as-of", "2025-12-30", "--out", model}} {
		if out, err := leadlab(t, a...); err != nil {
			t.Fatalf("%v: %v\n%s", a, err, out)
		}
	}
	return db, model
}

func runDrift(t *testing.T, db, model string) driftJSON {
	t.Helper()
	out, err := leadlab(t, "report", "drift", "--db", db, "--config", model, "--format", "json")
	if err != nil {
		t.Fatalf("report drift: %v\n%s", err, out)
	}
	var r driftJSON
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("not JSON: %v\n%.300s", err, out)
	}
	return r
}

// TestReportDrift: on gen --drift data, a model tuned as of the drift's
// start reads "retune" and the report sees each planted change — the
// faded webinar rule flagged, the new behaviour listed, the source mix
// moving; so does it from a config that records no population, which
// then compares with the leads before the as-of date and says so. On
// data without drift the same steps read "holds".
func TestReportDrift(t *testing.T) {
	if testing.Short() {
		t.Skip("generates, loads and tunes 120,000 leads")
	}
	db, model := tunedAtDriftStart(t, true)
	check := func(r driftJSON, what string) {
		t.Helper()
		if r.Verdict != "retune" {
			t.Errorf("%s: verdict %q (%v), want retune", what, r.Verdict, r.Reasons)
		}
		faded := slices.ContainsFunc(r.Effects, func(e struct {
			Factor string `json:"factor"`
			Status string `json:"status"`
		}) bool {
			return e.Factor == "event:webinar_attended" && (e.Status == "faded" || e.Status == "reversed")
		})
		if !faded {
			t.Errorf("%s: webinar_attended not flagged as faded: %+v", what, r.Effects)
		}
		for _, e := range r.Effects {
			if e.Factor != "event:webinar_attended" && e.Status != "holds" && e.Status != "moved" {
				t.Errorf("%s: %s flagged %s, but drift left it alone", what, e.Factor, e.Status)
			}
		}
		// A planted effect the model missed by chance may be listed too:
		// it is worth points now and not in the model.
		listed := slices.ContainsFunc(r.NewFactors, func(f struct {
			Factor string `json:"factor"`
		}) bool {
			return f.Factor == "event:integration_connected"
		})
		if !listed {
			t.Errorf("%s: new factors %+v, want event:integration_connected among them", what, r.NewFactors)
		}
		if p := r.Stability.SourceMix.PSI; p == nil || *p <= 0.1 {
			t.Errorf("%s: source mix PSI %v, want above 0.1", what, p)
		}
	}
	check(runDrift(t, db, model), "recorded population")

	cfg, err := scoring.LoadConfig(model)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Metadata.ScoreBins, cfg.Metadata.RulePrevalence = nil, nil
	b, err := scoring.EncodeYAML(cfg)
	if err != nil {
		t.Fatal(err)
	}
	older := filepath.Join(t.TempDir(), "older.yaml")
	if err := os.WriteFile(older, b, 0o644); err != nil {
		t.Fatal(err)
	}
	r := runDrift(t, db, older)
	check(r, "no recorded population")
	if !strings.Contains(r.Stability.Score.Baseline, "before the model's as-of date") {
		t.Errorf("baseline %q does not say it is the leads before the as-of date", r.Stability.Score.Baseline)
	}

	db, model = tunedAtDriftStart(t, false)
	if r := runDrift(t, db, model); r.Verdict != "holds" || len(r.NewFactors) != 0 {
		t.Errorf("undrifted data: verdict %q (%v), new factors %+v; want holds", r.Verdict, r.Reasons, r.NewFactors)
	}

	cfg.Metadata.AsOf = nil
	b, _ = scoring.EncodeYAML(cfg)
	if err := os.WriteFile(older, b, 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := leadlab(t, "report", "drift", "--db", db, "--config", older); err == nil || !strings.Contains(err.Error(), "metadata.as_of") {
		t.Errorf("a config with no as-of date: %v\n%s", err, out)
	}
}
