package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
)

// TestMaxRejectShareUsage: a share that is not a number from 0 to 1 is a
// usage error. NaN used to pass the range check (every comparison with
// NaN is false) and turn the reject guard off.
func TestMaxRejectShareUsage(t *testing.T) {
	// Half the leads are bad: any working guard refuses this load.
	dir := writeFiles(t, map[string]string{"leads.csv": "lead_id,created_at\na,2024-01-01\nb,never\n"})
	for _, v := range []string{"NaN", "nan", "Inf", "+Inf", "-Inf", "-0.1", "1.5", "7"} {
		db := filepath.Join(t.TempDir(), "ws.duckdb")
		out, err := leadlab(t, "load", "--db", db, "--max-reject-share", v, dir)
		if err == nil || !strings.Contains(err.Error(), "--max-reject-share") || !strings.Contains(err.Error(), "between 0 and 1") {
			t.Errorf("--max-reject-share %s: error %v, want a usage error\n%s", v, err, out)
		}
		if _, serr := os.Stat(db); serr == nil {
			t.Errorf("--max-reject-share %s: a usage error created the workspace", v)
		}
	}
	db := filepath.Join(t.TempDir(), "ws.duckdb")
	if out, err := leadlab(t, "load", "--db", db, "--max-reject-share", "1", dir); err != nil {
		t.Errorf("--max-reject-share 1 refused: %v\n%s", err, out)
	}
}

// TestSetAsideDatesAreReported: a lead created in 2999 does not move the
// as-of date, and the load summary, report data and its JSON say which
// value was set aside.
func TestSetAsideDatesAreReported(t *testing.T) {
	files := map[string]string{
		"leads.csv": tinyData["leads.csv"] + "z,2999-01-01\n",
		"deals.csv": tinyData["deals.csv"] + "d2,z,won,2024-01-05,2024-01-11\n",
	}
	dir := writeFiles(t, files)
	db := filepath.Join(t.TempDir(), "ws.duckdb")
	out, err := leadlab(t, "load", "--db", db, dir)
	if err != nil {
		t.Fatalf("load: %v\n%s", err, out)
	}
	for _, want := range []string{"1 timestamp set aside from the as-of date", "leads.created_at = 2999-01-01 00:00:00 (1 row, after the load's time)"} {
		if !strings.Contains(out, want) {
			t.Errorf("load summary lacks %q:\n%s", want, out)
		}
	}
	out, err = leadlab(t, "load", "--db", db, "--format", "json", dir)
	var lj struct {
		SetAside struct {
			Count  int64 `json:"count"`
			Values []struct {
				Table, Column, Value, Reason string
			} `json:"values"`
		} `json:"as_of_set_aside"`
	}
	if err != nil || json.Unmarshal([]byte(out), &lj) != nil || lj.SetAside.Count != 1 || len(lj.SetAside.Values) != 1 ||
		lj.SetAside.Values[0].Value != "2999-01-01T00:00:00Z" || lj.SetAside.Values[0].Reason != "after_clock" {
		t.Errorf("load JSON: %v %+v\n%s", err, lj, out)
	}

	out, err = leadlab(t, "report", "data", "--db", db, "--format", "json")
	var rj struct {
		Outcome struct {
			AsOf          string   `json:"as_of"`
			WindowDays    int      `json:"window_days"`
			MeanCycleDays *float64 `json:"mean_cycle_days"`
			SetAside      struct {
				Count      int64 `json:"count"`
				AfterClock int64 `json:"after_clock"`
			} `json:"as_of_set_aside"`
			CycleSetAside int64 `json:"cycle_set_aside"`
		} `json:"outcome"`
	}
	if err != nil || json.Unmarshal([]byte(out), &rj) != nil {
		t.Fatalf("report JSON: %v\n%s", err, out)
	}
	o := rj.Outcome
	if o.AsOf != "2024-03-27T00:00:00Z" || o.WindowDays != 10 || o.MeanCycleDays == nil || *o.MeanCycleDays != 10 ||
		o.SetAside.Count != 1 || o.SetAside.AfterClock != 1 || o.CycleSetAside != 1 {
		t.Errorf("report outcome %+v (mean cycle %v)", o, o.MeanCycleDays)
	}
	out, err = leadlab(t, "report", "data", "--db", db)
	if err != nil || !strings.Contains(out, "leads.created_at = 2999-01-01") || !strings.Contains(out, "1 set aside") {
		t.Errorf("report table: %v\n%s", err, out)
	}
}

// TestLoadSummaryNamesEveryFileRead: a manifest may name any file, so the
// load summary gives the absolute path of every file read — joined ones
// too — and where a symbolic link led.
func TestLoadSummaryNamesEveryFileRead(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"crm_leads.csv": "lead_id,created_at,team\na,2024-01-01,t1\n",
		"teams.csv":     "team,region\nt1,EMEA\n",
		"manifest.yaml": "tables:\n  leads:\n    file: link.csv\n    join:\n      - file: teams.csv\n        on: team\n",
	})
	if err := os.Symlink(filepath.Join(dir, "crm_leads.csv"), filepath.Join(dir, "link.csv")); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	// Run from elsewhere with a relative manifest path: the summary must
	// still give absolute paths.
	t.Chdir(filepath.Dir(dir))
	rel := filepath.Join(filepath.Base(dir), "manifest.yaml")
	db := filepath.Join(t.TempDir(), "ws.duckdb")
	out, err := leadlab(t, "load", "--db", db, "--manifest", rel)
	if err != nil {
		t.Fatalf("load: %v\n%s", err, out)
	}
	real, _ := filepath.EvalSymlinks(filepath.Join(dir, "crm_leads.csv"))
	for _, want := range []string{
		"Files read:",
		filepath.Join(dir, "link.csv") + " → " + real,
		filepath.Join(dir, "teams.csv") + " (joined)",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("load summary lacks %q:\n%s", want, out)
		}
	}
	out, err = leadlab(t, "load", "--db", db, "--manifest", rel, "--format", "json")
	var lj struct {
		Result struct {
			Files []struct{ Table, Role, Path, Resolved string } `json:"files_read"`
		} `json:"result"`
	}
	if err != nil || json.Unmarshal([]byte(out), &lj) != nil || len(lj.Result.Files) != 2 {
		t.Fatalf("load JSON: %v\n%s", err, out)
	}
	for _, f := range lj.Result.Files {
		if !filepath.IsAbs(f.Path) || !filepath.IsAbs(f.Resolved) || f.Table != "leads" {
			t.Errorf("file read %+v: paths not absolute", f)
		}
	}
	if lj.Result.Files[0].Resolved != real || lj.Result.Files[1].Role != "join" {
		t.Errorf("files read %+v", lj.Result.Files)
	}
}

// TestFailedLoadLeavesNoNewWorkspace: a load that would create a
// workspace and fails leaves no file behind — neither an empty workspace
// nor the 0-byte file a full disk used to leave, which every later load
// refused — and no temporary file either.
func TestFailedLoadLeavesNoNewWorkspace(t *testing.T) {
	bad := writeFiles(t, map[string]string{"leads.csv": "lead_id,created_at\nx,2024-01-01\ny,never\n"})
	for _, args := range [][]string{
		{"load", "--db", "DB", bad},
		{"report", "data", "--db", "DB", "--data", bad},
	} {
		dir := t.TempDir()
		db := filepath.Join(dir, "new.duckdb")
		for i, a := range args {
			if a == "DB" {
				args[i] = db
			}
		}
		if _, err := leadlab(t, args...); err == nil || !strings.Contains(err.Error(), "leads.csv line 3") {
			t.Fatalf("%v: error %v, want the bad line", args[:2], err)
		}
		if left, _ := os.ReadDir(dir); len(left) != 0 {
			t.Errorf("%v: a failed load left %v behind", args[:2], left)
		}
	}
	// A good load then creates it, and a later failed load keeps it.
	dir := t.TempDir()
	db := filepath.Join(dir, "ws.duckdb")
	if out, err := leadlab(t, "load", "--db", db, writeFiles(t, tinyData)); err != nil {
		t.Fatalf("load: %v\n%s", err, out)
	}
	if _, err := leadlab(t, "load", "--db", db, bad); err == nil {
		t.Fatal("bad load succeeded")
	}
	if r := reportJSON(t, "--db", db); r.Tables["leads"].Rows != 3 {
		t.Errorf("workspace after a failed reload: %+v", r.Tables)
	}
	if left, _ := os.ReadDir(dir); len(left) != 1 {
		t.Errorf("files beside the workspace: %v", left)
	}
}

// TestEmptyWorkspaceFileIsReplaced: a 0-byte file at --db (what a full
// disk left before) holds nothing; a load replaces it instead of failing
// on it forever.
func TestEmptyWorkspaceFileIsReplaced(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "ws.duckdb")
	if err := os.WriteFile(db, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := leadlab(t, "load", "--db", db, writeFiles(t, tinyData)); err != nil {
		t.Fatalf("load onto an empty file: %v\n%s", err, out)
	}
	if r := reportJSON(t, "--db", db); r.Tables["leads"].Rows != 3 {
		t.Errorf("workspace: %+v", r.Tables)
	}
	if left, _ := os.ReadDir(dir); len(left) != 1 {
		t.Errorf("files beside the workspace: %v", left)
	}
}

// TestSIGTERMCancelsLoad: SIGTERM stops a load as Ctrl-C does — the
// process exits with a message, a workspace it was creating is removed,
// and an existing one keeps its dataset — instead of dying mid-write.
func TestSIGTERMCancelsLoad(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no SIGTERM on Windows")
	}
	data := t.TempDir()
	if out, err := leadlab(t, "gen", "--out", data, "--leads", "20000", "--seed", "5"); err != nil {
		t.Fatalf("gen: %v\n%s", err, out)
	}
	terminate := func(db string) (exit int, stderr string) {
		t.Helper()
		cmd := exec.Command(os.Args[0], "load", "--db", db, data)
		// LEADLAB_TRACE prints a line as each statement ends: the first
		// one says the load is under way.
		cmd.Env = append(os.Environ(), "LEADLAB_RUN_MAIN=1", "LEADLAB_TRACE=1")
		pipe, err := cmd.StderrPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		r := bufio.NewReader(pipe)
		if _, err := r.ReadString('\n'); err != nil {
			t.Fatalf("no trace from the load: %v", err)
		}
		if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
			t.Fatal(err)
		}
		rest, _ := io.ReadAll(r)
		err = cmd.Wait()
		var ee *exec.ExitError
		if !errors.As(err, &ee) {
			t.Fatalf("the load ended with %v, not an exit status", err)
		}
		return ee.ExitCode(), string(rest)
	}

	dir := t.TempDir()
	exit, stderr := terminate(filepath.Join(dir, "new.duckdb"))
	if exit != 143 || !strings.Contains(stderr, "interrupted by SIGTERM") || !strings.Contains(stderr, "cancelled") {
		t.Errorf("exit %d, stderr ends %q; want 143 (128+SIGTERM), interrupted and cancelled", exit, lastChars(stderr))
	}
	if left, _ := os.ReadDir(dir); len(left) != 0 {
		t.Errorf("a terminated load left %v behind", left)
	}

	db := filepath.Join(t.TempDir(), "ws.duckdb")
	if out, err := leadlab(t, "load", "--db", db, writeFiles(t, tinyData)); err != nil {
		t.Fatalf("load: %v\n%s", err, out)
	}
	exit, stderr = terminate(db)
	if exit != 143 || !strings.Contains(stderr, "interrupted by SIGTERM") || !strings.Contains(stderr, "cancelled") {
		t.Errorf("reload: exit %d, stderr ends %q; want 143 (128+SIGTERM), interrupted and cancelled", exit, lastChars(stderr))
	}
	if r := reportJSON(t, "--db", db); r.Tables["leads"].Rows != 3 {
		t.Errorf("workspace after a terminated reload: %+v", r.Tables)
	}
}

func lastChars(s string) string {
	if len(s) > 300 {
		return s[len(s)-300:]
	}
	return s
}

// TestReportDataGivesAbsoluteFiles: a load run with a relative folder
// records its files by absolute path, so report data names them whatever
// folder it runs from.
func TestReportDataGivesAbsoluteFiles(t *testing.T) {
	dir := writeFiles(t, tinyData)
	t.Chdir(filepath.Dir(dir))
	db := filepath.Join(t.TempDir(), "ws.duckdb")
	if out, err := leadlab(t, "load", "--db", db, filepath.Base(dir)); err != nil {
		t.Fatalf("load: %v\n%s", err, out)
	}
	out, err := leadlab(t, "report", "data", "--db", db, "--format", "json")
	var r struct {
		Tables map[string]struct{ File string } `json:"tables"`
	}
	if err != nil || json.Unmarshal([]byte(out), &r) != nil {
		t.Fatalf("report: %v\n%s", err, out)
	}
	if got, want := r.Tables["leads"].File, filepath.Join(dir, "leads.csv"); got != want {
		t.Errorf("leads file %q, want %q", got, want)
	}
}
