package main

import (
	"context"
	"database/sql"
	"encoding/csv"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/lib/pq"

	"github.com/leadlab/leadlab/analysis/scoring"
	"github.com/leadlab/leadlab/internal/pgtest"
)

// Every kind of rule, on the sample: derived attributes (seniority,
// email_type, size_band), text, boolean, integer and missing values,
// bands on integers and doubles, fractional and negative points, capped
// counts and repeats. No rule decays, so every score must be equal to
// the last bit. The bands report actions makes: edges at values of the
// data, in and out ([44,47): 44 is held by 35 accounts, 47 by 25), and
// a dominant value's band [v, next value) ([32,33)); and no account,
// attr:account_id=(missing) (every sample lead has one: it must export
// and score nothing; its test is the one role=(missing) checks).
const parityExact = `version: 1
name: parity, every rule kind
fit:
  - {factor: attr:seniority=vp, points: 8}
  - {factor: attr:email_type=corporate, points: 3}
  - {factor: attr:role=(missing), points: -2}
  - {factor: attr:source=paid_search, points: 2.5}
  - {factor: account:target=true, points: 20}
  - {factor: account:tier=1, points: 6}
  - {factor: "account:relationship_score[48,inf)", points: 4}
  - {factor: "account:employees[1000,5000)", points: 3}
  - {factor: account:size_band=5000+, points: 0.1}
  - {factor: account:industry=(missing), points: -1}
  - {factor: "account:relationship_score[44,47)", points: 1.5}
  - {factor: "account:employees[32,33)", points: -0.5}
  - {factor: attr:account_id=(missing), points: -3}
pain:
  - {factor: event:document_created, points: 7, cap: 3}
  - {factor: event:demo_request, points: 12, cap: 1}
  - {factor: event:login>=3, points: 5}
  - {factor: event:email_sent, points: -0.1}
  - {factor: event:pricing_page_view, points: 0.3}
cutoff: 25
target: {low: 0.10, high: 0.15}
`

// The same with decay: scores are fractional, and power() in SQL and
// math.Exp2 in Go may differ in the last bit, so they must agree within
// parityTolerance.
const parityDecay = `version: 1
fit:
  - {factor: account:target=true, points: 20}
  - {factor: attr:seniority=c_level, points: 5}
pain:
  - {factor: event:document_created, points: 7, cap: 3, half_life_days: 30}
  - {factor: event:pricing_page_view, points: 1.5, half_life_days: 14}
  - {factor: event:demo_request, points: 12, cap: 1, half_life_days: 45.5}
  - {factor: event:login>=3, points: 5}
  - {factor: event:trial_signup, points: 10}
cutoff: 22
target: {low: 0.10, high: 0.15}
`

// parityTolerance bounds the difference between leadlab's and an
// engine's score of a lead when a rule decays: relative to the score
// (absolute below one point). Without decay there is none.
const parityTolerance = 1e-9

type leadScore struct {
	fit, pain, score float64
	ready            bool
}

// TestExportSQLParity exports the sample's models as SQL for DuckDB and
// PostgreSQL, runs each script on a copy of the sample in that engine —
// under other table and column names, mapped with flags — and requires
// every lead's fit, pain, score and sdr_ready to equal leadlab score --now.
func TestExportSQLParity(t *testing.T) {
	db := sampleWorkspace(t)
	dir := t.TempDir()
	pg := pgtest.Open(t)
	for name, body := range map[string]string{"exact": parityExact, "decay": parityDecay} {
		t.Run(name, func(t *testing.T) {
			cfgPath := filepath.Join(dir, name+".yaml")
			if err := os.WriteFile(cfgPath, []byte(body), 0o644); err != nil {
				t.Fatal(err)
			}
			want := scoreNow(t, "--db", db, "--config", cfgPath)
			checkSpread(t, want)
			exact := name == "exact"

			duck := productionDuckDB(t, db)
			script := exportScript(t, "sql-duckdb", "--db", db, "--config", cfgPath,
				"--table", "leads=prod.crm_leads", "--table", "accounts=prod.crm_accounts", "--table", "events=prod.web_events",
				"--column", "leads.title=Job Title", "--column", "events.occurred_at=ts", "--view", "prod.lead_scores")
			if _, err := duck.Exec(script); err != nil {
				t.Fatalf("DuckDB script: %v\n%s", err, script)
			}
			compareScores(t, "DuckDB", want, readView(t, duck, `prod.lead_scores`), exact)

			schema := pgtest.Schema(t, pg, "")
			productionPostgres(t, duck, pg, schema)
			script = exportScript(t, "sql-postgres", "--db", db, "--config", cfgPath,
				"--table", "leads="+schema+".crm_leads", "--table", "accounts="+schema+".crm_accounts", "--table", "events="+schema+".web_events",
				"--column", "leads.title=Job Title", "--column", "events.occurred_at=ts", "--view", schema+".lead_scores")
			if _, err := pg.Exec(script); err != nil {
				t.Fatalf("PostgreSQL script: %v\n%s", err, script)
			}
			compareScores(t, "PostgreSQL", want, readView(t, pg, pq.QuoteIdentifier(schema)+".lead_scores"), exact)
		})
	}
}

// scoreNow runs leadlab score --now and reads every lead's scores.
func scoreNow(t *testing.T, args ...string) map[string]leadScore {
	t.Helper()
	out := filepath.Join(t.TempDir(), "scores.csv")
	if msg, err := leadlab(t, append([]string{"score", "--now", "--out", out}, args...)...); err != nil {
		t.Fatalf("score --now: %v\n%s", err, msg)
	}
	f, err := os.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, h := range recs[0] {
		col[h] = i
	}
	got := map[string]leadScore{}
	for _, r := range recs[1:] {
		var s leadScore
		var errs [3]error
		s.fit, errs[0] = strconv.ParseFloat(r[col["fit"]], 64)
		s.pain, errs[1] = strconv.ParseFloat(r[col["pain"]], 64)
		s.score, errs[2] = strconv.ParseFloat(r[col["score"]], 64)
		for _, e := range errs {
			if e != nil {
				t.Fatalf("score --now row %v: %v", r, e)
			}
		}
		s.ready = r[col["sdr_ready"]] == "true"
		got[r[col["lead_id"]]] = s
	}
	return got
}

// checkSpread makes sure a parity model tells leads apart: some ready and
// some not, some with fractional scores — else equal scores prove little.
func checkSpread(t *testing.T, scores map[string]leadScore) {
	t.Helper()
	var ready, fractional int
	for _, s := range scores {
		if s.ready {
			ready++
		}
		if s.score != math.Trunc(s.score) {
			fractional++
		}
	}
	if ready == 0 || ready == len(scores) || fractional == 0 {
		t.Fatalf("the model does not tell leads apart: %d of %d ready, %d fractional scores", ready, len(scores), fractional)
	}
}

func exportScript(t *testing.T, format string, args ...string) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), "scores.sql")
	if msg, err := leadlab(t, append([]string{"export", "--format", format, "--fixed-as-of", "--out", out}, args...)...); err != nil {
		t.Fatalf("export %s: %v\n%s", format, err, msg)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// productionDuckDB is a fresh DuckDB holding the workspace's leads,
// accounts and events as a production system might: in another schema,
// under other names.
func productionDuckDB(t *testing.T, workspace string) *sql.DB {
	t.Helper()
	duck, err := sql.Open("duckdb", "")
	if err != nil {
		t.Fatal(err)
	}
	duck.SetMaxOpenConns(1) // one in-memory database, one connection
	t.Cleanup(func() { duck.Close() })
	for _, q := range []string{
		fmt.Sprintf("ATTACH %s AS ws (READ_ONLY)", pq.QuoteLiteral(workspace)),
		"CREATE SCHEMA prod",
		"CREATE TABLE prod.crm_leads AS SELECT * FROM ws.leads",
		`ALTER TABLE prod.crm_leads RENAME COLUMN title TO "Job Title"`,
		"CREATE TABLE prod.crm_accounts AS SELECT * FROM ws.accounts",
		"CREATE TABLE prod.web_events AS SELECT * FROM ws.events",
		"ALTER TABLE prod.web_events RENAME COLUMN occurred_at TO ts",
	} {
		if _, err := duck.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	return duck
}

// productionPostgres copies the production tables from DuckDB into a
// PostgreSQL schema, column types carried over.
func productionPostgres(t *testing.T, duck, pg *sql.DB, schema string) {
	t.Helper()
	for _, table := range []string{"crm_leads", "crm_accounts", "web_events"} {
		cols := describe(t, duck, "prod."+table)
		if _, err := pgtest.Copy(context.Background(), duck, "SELECT * FROM prod."+table, pg, []string{schema, table}, cols); err != nil {
			t.Fatalf("copy %s to PostgreSQL: %v", table, err)
		}
	}
}

func describe(t *testing.T, db *sql.DB, table string) []pgtest.Column {
	t.Helper()
	rows, err := db.Query("SELECT column_name, column_type FROM (DESCRIBE " + table + ")")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var cols []pgtest.Column
	for rows.Next() {
		var c pgtest.Column
		if err := rows.Scan(&c.Name, &c.Type); err != nil {
			t.Fatal(err)
		}
		cols = append(cols, c)
	}
	return cols
}

func readView(t *testing.T, db *sql.DB, view string) map[string]leadScore {
	t.Helper()
	rows, err := db.Query("SELECT CAST(lead_id AS VARCHAR), fit, pain, score, sdr_ready FROM " + view)
	if err != nil {
		t.Fatalf("read %s: %v", view, err)
	}
	defer rows.Close()
	got := map[string]leadScore{}
	for rows.Next() {
		var id string
		var s leadScore
		if err := rows.Scan(&id, &s.fit, &s.pain, &s.score, &s.ready); err != nil {
			t.Fatal(err)
		}
		if _, dup := got[id]; dup {
			t.Errorf("%s: lead %s twice", view, id)
		}
		got[id] = s
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return got
}

// compareScores requires the engine's scores to be leadlab's: to the last
// bit when exact, else within parityTolerance; sdr_ready always equal.
func compareScores(t *testing.T, engine string, want, got map[string]leadScore, exact bool) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%s: %d leads, leadlab scored %d", engine, len(got), len(want))
	}
	same := func(a, b float64) bool {
		if exact {
			return a == b
		}
		return math.Abs(a-b) <= parityTolerance*math.Max(1, math.Abs(a))
	}
	var bad []string
	var worst float64
	for id, w := range want {
		g, ok := got[id]
		if !ok {
			bad = append(bad, fmt.Sprintf("%s: missing", id))
			continue
		}
		worst = math.Max(worst, math.Abs(g.score-w.score))
		if !same(w.fit, g.fit) || !same(w.pain, g.pain) || !same(w.score, g.score) || w.ready != g.ready {
			bad = append(bad, fmt.Sprintf("%s: leadlab fit %v pain %v score %v ready %v; %s fit %v pain %v score %v ready %v",
				id, w.fit, w.pain, w.score, w.ready, engine, g.fit, g.pain, g.score, g.ready))
		}
	}
	sort.Strings(bad)
	if len(bad) > 0 {
		t.Errorf("%s: %d of %d leads differ, e.g.\n  %s", engine, len(bad), len(want), strings.Join(bad[:min(len(bad), 5)], "\n  "))
	}
	t.Logf("%s: %d leads compared, largest score difference %g", engine, len(want), worst)
}

// TestExportConfigRoundTrip: a config exported as YAML or JSON carries
// fresh metadata, and loaded back with --config gives the same state as
// the original — the same scores, sweep and recommendation.
func TestExportConfigRoundTrip(t *testing.T) {
	db := sampleWorkspace(t)
	dir := t.TempDir()
	orig := filepath.Join(dir, "tuned.yaml")
	if msg, err := leadlab(t, "tune", "--db", db, "--out", orig); err != nil {
		t.Fatalf("tune: %v\n%s", err, msg)
	}
	state := func(cfg string) (string, string) {
		t.Helper()
		cutoffs, err := leadlab(t, "report", "cutoffs", "--db", db, "--config", cfg, "--format", "json")
		if err != nil {
			t.Fatalf("report cutoffs --config %s: %v\n%s", cfg, err, cutoffs)
		}
		scores, err := leadlab(t, "score", "--db", db, "--config", cfg)
		if err != nil {
			t.Fatalf("score --config %s: %v\n%s", cfg, err, scores)
		}
		return cutoffs, scores
	}
	wantCutoffs, wantScores := state(orig)
	if !strings.Contains(wantCutoffs, `"recommended"`) {
		t.Fatalf("report cutoffs has no recommendation:\n%s", wantCutoffs[:min(len(wantCutoffs), 400)])
	}
	tuned, err := scoring.LoadConfig(orig)
	if err != nil {
		t.Fatal(err)
	}
	for _, format := range []string{"yaml", "json"} {
		out := filepath.Join(dir, "exported."+format)
		if msg, err := leadlab(t, "export", "--db", db, "--config", orig, "--format", format, "--out", out); err != nil {
			t.Fatalf("export %s: %v\n%s", format, err, msg)
		}
		gotCutoffs, gotScores := state(out)
		if gotCutoffs != wantCutoffs {
			t.Errorf("%s: report cutoffs differs after the round trip", format)
		}
		if gotScores != wantScores {
			t.Errorf("%s: scores differ after the round trip", format)
		}
		cfg, err := scoring.LoadConfig(out)
		if err != nil {
			t.Fatal(err)
		}
		m := cfg.Metadata
		if m == nil || m.ToolVersion == "" || !strings.HasPrefix(m.Fingerprint, "sha256:") || m.Fingerprint != tuned.Metadata.Fingerprint ||
			m.AsOf == nil || tuned.Metadata.AsOf == nil || *m.AsOf != *tuned.Metadata.AsOf || m.WindowDays != tuned.Metadata.WindowDays || m.Method != "adjusted" || m.Tuning == nil || m.Holdout == nil {
			t.Fatalf("%s: metadata %+v", format, m)
		}
		// The export measures as tune does: the same held-out leads, so
		// the same figures at the same cutoff.
		for _, pair := range [][2]*scoring.Measured{{m.Tuning, tuned.Metadata.Tuning}, {m.Holdout, tuned.Metadata.Holdout}} {
			got, want := *pair[0], *pair[1]
			got.Split, want.Split = "", ""
			if got != want {
				t.Errorf("%s: measured %+v, tune measured %+v", format, got, want)
			}
		}
	}
}

// TestExportErrors: a refused export says why, names the rule's line,
// exits non-zero and leaves an existing file as it was.
func TestExportErrors(t *testing.T) {
	db := sampleWorkspace(t)
	dir := t.TempDir()
	cfgPath := filepath.Join(dir, "model.yaml")
	if err := os.WriteFile(cfgPath, []byte("version: 1\nfit:\n  - {factor: attr:seniority=vp, points: 5}\npain: []\ncutoff: 5\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "scores.sql")
	if err := os.WriteFile(out, []byte("-- the deployed script\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		args  []string
		wants []string
	}{
		{[]string{"--format", "sql-postgres", "--column", "leads.title="},
			[]string{"cannot be exported as PostgreSQL", "line 3: attr:seniority=vp: needs leads.title, which the mapping says production does not have"}},
		{[]string{"--format", "sql-postgres", "--table", "leads=" + strings.Repeat("n", 70)}, []string{"PostgreSQL cuts names to 63 bytes"}},
		{[]string{"--format", "sql-duckdb", "--table", "deals=crm.deals"}, []string{`not "deals"`}},
		{[]string{"--format", "yaml", "--view", "x"}, []string{"apply to the SQL formats"}},
		{[]string{"--format", "xml"}, []string{`--format "xml": leadlab export writes yaml, json, sql-duckdb or sql-postgres`}},
		{[]string{"--format", "sql-duckdb", "--mapping", filepath.Join(dir, "missing.yaml")}, []string{"missing.yaml"}},
	}
	for _, c := range cases {
		msg, err := leadlab(t, append([]string{"export", "--db", db, "--config", cfgPath, "--out", out}, c.args...)...)
		if err == nil {
			t.Errorf("%v: exported; want an error\n%s", c.args, msg)
			continue
		}
		for _, w := range c.wants {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%v: message %q lacks %q", c.args, err, w)
			}
		}
	}
	if b, _ := os.ReadFile(out); string(b) != "-- the deployed script\n" {
		t.Errorf("a failed export changed the existing file:\n%s", b)
	}
	if left, _ := filepath.Glob(filepath.Join(dir, ".*tmp*")); len(left) != 0 {
		t.Errorf("temporary files left behind: %v", left)
	}
	stdout, err := leadlab(t, "export", "--db", db, "--config", cfgPath, "--format", "sql-duckdb", "--out", "-")
	if err != nil || !strings.Contains(stdout, `CREATE OR REPLACE VIEW "lead_scores" AS`) {
		t.Errorf("--out -: %v\n%s", err, stdout)
	}
}
