package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/leadlab/leadlab/internal/bench"
)

// TestNotebookCountsEqualReportActions runs the bench's pandas notebook
// on a generated dataset and checks that it counts what report actions
// counts: the same settled leads and wins, and for every event the same
// leads with it and wins among them. The first_answer step compares the
// two times, so they must be doing the same work.
func TestNotebookCountsEqualReportActions(t *testing.T) {
	python, err := bench.FindPandas(t.Context())
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
	if err := os.WriteFile(script, bench.NotebookScript, 0o644); err != nil {
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
