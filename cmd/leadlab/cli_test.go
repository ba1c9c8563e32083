package main

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestMain lets a test run the real main in a child process, to check
// exit status and stderr as a script would see them.
func TestMain(m *testing.M) {
	if os.Getenv("LEADLAB_RUN_MAIN") == "1" {
		main()
		os.Exit(0)
	}
	if db := os.Getenv("LEADLAB_TEST_WORKBENCH"); db != "" {
		holdAsWorkbench(db)
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// leadlab runs the command line in-process and returns stdout.
func leadlab(t *testing.T, args ...string) (string, error) {
	t.Helper()
	root := newRoot()
	var out bytes.Buffer
	root.SetOut(&out)
	root.SetErr(&out)
	root.SetArgs(args)
	err := execute(t.Context(), root)
	return out.String(), err
}

func writeFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

var tinyData = map[string]string{
	"leads.csv": "lead_id,created_at\na,2024-01-01\nb,2024-01-01\nc,2024-03-27\n",
	"deals.csv": "deal_id,lead_id,status,created_at,closed_at\nd1,a,won,2024-01-05,2024-01-11\n",
}

type dataJSON struct {
	Tables map[string]struct {
		Rows int64 `json:"rows"`
	} `json:"tables"`
	Outcome struct {
		WindowDays int   `json:"window_days"`
		Leads      int64 `json:"leads"`
		Won        int64 `json:"won"`
		Maturing   int64 `json:"maturing"`
	} `json:"outcome"`
	Rejects  []map[string]any `json:"rejects"`
	Warnings []map[string]any `json:"warnings"`
}

func reportJSON(t *testing.T, args ...string) dataJSON {
	t.Helper()
	out, err := leadlab(t, append([]string{"report", "data", "--format", "json"}, args...)...)
	if err != nil {
		t.Fatalf("report data: %v\n%s", err, out)
	}
	var r dataJSON
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	return r
}

func TestReportDataFromFolder(t *testing.T) {
	r := reportJSON(t, "--data", writeFiles(t, tinyData))
	if r.Outcome.Leads != 3 || r.Outcome.Won != 1 || r.Outcome.WindowDays != 10 || r.Outcome.Maturing != 1 {
		t.Errorf("outcome %+v", r.Outcome)
	}
	r = reportJSON(t, "--data", writeFiles(t, tinyData), "--window", "0")
	if r.Outcome.WindowDays != 0 || r.Outcome.Maturing != 0 {
		t.Errorf("--window 0: %+v", r.Outcome)
	}
	out, err := leadlab(t, "report", "data", "--data", writeFiles(t, tinyData))
	if err != nil || !strings.Contains(out, "maturing") || !strings.Contains(out, "leads.csv") || !strings.Contains(out, "strictly before its exposure cutoff") {
		t.Errorf("table output:\n%s\n%v", out, err)
	}
}

func TestReportDataOnEmbeddedSample(t *testing.T) {
	r := reportJSON(t)
	if r.Outcome.Leads != 20000 || r.Tables["events"].Rows == 0 || r.Tables["deals"].Rows == 0 {
		t.Errorf("sample: %+v, tables %+v", r.Outcome, r.Tables)
	}
	if r.Outcome.Won == 0 || r.Outcome.Maturing == 0 {
		t.Errorf("the sample should have won and maturing leads: %+v", r.Outcome)
	}
}

func TestLoadThenFailedLoadKeepsWorkspace(t *testing.T) {
	db := filepath.Join(t.TempDir(), "ws.duckdb")
	if out, err := leadlab(t, "load", "--db", db, writeFiles(t, tinyData)); err != nil {
		t.Fatalf("load: %v\n%s", err, out)
	}
	before := reportJSON(t, "--db", db)
	bad := writeFiles(t, map[string]string{"leads.csv": "lead_id,created_at\nx,2024-01-01\ny,never\n"})
	_, err := leadlab(t, "load", "--db", db, bad)
	if err == nil || !strings.Contains(err.Error(), "leads.csv line 3") || !strings.Contains(err.Error(), "unchanged") {
		t.Fatalf("bad load error: %v", err)
	}
	after := reportJSON(t, "--db", db)
	if after.Outcome != before.Outcome || after.Tables["leads"].Rows != 3 {
		t.Errorf("workspace changed: %+v -> %+v", before.Outcome, after.Outcome)
	}
}

func TestUsageErrors(t *testing.T) {
	dir := writeFiles(t, tinyData)
	for _, tc := range []struct {
		args   []string
		want   string
		status int // 2 for the command line itself, 1 for what it names
	}{
		{[]string{"load", dir}, "--db", exitUsage},
		{[]string{"load", "--db", "x.duckdb"}, "exactly one source", exitUsage},
		{[]string{"report", "data", "--data", dir, "--format", "xml"}, "--format", exitUsage},
		{[]string{"report", "data", "--data", dir, "--window", "-2"}, "--window", exitUsage},
		{[]string{"report", "data", "--data", dir, "--as-of", "tomorrow"}, "--as-of", exitUsage},
		{[]string{"report", "data", "--db", filepath.Join(t.TempDir(), "none.duckdb")}, "does not exist", exitFailure},
		{[]string{"gen", "--out", t.TempDir(), "--leads", "0"}, "--leads", exitUsage},
		{[]string{"report", "data", "--data", t.TempDir()}, "no leads file", exitFailure},
		{[]string{"tune", "--data", dir, "--out", "-", "--holdout", "0"}, "0 would leave no leads to check the tuned config on", exitUsage},
		{[]string{"tune", "--data", dir, "--out", "-", "--holdout", "1"}, "above 0 and below 1", exitUsage},
		{[]string{"tune", "--data", dir, "--out", "-", "--holdout", "30"}, "for 30% write 0.3", exitUsage},
		{[]string{"tune", "--data", dir, "--out", "-", "--holdout", "NaN"}, "got NaN", exitUsage},
		// Before any command runs: cobra's own checks.
		{[]string{"report", "data", "--bogus"}, "unknown flag: --bogus", exitUsage},
		{[]string{"report", "data", "--window"}, "flag needs an argument", exitUsage},
		{[]string{"report", "data", "--window", "soon"}, "invalid argument", exitUsage},
		{[]string{"report", "data", "--data", dir, "--manifest", "m.yaml"}, "none of the others can be", exitUsage},
		{[]string{"reprt"}, `unknown command "reprt" for "leadlab"; did you mean report?`, exitUsage},
		{[]string{"--theme", "blue"}, `--theme "blue": want auto, light or dark`, exitUsage},
		{[]string{"report", "actons"}, `unknown command "actons" for "leadlab report"; did you mean actions?`, exitUsage},
		{[]string{"version", "extra"}, "unknown command", exitUsage},
	} {
		_, err := leadlab(t, tc.args...)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%v: error %v, want one mentioning %q", tc.args, err, tc.want)
		}
		if got := exitStatus(err); got != tc.status {
			t.Errorf("%v: exit status %d, want %d", tc.args, got, tc.status)
		}
	}
}

func TestVersionAndExitCodesHelp(t *testing.T) {
	out, err := leadlab(t, "version")
	if err != nil || !strings.HasPrefix(out, "leadlab 0.") || !strings.Contains(out, "built with go") {
		t.Errorf("version: %q, %v", out, err)
	}
	out, err = leadlab(t, "help", "exit-codes")
	for _, want := range []string{"\n  2    usage", "\n  3    tune", "\n  4    report actions", "\n  130  interrupted"} {
		if err != nil || !strings.Contains(out, want) {
			t.Errorf("help exit-codes lacks %q: %q, %v", want, out, err)
		}
	}
	// A group alone shows its help and succeeds.
	if out, err := leadlab(t, "report"); err != nil || !strings.Contains(out, "Available Commands") {
		t.Errorf("report: %q, %v", out, err)
	}
}

// A command stopped by Ctrl-C or SIGTERM exits as shells report a process
// the signal ended, and says it was interrupted.
func TestInterruptExitStatus(t *testing.T) {
	for _, tc := range []struct {
		sig    syscall.Signal
		status int
		says   string
	}{{syscall.SIGINT, 130, "interrupted by Ctrl-C"}, {syscall.SIGTERM, 143, "interrupted by SIGTERM"}} {
		cmd := exec.Command(os.Args[0], "sql", "SELECT count(*) FROM range(1000000000000) t(x) WHERE x % 7 = 3")
		cmd.Env = append(os.Environ(), "LEADLAB_RUN_MAIN=1")
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(2 * time.Second) // the sample loads, then the query runs
		if err := cmd.Process.Signal(tc.sig); err != nil {
			t.Fatal(err)
		}
		err := cmd.Wait()
		exit, ok := err.(*exec.ExitError)
		if !ok || exit.ExitCode() != tc.status || !strings.Contains(stderr.String(), tc.says) {
			t.Errorf("%v: exit %v, stderr %q; want status %d saying %q", tc.sig, err, stderr.String(), tc.status, tc.says)
		}
	}
}

func TestExitStatusAndStderr(t *testing.T) {
	cmd := exec.Command(os.Args[0], "report", "data", "--data", t.TempDir())
	cmd.Env = append(os.Environ(), "LEADLAB_RUN_MAIN=1")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	exit, ok := err.(*exec.ExitError)
	if !ok || exit.ExitCode() != 1 {
		t.Fatalf("exit: %v", err)
	}
	if stdout.Len() != 0 || !strings.HasPrefix(stderr.String(), "leadlab: ") {
		t.Errorf("stdout %q stderr %q", stdout.String(), stderr.String())
	}
}

func TestGenThenLoad(t *testing.T) {
	out := t.TempDir()
	if o, err := leadlab(t, "gen", "--out", out, "--leads", "500", "--seed", "3"); err != nil {
		t.Fatalf("gen: %v\n%s", err, o)
	}
	r := reportJSON(t, "--data", out)
	if r.Outcome.Leads != 500 || len(r.Rejects) != 0 {
		t.Errorf("generated data: %+v, %d rejects", r.Outcome, len(r.Rejects))
	}
}

func TestReportFunnel(t *testing.T) {
	out, err := leadlab(t, "report", "funnel", "--format", "json", "--tier", "1")
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	var r struct {
		Stages []struct {
			Stage    string              `json:"stage"`
			Accounts int64               `json:"accounts"`
			KPIs     map[string]*float64 `json:"kpis"`
		} `json:"stages"`
		LeadFunnel  []map[string]any `json:"lead_funnel"`
		Unavailable []map[string]any `json:"unavailable"`
	}
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatal(err)
	}
	if len(r.Stages) != 6 || r.Stages[0].Stage != "target" || r.Stages[5].Stage != "expanded" {
		t.Fatalf("stages %+v", r.Stages)
	}
	for i := 1; i < 6; i++ {
		if r.Stages[i].Accounts > r.Stages[i-1].Accounts {
			t.Errorf("stage %s has more accounts than the one before", r.Stages[i].Stage)
		}
	}
	if r.Stages[0].KPIs["tier_2"] != nil {
		t.Error("--tier 1 still counts tier 2 accounts")
	}
	out, err = leadlab(t, "report", "funnel", "--format", "csv", "--cohort", "2025-Q3")
	if err != nil || !strings.HasPrefix(out, "stage,accounts,conversion,kpi,value\n") {
		t.Errorf("csv: %v\n%s", err, out)
	}
	for _, bad := range [][]string{{"--cohort", "2025-Q5"}, {"--cohort", "March"}, {"--from", "yesterday"}, {"--tier", "7"}} {
		if _, err := leadlab(t, append([]string{"report", "funnel"}, bad...)...); err == nil {
			t.Errorf("%v accepted", bad)
		}
	}
}

func TestParseCohort(t *testing.T) {
	from, to, err := parseCohort("2025-Q2")
	if err != nil || from.Format("2006-01-02") != "2025-04-01" || to.Format("2006-01-02") != "2025-07-01" {
		t.Errorf("Q2: %v %v %v", from, to, err)
	}
	from, to, err = parseCohort("2024-12")
	if err != nil || from.Format("2006-01-02") != "2024-12-01" || to.Format("2006-01-02") != "2025-01-01" {
		t.Errorf("month: %v %v %v", from, to, err)
	}
}

func TestReportActions(t *testing.T) {
	out, err := leadlab(t, "report", "actions", "--format", "json", "--kind", "pain")
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	var r struct {
		Leads   int64   `json:"leads"`
		Won     int64   `json:"won"`
		MinLift float64 `json:"min_detectable_lift_pp"`
		Factors []struct {
			Factor string  `json:"factor"`
			Kind   string  `json:"kind"`
			Lift   float64 `json:"lift_pp"`
			Q      float64 `json:"q_value"`
			Points int     `json:"suggested_points"`
		} `json:"factors"`
	}
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatal(err)
	}
	if r.Leads == 0 || r.Won == 0 || r.MinLift <= 0 || len(r.Factors) == 0 {
		t.Fatalf("report %+v", r)
	}
	if r.Factors[0].Factor[:len("event:document_created")] != "event:document_created" {
		t.Errorf("top factor %s, want document_created (the largest planted effect)", r.Factors[0].Factor)
	}
	for _, f := range r.Factors {
		if f.Kind != "pain" {
			t.Errorf("--kind pain kept %s", f.Factor)
		}
	}
	out, err = leadlab(t, "report", "actions", "--format", "csv")
	if err != nil || !strings.HasPrefix(out, "factor,kind,leads_with,won_with,") {
		t.Errorf("csv: %v\n%.200s", err, out)
	}
	if _, err := leadlab(t, "report", "actions", "--kind", "vanity"); err == nil {
		t.Error("--kind vanity accepted")
	}
}

func TestReportCampaigns(t *testing.T) {
	out, err := leadlab(t, "report", "campaigns")
	if err != nil || !strings.Contains(out, "onboarding") || !strings.Contains(out, "→") {
		t.Fatalf("%v\n%s", err, out)
	}
	out, err = leadlab(t, "report", "campaigns", "--format", "json", "--days", "14")
	if err != nil || !strings.Contains(out, `"days": 14`) || !strings.Contains(out, `"segmentation"`) {
		t.Errorf("json: %v\n%.300s", err, out)
	}
	if _, err := leadlab(t, "report", "campaigns", "--days", "0"); err == nil {
		t.Error("--days 0 accepted")
	}
}

// TestLoadWarnsOfEmptyTrailingColumn: the load summary says when an
// unnamed, empty last column (a stray comma ending every line) is left out.
func TestLoadWarnsOfEmptyTrailingColumn(t *testing.T) {
	dir := writeFiles(t, map[string]string{"leads.csv": "lead_id,created_at,\na,2024-01-01,\nb,2024-01-02,\n"})
	out, err := leadlab(t, "load", "--db", filepath.Join(t.TempDir(), "ws.duckdb"), dir)
	if err != nil {
		t.Fatalf("load: %v\n%s", err, out)
	}
	if !strings.Contains(out, "leads: warning: column 3 has no header and no values") || strings.Contains(out, "column2") {
		t.Errorf("summary does not warn of the empty column, or keeps it:\n%s", out)
	}
}

func TestEveryCommandHasExamples(t *testing.T) {
	if miss := missingExamples(newRoot()); len(miss) > 0 {
		t.Errorf("commands without an Examples section: %v", miss)
	}
	for path, lines := range examples {
		if c, _, err := newRoot().Find(strings.Fields(path)); err != nil || (path != "" && c.CommandPath() != "leadlab "+path) {
			t.Errorf("examples for %q, which is no command", path)
		}
		// Every example parses: its command exists and takes its flags.
		for _, line := range lines {
			line, _, _ = strings.Cut(line, "#")
			line, _, _ = strings.Cut(line, "|")
			line, _, _ = strings.Cut(line, ">")
			args := exampleArgs(line)
			if len(args) == 0 || args[0] != "leadlab" {
				t.Errorf("example %q does not start with leadlab", line)
				continue
			}
			root := newRoot()
			root.InitDefaultVersionFlag() // cobra adds --version as it runs
			c, rest, err := root.Find(args[1:])
			if err == nil {
				err = c.ParseFlags(rest)
			}
			if err != nil {
				t.Errorf("example %q: %v", line, err)
			}
		}
	}
}

// exampleArgs splits a command line at spaces, keeping "quoted" words whole.
func exampleArgs(line string) []string {
	var out []string
	for i, part := range strings.Split(line, `"`) {
		if i%2 == 1 {
			out = append(out, part)
			continue
		}
		out = append(out, strings.Fields(part)...)
	}
	return out
}

// The shell completes --format with the values the command writes, and
// the check refuses the others with the same list.
func TestFormatCompletion(t *testing.T) {
	out, err := leadlab(t, "__complete", "report", "cutoffs", "--format", "")
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Fields(out); len(got) < 3 || got[0] != "table" || got[1] != "json" || got[2] != "csv" {
		t.Errorf("completion of report cutoffs --format: %q", out)
	}
	out, _ = leadlab(t, "__complete", "report", "actions", "--kind", "")
	if !strings.Contains(out, "fit\npain\n") {
		t.Errorf("completion of --kind: %q", out)
	}
	_, err = leadlab(t, "report", "cutoffs", "--format", "xml", "--config", "x.yaml")
	if err == nil || !strings.Contains(err.Error(), `--format "xml": leadlab report cutoffs writes table, json or csv`) {
		t.Errorf("bad --format: %v", err)
	}
}

// Without a terminal the workbench says so at once, before loading
// anything, instead of Bubble Tea's "could not open TTY".
func TestWorkbenchNeedsATerminal(t *testing.T) {
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(os.Environ(), "LEADLAB_RUN_MAIN=1")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	start := time.Now()
	err := cmd.Run()
	exit, ok := err.(*exec.ExitError)
	if !ok || exit.ExitCode() != exitFailure {
		t.Fatalf("exit: %v", err)
	}
	if want := "the workbench needs a terminal, and standard input and standard output are not"; !strings.Contains(stderr.String(), want) || stdout.Len() != 0 {
		t.Errorf("stdout %q stderr %q; want %q", stdout.String(), stderr.String(), want)
	}
	if took := time.Since(start); took > 2*time.Second {
		t.Errorf("took %v: the refusal should come before the sample loads", took)
	}
}
