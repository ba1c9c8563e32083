package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/leadlab/leadlab/queries"
	sampledata "github.com/leadlab/leadlab/sample-data"
)

// sampleWorkspace loads the embedded sample into a workspace file once
// per test, so each command below reads it instead of loading again.
// sampleSource extracts the embedded sample into a fresh folder: the
// folder, and the sample's folder within it.
func sampleSource(t *testing.T) (dir, src string) {
	t.Helper()
	dir = t.TempDir()
	src = filepath.Join(dir, "sample")
	if err := os.Mkdir(src, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := sampledata.Extract(src); err != nil {
		t.Fatal(err)
	}
	return dir, src
}

func sampleWorkspace(t *testing.T) string {
	t.Helper()
	dir, src := sampleSource(t)
	db := filepath.Join(dir, "work.duckdb")
	if _, err := leadlab(t, "load", "--db", db, src); err != nil {
		t.Fatal(err)
	}
	return db
}

// TestScoringWorkflow runs tune, score (three formats), explain, report
// cutoffs and report accounts as an analyst would, on the sample.
func TestScoringWorkflow(t *testing.T) {
	db := sampleWorkspace(t)
	dir := t.TempDir()
	cfgPath := filepath.Join(dir, "model.yaml")

	out, err := leadlab(t, "tune", "--db", db, "--out", cfgPath, "--format", "json")
	if err != nil {
		t.Fatalf("tune: %v\n%s", err, out)
	}
	var tuned struct {
		Config struct {
			Cutoff float64 `json:"cutoff"`
		} `json:"config"`
		Holdout struct {
			CloseRate float64 `json:"close_rate"`
			Leads     int64   `json:"leads"`
		} `json:"holdout"`
		HoldoutVerdict string `json:"holdout_verdict"`
	}
	if err := json.Unmarshal([]byte(out), &tuned); err != nil {
		t.Fatalf("tune json: %v\n%s", err, out)
	}
	if tuned.Config.Cutoff <= 0 || tuned.Holdout.Leads == 0 || !strings.Contains(tuned.HoldoutVerdict, "inside the target") {
		t.Errorf("tune: %+v", tuned)
	}
	text, err := os.ReadFile(cfgPath)
	if err != nil || !strings.Contains(string(text), "event:document_created") || !strings.Contains(string(text), "holdout:") {
		t.Fatalf("config file: %v\n%s", err, text)
	}

	csvPath := filepath.Join(dir, "scores.csv")
	if out, err := leadlab(t, "score", "--db", db, "--config", cfgPath, "--out", csvPath); err != nil {
		t.Fatalf("score: %v\n%s", err, out)
	}
	f, err := os.Open(csvPath)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(f).ReadAll()
	f.Close()
	if err != nil || len(rows) != sampledata.SampleLeads+1 {
		t.Fatalf("scores.csv: %d rows, %v", len(rows), err)
	}
	if strings.Join(rows[0], ",") != "lead_id,account_id,fit,pain,score,sdr_ready,reached_at,days_to_ready,velocity,scored_at,outcome" {
		t.Errorf("header %v", rows[0])
	}
	ready := ""
	for _, r := range rows[1:] {
		if r[5] == "true" && r[6] != "" {
			ready = r[0]
			break
		}
	}
	if ready == "" {
		t.Fatal("no SDR-ready lead with a time it got there")
	}

	pq := filepath.Join(dir, "scores.parquet")
	if out, err := leadlab(t, "score", "--db", db, "--config", cfgPath, "--now", "--format", "parquet", "--out", pq); err != nil {
		t.Fatalf("score parquet: %v\n%s", err, out)
	}
	ws, err := queries.Open(context.Background(), "")
	if err != nil {
		t.Fatal(err)
	}
	defer ws.Close()
	var n, readyNow int64
	if err := ws.DB.QueryRow("SELECT count(*), count(*) FILTER (WHERE sdr_ready) FROM read_parquet(?)", pq).Scan(&n, &readyNow); err != nil || n != sampledata.SampleLeads || readyNow == 0 {
		t.Errorf("parquet: %d rows, %d ready, %v", n, readyNow, err)
	}
	if left, _ := filepath.Glob(filepath.Join(dir, ".*tmp*")); len(left) != 0 {
		t.Errorf("temporary files left behind: %v", left)
	}

	out, err = leadlab(t, "score", "--db", db, "--config", cfgPath, "--format", "json")
	var js struct {
		Mode  string            `json:"mode"`
		Leads []json.RawMessage `json:"leads"`
	}
	if err != nil || json.Unmarshal([]byte(out), &js) != nil || js.Mode != "history" || len(js.Leads) != sampledata.SampleLeads {
		t.Errorf("score json: %v, mode %q, %d leads", err, js.Mode, len(js.Leads))
	}

	out, err = leadlab(t, "explain", "--db", db, "--config", cfgPath, ready)
	if err != nil || !strings.Contains(out, "Lead "+ready) || !strings.Contains(out, "SDR-ready") || !strings.Contains(out, "event:document_created") {
		t.Errorf("explain: %v\n%s", err, out)
	}

	out, err = leadlab(t, "report", "cutoffs", "--db", db, "--config", cfgPath, "--target", "12-18", "--format", "json")
	var cut struct {
		Target      map[string]float64 `json:"target"`
		Rows        []map[string]any   `json:"rows"`
		Recommended map[string]any     `json:"recommended"`
		Matrix      map[string]any     `json:"matrix"`
		Velocity    []map[string]any   `json:"velocity"`
		LeadFunnel  []map[string]any   `json:"lead_funnel"`
	}
	if err != nil || json.Unmarshal([]byte(out), &cut) != nil {
		t.Fatalf("cutoffs: %v\n%s", err, out)
	}
	if cut.Target["low"] != 0.12 || cut.Target["high"] != 0.18 || len(cut.Rows) < 3 || cut.Recommended["reason"] == "" ||
		len(cut.Velocity) == 0 || len(cut.LeadFunnel) != 4 || cut.Matrix["cells"] == nil {
		t.Errorf("cutoffs json: %+v", cut)
	}
	for _, key := range []string{"cutoff", "leads", "share", "won", "close_rate", "ci_low", "ci_high", "recall", "per_day", "fit_only_share", "bad_fit_low_pain_share", "median_days"} {
		if _, ok := cut.Rows[0][key]; !ok {
			t.Errorf("sweep rows lack %q", key)
		}
	}
	out, err = leadlab(t, "report", "cutoffs", "--db", db, "--config", cfgPath)
	if err != nil || !strings.Contains(out, "Recommended cutoff") || !strings.Contains(out, "Qualification of leads at cutoff") {
		t.Errorf("cutoffs table: %v\n%s", err, out)
	}

	out, err = leadlab(t, "report", "funnel", "--db", db, "--config", cfgPath, "--format", "json")
	if err != nil || !strings.Contains(out, `"stage": "sdr_ready"`) {
		t.Errorf("funnel with a config: %v\n%s", err, out)
	}

	out, err = leadlab(t, "report", "accounts", "--db", db, "--config", cfgPath, "--format", "json", "--top", "3")
	var acc struct {
		Accounts int64            `json:"accounts"`
		Top      []map[string]any `json:"top"`
	}
	if err != nil || json.Unmarshal([]byte(out), &acc) != nil || acc.Accounts == 0 || len(acc.Top) != 3 {
		t.Errorf("accounts: %v %+v\n%s", err, acc, out)
	}
}

func TestScoringErrors(t *testing.T) {
	db := sampleWorkspace(t)
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.yaml")
	os.WriteFile(bad, []byte("version: 1\npain:\n  - factor: event:demo_requst\n    points: 10\ncutoff: 5\n"), 0o644)
	keep := filepath.Join(dir, "keep.csv")
	os.WriteFile(keep, []byte("old contents\n"), 0o644)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"score", "--db", db}, "--config is required"},
		{[]string{"score", "--db", db, "--config", filepath.Join(dir, "none.yaml")}, "none.yaml"},
		{[]string{"score", "--db", db, "--config", bad, "--out", keep}, `line 3: event:demo_requst: no lead did an event named "demo_requst" (did you mean "demo_request"?)`},
		{[]string{"score", "--db", db, "--config", bad, "--format", "parquet"}, "--format parquet needs --out"},
		{[]string{"report", "cutoffs", "--db", db, "--config", bad, "--target", "0.2-0.1"}, "does not fit this data"},
		{[]string{"tune", "--db", db, "--out", filepath.Join(dir, "t.yaml"), "--target", "0.2-0.1"}, "the range is reversed"},
		{[]string{"tune", "--db", db}, "--out is required"},
		{[]string{"tune", "--db", db, "--out", "x.yaml", "--method", "magic"}, "method must be adjusted or lift"},
		{[]string{"explain", "--db", db, "--config", bad}, "accepts 1 arg"},
	} {
		out, err := leadlab(t, tc.args...)
		if err == nil || !strings.Contains(err.Error()+out, tc.want) {
			t.Errorf("%v: %v\n%s; want %q", tc.args, err, out, tc.want)
		}
	}
	if b, _ := os.ReadFile(keep); string(b) != "old contents\n" {
		t.Errorf("a failed score replaced its --out file: %q", b)
	}
}

// A target no cutoff can reach exits with status 3, after writing the
// config and the summary, and says why on stderr.
func TestTuneUnreachableExitsThree(t *testing.T) {
	db := sampleWorkspace(t)
	out := filepath.Join(t.TempDir(), "model.yaml")
	cmd := exec.Command(os.Args[0], "tune", "--db", db, "--out", out, "--target", "0.01-0.02")
	cmd.Env = append(os.Environ(), "LEADLAB_RUN_MAIN=1")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	exit, ok := err.(*exec.ExitError)
	if !ok || exit.ExitCode() != exitUnreachable {
		t.Fatalf("exit: %v\nstdout %s\nstderr %s", err, stdout.String(), stderr.String())
	}
	if !strings.Contains(stderr.String(), "below every close rate a cutoff can give") || !strings.Contains(stdout.String(), "Raise the target to at least") {
		t.Errorf("stdout %q\nstderr %q", stdout.String(), stderr.String())
	}
	if _, err := os.Stat(out); err != nil {
		t.Errorf("the config was not written: %v", err)
	}
}
