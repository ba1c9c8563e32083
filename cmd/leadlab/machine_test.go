package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// documentedKeys are the keys docs/json.md promises for each command's
// JSON, as paths: "a.b" is key b of object
// a, "a[].b" key b of every element of array a, "a.*.b" key b of every
// value of object a.
var documentedKeys = map[string][]string{
	"report data": {"load.origin", "load.loaded_at", "tables.*.loaded", "tables.*.file", "tables.*.rows", "tables.*.rejected",
		"tables.*.from", "tables.*.to", "tables.*.columns", "tables.*.extras", "tables.*.ignored", "deals",
		"outcome.window_days", "outcome.window_rule", "outcome.window_source", "outcome.mean_cycle_days", "outcome.as_of",
		"outcome.as_of_source", "outcome.basis", "outcome.leads", "outcome.won", "outcome.not_won", "outcome.maturing",
		"outcome.maturing_won", "outcome.close_rate", "outcome.notes", "outcome.as_of_set_aside.count",
		"outcome.as_of_set_aside.after_clock", "outcome.as_of_set_aside.strays", "outcome.as_of_set_aside.clock",
		"outcome.as_of_set_aside.stray_cutoff", "outcome.as_of_set_aside.rule", "outcome.as_of_set_aside.values",
		"outcome.cycle_won_before_created", "outcome.cycle_set_aside", "rejects", "rejects_total", "warnings"},
	"load": {"workspace", "result.origin", "result.tables[].table", "result.tables[].file", "result.tables[].format",
		"result.tables[].rows_read", "result.tables[].rows_loaded", "result.tables[].rows_rejected", "result.tables[].columns",
		"result.tables[].extras", "result.tables[].ignored", "result.rejects_total", "result.rejects",
		"result.files_read[].table", "result.files_read[].role", "result.files_read[].path", "result.files_read[].resolved",
		"ignored_files", "warnings", "as_of_set_aside"},
	"sql": {"columns", "types", "rows", "truncated"},
	"report funnel": {"scope", "stages[].stage", "stages[].label", "stages[].accounts", "stages[].conversion", "stages[].kpis",
		"lead_funnel[].stage", "lead_funnel[].leads", "lead_funnel[].conversion", "unavailable", "notes"},
	"report actions": {"leads", "won", "base_rate", "window_days", "min_detectable_lift_pp", "factors[].factor", "factors[].kind",
		"factors[].leads_with", "factors[].won_with", "factors[].leads_without", "factors[].won_without", "factors[].rate_with",
		"factors[].rate_without", "factors[].lift_pp", "factors[].lift_ci_low", "factors[].lift_ci_high", "factors[].odds_ratio",
		"factors[].phi", "factors[].p_value", "factors[].test", "factors[].q_value", "factors[].compared_among",
		"factors[].suggested_points", "factors[].adjusted_points", "factors[].flags", "model.factors[].factor",
		"model.factors[].coef", "model.factors[].se", "model.factors[].odds_ratio", "model.factors[].points", "model.auc",
		"model.lambda", "model.candidates", "model.note", "notes", "touches.regular_engagement.watch_days_won",
		"touches.regular_engagement.watch_days_not_won", "touches.regular_engagement.caveat"},
	"report drift": {"model.as_of", "model.cutoff", "model.target", "model.window_days", "model.data_fingerprint",
		"model.data_fingerprint_now", "model.data", "model.data_words",
		"model.tuning", "model.holdout", "model.recorded_population", "as_of",
		"months[].month", "months[].leads", "months[].ready", "months[].share", "months[].settled", "months[].won",
		"months[].ready_settled", "months[].ready_won", "months[].close_rate", "months[].ci_low", "months[].ci_high",
		"since.month", "since.leads", "since.ready", "since.share", "since.settled", "since.won", "since.ready_settled",
		"since.ready_won", "since.close_rate", "since.ci_low", "since.ci_high", "cutoff_now",
		"stability.score.name", "stability.score.baseline", "stability.score.psi", "stability.score.reading",
		"stability.score.bins[].bin", "stability.score.bins[].then", "stability.score.bins[].now",
		"stability.rules[].name", "stability.rules[].baseline", "stability.rules[].psi", "stability.rules[].reading",
		"stability.rules[].bins", "stability.source_mix.name", "stability.source_mix.psi", "stability.source_mix.reading",
		"stability.source_mix.bins", "effects[].factor", "effects[].points", "effects[].then.leads_with",
		"effects[].then.lift_pp", "effects[].then.ci_low", "effects[].then.ci_high", "effects[].now.leads_with",
		"effects[].now.lift_pp", "effects[].now.ci_low", "effects[].now.ci_high", "effects[].status", "new_factors",
		"verdict", "reasons", "advice", "unavailable"},
	"report campaigns": {"days", "campaigns[].campaign", "campaigns[].type", "campaigns[].segmented", "campaigns[].segment",
		"campaigns[].recipients", "campaigns[].sends", "campaigns[].open_rate", "campaigns[].click_rate",
		"campaigns[].product_engagement", "campaigns[].baseline_product_engagement", "campaigns[].baseline_leads",
		"campaigns[].lift_pp", "campaigns[].lift_ci_low", "campaigns[].lift_ci_high", "segmentation[].type",
		"segmentation[].segmented_recipients", "segmentation[].generic_recipients", "segmentation[].open_rate",
		"segmentation[].click_rate", "segmentation[].product_engagement", "segmentation[].verdict", "unavailable"},
	"report cutoffs": {"unit", "target.low", "target.high", "cutoff", "lead_cutoff", "leads", "won", "days", "capacity_per_day",
		"rows[].cutoff", "rows[].leads", "rows[].share", "rows[].won", "rows[].close_rate", "rows[].ci_low", "rows[].ci_high",
		"rows[].recall", "rows[].per_day", "rows[].fit_only_share", "rows[].bad_fit_low_pain_share", "rows[].median_days",
		"at_cutoff", "recommended.cutoff", "recommended.leads", "recommended.close_rate", "recommended.ci_low",
		"recommended.ci_high", "recommended.recall", "recommended.share", "recommended.in_target", "recommended.reason",
		"matrix.good_fit", "matrix.high_pain", "matrix.cells[].fit", "matrix.cells[].pain", "matrix.cells[].outcome",
		"matrix.cells[].all", "matrix.cells[].ready", "velocity[].band", "velocity[].lo", "velocity[].hi", "velocity[].leads",
		"velocity[].won", "velocity[].close_rate", "velocity[].ci_low", "velocity[].ci_high", "lead_funnel", "warnings"},
	"score": {"mode", "cutoff", "leads[].lead_id", "leads[].account_id", "leads[].fit", "leads[].pain", "leads[].score",
		"leads[].sdr_ready", "leads[].reached_at", "leads[].days_to_ready", "leads[].velocity", "leads[].scored_at",
		"leads[].outcome", "leads[].band"},
	"tune": {"config", "method", "factors[].factor", "factors[].kind", "factors[].lift_pp", "factors[].q_value",
		"factors[].coef", "factors[].se", "factors[].points", "factors[].dropped", "split", "tuning", "holdout",
		"recommendation", "holdout_verdict", "lambda", "cv_close_rate", "stability.splits", "stability.inside",
		"stability.rates", "stability.note", "model_check.leads", "model_check.share", "model_check.points.auc",
		"model_check.points.ready", "model_check.points.close_rate", "model_check.points.recall", "model_check.logistic",
		"model_check.gap_auc_points", "model_check.cv_points_auc", "model_check.cv_all_candidates_auc",
		"model_check.verdict", "unreachable", "notes"},
	"explain": {"lead_id", "account_id", "mode", "at", "created_at", "outcome", "fit", "pain", "score", "cutoff", "sdr_ready",
		"reached_at", "band", "rules[].factor", "rules[].kind", "rules[].points", "rules[].count", "rules[].weight",
		"rules[].total", "rules[].note", "timeline[].at", "timeline[].event", "timeline[].score"},
	"report accounts": {"rollup", "cutoff", "accounts", "won", "quantiles.min", "quantiles.p25", "quantiles.median",
		"quantiles.p75", "quantiles.p90", "quantiles.max", "distribution[].lo", "distribution[].hi", "distribution[].accounts",
		"distribution[].won", "ready.leads", "ready.won", "ready.close_rate", "ready.ci_low", "ready.ci_high", "not_ready",
		"top[].account_id", "top[].leads", "top[].ready_leads", "top[].score", "top[].ready"},
}

// missingKeys lists the paths absent from v; an array or object that is
// empty has nothing to check, which is an error too (the data must show
// every key).
func missingKeys(v any, path []string, at string) []string {
	if len(path) == 0 {
		return nil
	}
	seg, rest := path[0], path[1:]
	switch {
	case seg == "*":
		m, ok := v.(map[string]any)
		if !ok || len(m) == 0 {
			return []string{at + ".* (no object values to check)"}
		}
		var out []string
		for k, e := range m {
			out = append(out, missingKeys(e, rest, at+"."+k)...)
		}
		return out
	case strings.HasSuffix(seg, "[]"):
		name := strings.TrimSuffix(seg, "[]")
		m, _ := v.(map[string]any)
		arr, ok := m[name].([]any)
		if !ok || len(arr) == 0 {
			return []string{at + "." + name + "[] (absent or empty: nothing to check)"}
		}
		var out []string
		for i, e := range arr {
			out = append(out, missingKeys(e, rest, at+"."+name+"[]")...)
			if i > 50 {
				break
			}
		}
		return out
	}
	m, ok := v.(map[string]any)
	if !ok {
		return []string{at + " is not an object"}
	}
	e, ok := m[seg]
	if !ok {
		return []string{at + "." + seg}
	}
	return missingKeys(e, rest, at+"."+seg)
}

// machineOutput is docs/json.md, the page that documents each command's
// JSON output.
func machineOutput(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile("../../docs/json.md")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestDocumentedKeysAlwaysPresent runs every command with JSON output on
// the sample and checks that each key docs/json.md documents is there,
// null or empty when there is nothing to give, never left out — and that
// the list above is the one docs/json.md gives.
func TestDocumentedKeysAlwaysPresent(t *testing.T) {
	if testing.Short() {
		t.Skip("runs every command on the sample")
	}
	doc := machineOutput(t)
	for cmd, keys := range documentedKeys {
		for _, k := range keys {
			parts := strings.Split(k, ".")
			last := strings.TrimSuffix(parts[len(parts)-1], "[]")
			if !strings.Contains(doc, `"`+last+`"`) && !strings.Contains(doc, "`"+last+"`") {
				t.Errorf("%s: key %q is not in docs/json.md", cmd, last)
			}
		}
	}
	dir, src := sampleSource(t)
	db := filepath.Join(dir, "work.duckdb")
	cfg := filepath.Join(dir, "model.yaml")
	runs := map[string][]string{
		"load":             {"load", "--db", db, src, "--format", "json"},
		"report data":      {"report", "data", "--db", db, "--format", "json"},
		"sql":              {"sql", "--db", db, "SELECT 1 AS one", "--format", "json"},
		"report funnel":    {"report", "funnel", "--db", db, "--config", cfg, "--format", "json"},
		"report actions":   {"report", "actions", "--db", db, "--format", "json"},
		"report campaigns": {"report", "campaigns", "--db", db, "--format", "json"},
		"tune":             {"tune", "--db", db, "--out", cfg, "--format", "json"},
		"report cutoffs":   {"report", "cutoffs", "--db", db, "--config", cfg, "--format", "json"},
		"score":            {"score", "--db", db, "--config", cfg, "--format", "json"},
		"explain":          {"explain", "--db", db, "--config", cfg, "L13422", "--format", "json"},
		"report accounts":  {"report", "accounts", "--db", db, "--config", cfg, "--format", "json"},
		// A model tuned as of January, so that there are leads since.
		"report drift": {"report", "drift", "--db", db, "--config", filepath.Join(dir, "january.yaml"), "--format", "json"},
	}
	for _, cmd := range []string{"load", "report data", "sql", "report actions", "report campaigns", "tune",
		"report funnel", "report cutoffs", "score", "explain", "report accounts", "report drift"} {
		if cmd == "report drift" {
			if out, err := leadlab(t, "tune", "--db", db, "--as-of", "2026-01-01", "--out", filepath.Join(dir, "january.yaml")); err != nil {
				t.Fatalf("tune as of January: %v\n%s", err, out)
			}
		}
		out, err := leadlab(t, runs[cmd]...)
		if err != nil {
			t.Fatalf("%s: %v\n%s", cmd, err, out)
		}
		var v any
		if err := json.Unmarshal([]byte(out), &v); err != nil {
			t.Fatalf("%s: not JSON: %v\n%.500s", cmd, err, out)
		}
		if obj, ok := v.(map[string]any); !ok || obj["schema_version"] != float64(schemaVersion) {
			t.Errorf("%s: no schema_version %d at the top: %.200s", cmd, schemaVersion, out)
		}
		for _, k := range documentedKeys[cmd] {
			if miss := missingKeys(v, strings.Split(k, "."), cmd); len(miss) > 0 {
				t.Errorf("%s: documented key missing: %s", cmd, miss[0])
			}
		}
	}
}

// TestTuneOutDashKeepsTheSummary: with --out - the config goes to stdout
// and the summary, which would otherwise be lost, to stderr.
func TestTuneOutDashKeepsTheSummary(t *testing.T) {
	if testing.Short() {
		t.Skip("tunes on the sample")
	}
	db := sampleWorkspace(t)
	root := newRoot()
	var stdout, stderr bytes.Buffer
	root.SetOut(&stdout)
	root.SetErr(&stderr)
	root.SetArgs([]string{"tune", "--db", db, "--out", "-"})
	if err := root.ExecuteContext(t.Context()); err != nil {
		t.Fatalf("tune: %v\n%s", err, stderr.String())
	}
	var cfg map[string]any
	if err := yaml.Unmarshal(stdout.Bytes(), &cfg); err != nil || cfg["cutoff"] == nil {
		t.Fatalf("stdout is not the config (%v):\n%.300s", err, stdout.String())
	}
	if strings.Contains(stdout.String(), "Tuned ") {
		t.Errorf("the summary went to stdout with the config")
	}
	if !strings.Contains(stderr.String(), "config written to stdout") || !strings.Contains(stderr.String(), "Holdout (") {
		t.Errorf("no summary on stderr:\n%s", stderr.String())
	}
}

// TestLetterBandsOnlyWhenAsked: a config with letter bands gives each
// lead its band in score (CSV column, JSON key) and explain; without
// bands the CSV has no band column, the JSON's band is null and explain
// names none.
func TestLetterBandsOnlyWhenAsked(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"leads.csv":  "lead_id,created_at\na,2024-01-01\nb,2024-01-01\nc,2024-01-01\n",
		"events.csv": "event,lead_id,occurred_at\ndemo,a,2024-01-02\ndemo,a,2024-01-03\ndemo,b,2024-01-02\nvisit,c,2024-01-02\n",
		"deals.csv":  "deal_id,lead_id,status,created_at,closed_at\nd1,a,won,2024-01-05,2024-01-11\n",
	})
	plain := "version: 1\npain:\n  - factor: event:demo\n    points: 10\ncutoff: 10\n"
	banded := plain + "bands:\n  - label: B\n    min: 10\n  - label: A\n    min: 20\n"
	cfgDir := t.TempDir()
	for name, body := range map[string]string{"plain.yaml": plain, "banded.yaml": banded} {
		if err := os.WriteFile(filepath.Join(cfgDir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	run := func(args ...string) string {
		t.Helper()
		out, err := leadlab(t, append(args, "--data", dir, "--window", "0")...)
		if err != nil {
			t.Fatalf("%v: %v\n%s", args, err, out)
		}
		return out
	}
	for _, tc := range []struct {
		cfg  string
		want map[string]any // lead: band in JSON
	}{
		{"plain.yaml", map[string]any{"a": nil, "b": nil, "c": nil}},
		{"banded.yaml", map[string]any{"a": "A", "b": "B", "c": nil}},
	} {
		cfg := filepath.Join(cfgDir, tc.cfg)
		rows, err := csv.NewReader(strings.NewReader(run("score", "--config", cfg, "--now"))).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		head := strings.Join(rows[0], ",")
		if hasBand := strings.HasSuffix(head, ",band"); hasBand != (tc.cfg == "banded.yaml") {
			t.Errorf("%s: score CSV header %s", tc.cfg, head)
		}
		var sc struct {
			Leads []map[string]any `json:"leads"`
		}
		if err := json.Unmarshal([]byte(run("score", "--config", cfg, "--now", "--format", "json")), &sc); err != nil {
			t.Fatal(err)
		}
		for _, l := range sc.Leads {
			id := l["lead_id"].(string)
			if b, ok := l["band"]; !ok || b != tc.want[id] {
				t.Errorf("%s: score JSON lead %s band %v (present %v), want %v", tc.cfg, id, b, ok, tc.want[id])
			}
		}
		for _, r := range rows[1:] {
			if tc.cfg == "banded.yaml" {
				want, _ := tc.want[r[0]].(string)
				if r[len(r)-1] != want {
					t.Errorf("%s: score CSV lead %s band %q, want %q", tc.cfg, r[0], r[len(r)-1], want)
				}
			}
		}
		var e map[string]any
		if err := json.Unmarshal([]byte(run("explain", "--config", cfg, "--now", "a", "--format", "json")), &e); err != nil {
			t.Fatal(err)
		}
		if b, ok := e["band"]; !ok || b != tc.want["a"] {
			t.Errorf("%s: explain JSON band %v (present %v)", tc.cfg, b, ok)
		}
		table := run("explain", "--config", cfg, "--now", "a")
		if strings.Contains(table, "band") != (tc.cfg == "banded.yaml") || (tc.cfg == "banded.yaml" && !strings.Contains(table, "band A")) {
			t.Errorf("%s: explain table:\n%s", tc.cfg, table)
		}
	}
}

// TestReportDataTableNotLoaded: a table no file supplied keeps every key,
// file null and the column lists empty, as docs/json.md documents.
func TestReportDataTableNotLoaded(t *testing.T) {
	out, err := leadlab(t, "report", "data", "--data", writeFiles(t, tinyData), "--format", "json")
	if err != nil {
		t.Fatalf("report data: %v\n%s", err, out)
	}
	var r struct {
		Tables map[string]map[string]any `json:"tables"`
	}
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatal(err)
	}
	nps, leads := r.Tables["nps"], r.Tables["leads"]
	if f, ok := nps["file"]; !ok || f != nil {
		t.Errorf("nps file %v (present %v), want null", f, ok)
	}
	for _, k := range []string{"columns", "extras", "ignored"} {
		if v, ok := nps[k].([]any); !ok || len(v) != 0 {
			t.Errorf("nps %s %v, want []", k, nps[k])
		}
	}
	if f, _ := leads["file"].(string); !strings.HasSuffix(f, "leads.csv") {
		t.Errorf("leads file %v", leads["file"])
	}
}

func TestWithSchemaVersion(t *testing.T) {
	for in, want := range map[string]string{
		`{"a":1,"b":{"c":2}}`: `{"schema_version":1,"a":1,"b":{"c":2}}`,
		`{}`:                  `{"schema_version":1}`,
		` { } `:               `{"schema_version":1}`,
		`[{"a":1},{}]`:        `[{"schema_version":1,"a":1},{"schema_version":1}]`,
		`[]`:                  `[]`,
		`"text"`:              `"text"`,
	} {
		got, err := withSchemaVersion([]byte(in))
		if err != nil || string(got) != want {
			t.Errorf("%s: %s, %v; want %s", in, got, err, want)
		}
		if !json.Valid(got) {
			t.Errorf("%s: %s is not JSON", in, got)
		}
	}
}
