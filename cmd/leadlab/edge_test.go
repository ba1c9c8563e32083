package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/leadlab/leadlab/analysis"
	"github.com/leadlab/leadlab/analysis/scoring"
)

// edgeNoContrast are the edge datasets with no wins or no losses among
// their settled leads: report actions, report cutoffs and tune exit 4.
var edgeNoContrast = map[string]bool{"no-wins": true, "no-deals": true, "one-lead": true}

// TestEdgeDatasets runs every report on each dataset of testdata/edge, in
// every format, and checks that nothing crashes, that a command with
// nothing to compare exits with status 4 and says so, and that no figure
// is a placeholder: no NaN or infinity, no zero time (0001-01-01) or zero
// Unix time (1970-01-01), no close rate or interval of an empty group, no
// [0%, 100%] interval.
func TestEdgeDatasets(t *testing.T) {
	dirs, err := filepath.Glob(filepath.Join("testdata", "edge", "*", "leads.csv"))
	if err != nil || len(dirs) < 7 {
		t.Fatalf("edge datasets: %v %v", dirs, err)
	}
	for _, leads := range dirs {
		dir := filepath.Dir(leads)
		name := filepath.Base(dir)
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			db := filepath.Join(t.TempDir(), "ws.duckdb")
			if out, err := leadlab(t, "load", "--db", db, dir); err != nil {
				t.Fatalf("load: %v\n%s", err, out)
			}
			cfg := filepath.Join(dir, "model.yaml")
			tuned := filepath.Join(t.TempDir(), "tuned.yaml")
			outputs := map[string]string{}
			run := func(args ...string) {
				t.Helper()
				args = append(args, "--db", db)
				label := strings.Join(args[:len(args)-2], " ")
				out, err := leadlab(t, args...)
				contrast := slices.Contains([]string{"actions", "cutoffs"}, args[1]) || args[0] == "tune"
				var exit exitError
				switch {
				case edgeNoContrast[name] && contrast:
					if !errors.As(err, &exit) || exit.status != exitNoContrast || !strings.Contains(err.Error(), "nothing to correlate") {
						t.Errorf("%s: want exit status %d saying there is nothing to compare, got %v", label, exitNoContrast, err)
					}
					if out != "" {
						t.Errorf("%s: printed a report with nothing to compare:\n%s", label, out)
					}
				case err != nil:
					t.Errorf("%s: %v\n%s", label, err, out)
				}
				checkNoPlaceholder(t, label, out)
				outputs[label] = out
			}
			for _, f := range []string{"table", "json"} {
				run("report", "data", "--format", f)
				run("report", "campaigns", "--format", f)
				run("report", "accounts", "--config", cfg, "--format", f)
				run("explain", "--config", cfg, "L1", "--format", f)
				run("tune", "--out", tuned, "--format", f)
			}
			for _, f := range []string{"table", "json", "csv"} {
				run("report", "funnel", "--format", f)
				run("report", "funnel", "--config", cfg, "--format", f)
				run("report", "actions", "--format", f)
				run("report", "cutoffs", "--config", cfg, "--format", f)
			}
			for _, f := range []string{"csv", "json"} {
				run("score", "--config", cfg, "--format", f)
				run("score", "--config", cfg, "--now", "--format", f)
			}
			for _, f := range []string{"yaml", "json"} {
				run("export", "--config", cfg, "--format", f, "--out", "-")
			}
			checkEdge(t, name, outputs)
		})
	}
}

// What each dataset is there to show.
func checkEdge(t *testing.T, name string, out map[string]string) {
	t.Helper()
	has := func(label, text string) {
		t.Helper()
		if !strings.Contains(out[label], text) {
			t.Errorf("%s does not say %q:\n%s", label, text, out[label])
		}
	}
	switch name {
	case "no-dates":
		has("report data --format json", `"as_of": null`)
		has("export --config testdata/edge/no-dates/model.yaml --format yaml --out -", "as_of: null")
		has("export --config testdata/edge/no-dates/model.yaml --format json --out -", `"as_of": null`)
	case "no-events":
		has("report actions --format table", analysis.NoBehaviourNote)
		has("report cutoffs --config testdata/edge/no-events/model.yaml --format table", scoring.NoEventsNote)
		if c := out["report cutoffs --config testdata/edge/no-events/model.yaml --format table"]; strings.Contains(c, "fit points are too heavy") {
			t.Errorf("with no events every score is fit alone, and the fit-heavy warning fired:\n%s", c)
		}
		// Pain is unknown, so is the share of bad fit, low pain leads.
		has("report cutoffs --config testdata/edge/no-events/model.yaml --format json", `"bad_fit_low_pain_share": null`)
		if strings.Contains(out["report cutoffs --config testdata/edge/no-events/model.yaml --format json"], `"bad_fit_low_pain_share": 0`) {
			t.Errorf("bad_fit_low_pain_share is 0 with no events")
		}
		has("report funnel --format json", `"web_visits": null`)
	case "no-deals", "converted":
		for _, label := range []string{"report funnel --format json", "report cutoffs --config testdata/edge/" + name + "/model.yaml --format json"} {
			if name == "no-deals" && strings.HasPrefix(label, "report cutoffs") {
				continue // nothing to compare: no report
			}
			var r struct {
				LeadFunnel []struct{ Stage string } `json:"lead_funnel"`
			}
			if err := json.Unmarshal([]byte(out[label]), &r); err != nil {
				t.Fatalf("%s: %v", label, err)
			}
			if len(r.LeadFunnel) == 0 || slices.ContainsFunc(r.LeadFunnel, func(s struct{ Stage string }) bool { return s.Stage == "opportunity" }) {
				t.Errorf("%s: with no deals table the lead funnel has an opportunity stage (or none at all): %+v", label, r.LeadFunnel)
			}
		}
		has("report funnel --format json", "lead_funnel.opportunity")
		if name == "converted" {
			has("report data --format table", "converted column true")
			if strings.Contains(out["report data --format table"], "won a new deal") {
				t.Errorf("report data describes deals, but the outcome is the converted column:\n%s", out["report data --format table"])
			}
		}
	case "same-value":
		var r analysis.ActionsReport
		if err := json.Unmarshal([]byte(out["report actions --format json"]), &r); err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{"attr:source=web", "attr:email_type=corporate", "event:email_sent"} {
			if !slices.ContainsFunc(r.Dropped, func(d analysis.DroppedFactor) bool { return d.Factor == want }) {
				t.Errorf("%s, which every lead has, is not listed as dropped: %+v", want, r.Dropped)
			}
		}
		for _, f := range r.Factors {
			if f.LeadsWith == 0 || f.LeadsWithout == 0 {
				t.Errorf("%s has an empty group and is in the table", f.Factor)
			}
		}
	}
}

// placeholderText are figures that stand for "not computed" in text.
var placeholderText = regexp.MustCompile(`NaN|[+-]Inf\b|0001-01-01|1970-01-01|\[0\.0%, 100\.0%\]`)

// checkNoPlaceholder fails on a placeholder in any output, and in JSON on
// a close rate, share or interval of a group with no leads.
func checkNoPlaceholder(t *testing.T, label, out string) {
	t.Helper()
	if m := placeholderText.FindString(out); m != "" {
		t.Errorf("%s prints the placeholder %q:\n%s", label, m, out)
	}
	for _, line := range strings.Split(out, "\n") {
		// tune's table: a coefficient never fitted, or the lift of a
		// factor with nothing to compare it with.
		if strings.Contains(line, "+0.00 ± 0.00") || (strings.Contains(line, "every lead has it") && strings.Contains(line, "+0.0")) {
			t.Errorf("%s prints a placeholder figure: %q", label, line)
		}
	}
	if !strings.Contains(label, "json") || out == "" || strings.HasPrefix(label, "score") {
		return
	}
	var v any
	if err := json.Unmarshal([]byte(out), &v); err != nil {
		t.Errorf("%s: not JSON: %v\n%s", label, err, out)
		return
	}
	walkJSON(v, "", func(path string, obj map[string]any) {
		lo, okLo := obj["ci_low"].(float64)
		hi, okHi := obj["ci_high"].(float64)
		if okLo && okHi && lo == 0 && hi == 1 {
			t.Errorf("%s: %s has the interval [0, 1] of an empty group: %v", label, path, obj)
		}
		for _, n := range []string{"leads", "leads_with", "leads_without"} {
			if c, ok := obj[n].(float64); !ok || c != 0 {
				continue
			}
			for _, k := range []string{"close_rate", "rate_with", "rate_without", "lift_pp", "ci_low", "ci_high", "odds_ratio"} {
				if x, ok := obj[k]; ok && x != nil && !(n == "leads" && k == "close_rate" && path == ".recommended") {
					t.Errorf("%s: %s has %s %v over %s 0", label, path, k, x, n)
				}
			}
		}
	})
}

// walkJSON calls f on every object in v with its path.
func walkJSON(v any, path string, f func(string, map[string]any)) {
	switch x := v.(type) {
	case map[string]any:
		f(path, x)
		for k, c := range x {
			walkJSON(c, path+"."+k, f)
		}
	case []any:
		for i, c := range x {
			walkJSON(c, fmt.Sprintf("%s[%d]", path, i), f)
		}
	}
}
