package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
)

// TestNotebookCountsEqualReportActions runs the bench's pandas notebook
// on a generated dataset and checks that it counts what report actions
// counts: the same settled leads and wins, and for every event the same
// leads with it and wins among them. The first_answer step compares the
// two times, so they must be doing the same work.
func TestNotebookCountsEqualReportActions(t *testing.T) {
	python, err := findPandas(t.Context())
	if err != nil {
		t.Skipf("the notebook peer needs pandas: %v", err)
	}
	dir := t.TempDir()
	data, db := filepath.Join(dir, "csv"), filepath.Join(dir, "ws.duckdb")
	for _, args := range [][]string{
		{"gen", "--out", data, "--leads", "3000", "--seed", "5"},
		{"load", "--db", db, data, "--quiet"},
	} {
		if out, err := leadlab(t, args...); err != nil {
			t.Fatalf("leadlab %v: %v\n%s", args, err, out)
		}
	}
	out, err := leadlab(t, "report", "actions", "--db", db, "--format", "json")
	if err != nil {
		t.Fatalf("report actions: %v\n%s", err, out)
	}
	var report struct {
		Leads, Won int
		Window     int `json:"window_days"`
		Factors    []struct {
			Factor    string
			LeadsWith int `json:"leads_with"`
			WonWith   int `json:"won_with"`
		}
	}
	if err := json.Unmarshal([]byte(out), &report); err != nil {
		t.Fatal(err)
	}
	script, table := filepath.Join(dir, "notebook.py"), filepath.Join(dir, "notebook.csv")
	if err := os.WriteFile(script, notebookScript, 0o644); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	cmd := exec.CommandContext(t.Context(), python, script, data, table)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("notebook: %v\n%s", err, stderr.String())
	}
	head := strings.SplitN(stdout.String(), "\n", 2)[0]
	want := "window " + strconv.Itoa(report.Window) + " days, "
	if !strings.HasPrefix(head, want) || !strings.Contains(head, ", "+strconv.Itoa(report.Leads)+" settled leads, "+strconv.Itoa(report.Won)+" won") {
		t.Errorf("notebook says %q; report actions: window %d, %d settled, %d won", head, report.Window, report.Leads, report.Won)
	}
	f, err := os.Open(table)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	events := map[string][2]int{}
	for _, r := range report.Factors {
		if name, ok := strings.CutPrefix(r.Factor, "event:"); ok && !strings.Contains(name, ">=") {
			events[name] = [2]int{r.LeadsWith, r.WonWith}
		}
	}
	if len(rows) < 2 || len(rows)-1 != len(events) {
		t.Fatalf("notebook has %d events, report actions %d", len(rows)-1, len(events))
	}
	for _, r := range rows[1:] { // event, leads_with, won_with, …
		n, _ := strconv.Atoi(r[1])
		won, _ := strconv.Atoi(r[2])
		if got, want := [2]int{n, won}, events[r[0]]; got != want {
			t.Errorf("%s: notebook %d leads, %d won; report actions %d, %d", r[0], n, won, want[0], want[1])
		}
	}
}

// TestFirstAnswerWithoutPandas runs the first_answer step where no
// Python with pandas can be found: the step is still timed, its floor is
// null and the note says why, in the JSON and the table.
func TestFirstAnswerWithoutPandas(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("the bench's children report their memory through Linux rusage")
	}
	t.Setenv("LEADLAB_RUN_MAIN", "1")
	t.Setenv("GORACE", "atexit_sleep_ms=0")
	saved := pythonCandidates
	pythonCandidates = func() []string { return []string{filepath.Join(t.TempDir(), "no-python3")} }
	defer func() { pythonCandidates = saved }()
	dir := t.TempDir()
	for _, format := range []string{"json", "table"} {
		root := newRoot()
		var out, progress bytes.Buffer
		root.SetOut(&out)
		root.SetErr(&progress)
		root.SetArgs([]string{"bench", "--leads", "500", "--runs", "1", "--steps", "first_answer", "--format", format, "--dir", dir})
		if err := root.ExecuteContext(t.Context()); err != nil {
			t.Fatalf("bench: %v\n%s", err, progress.String())
		}
		if !strings.Contains(progress.String(), "the notebook peer is not run: no python3 with pandas") {
			t.Errorf("progress does not say the notebook was skipped:\n%s", progress.String())
		}
		if format == "table" {
			if !strings.Contains(out.String(), "first_answer: notebook not run: no python3 with pandas") {
				t.Errorf("table has no note:\n%s", out.String())
			}
			continue
		}
		var got struct{ Steps []stepResult }
		if err := json.Unmarshal(out.Bytes(), &got); err != nil {
			t.Fatal(err)
		}
		if len(got.Steps) != 1 {
			t.Fatalf("steps %+v", got.Steps)
		}
		s := got.Steps[0]
		if s.Step != "first_answer" || s.Median <= 0 || s.Floor != nil || s.Ratio != nil || !strings.HasPrefix(s.Note, "notebook not run: ") {
			t.Errorf("first_answer without pandas: %+v", s)
		}
	}
}
