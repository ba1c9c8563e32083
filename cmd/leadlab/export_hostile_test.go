package main

import (
	"encoding/csv"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	"github.com/lib/pq"
	"go.yaml.in/yaml/v3"

	"github.com/leadlab/leadlab/analysis/scoring"
	"github.com/leadlab/leadlab/internal/pgtest"
)

// Names and values chosen to break SQL that is not quoted with care:
// quotes, semicolons, comment markers, backslashes, a line break,
// reserved words, non-ASCII letters and an emoji.
var (
	hostileEvents  = []string{"it's; DROP TABLE leads; --", "📈 signup", `naïve "quoted"`, `back\slash`, "two\nlines", "select"}
	hostileSources = []string{"O'Reilly; --", `naïve "q"`, "web", ""}
	hostileColumn  = `Größe "x"; DROP TABLE leads; --`
	hostileTitles  = []string{"VP Sales", "Engineer", "Head of IT", "", "Chief Executive", "Team Lead", "Directeur Général"}
	hostileEmails  = []string{"a@acme.com", "b@gmail.com", "", "c@corp.io", "d@yahoo.fr"}
)

// hostileData writes a small dataset whose names and values are hostile.
func hostileData(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	r := rand.New(rand.NewPCG(7, 7))
	pick := func(s []string) string { return s[r.IntN(len(s))] }
	write := func(name string, rows [][]string) {
		f, err := os.Create(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		w := csv.NewWriter(f)
		w.WriteAll(rows)
		if err := w.Error(); err != nil {
			t.Fatal(err)
		}
		f.Close()
	}
	leads := [][]string{{"lead_id", "account_id", "created_at", "email", "title", "source", hostileColumn}}
	for i := range 80 {
		account := ""
		if i%9 != 0 {
			account = fmt.Sprintf("A%d", i%7)
		}
		leads = append(leads, []string{fmt.Sprintf("L%d", i), account, fmt.Sprintf("2024-0%d-%d 08:00:00", 1+i%6, 10+i%15),
			pick(hostileEmails), pick(hostileTitles), pick(hostileSources), pick([]string{"big", "small", ""})})
	}
	write("leads.csv", leads)
	accounts := [][]string{{"account_id", "employees", "target", "select"}}
	for a, emp := range []string{"10", "60", "300", "1500", "8000", "", "49"} {
		accounts = append(accounts, []string{fmt.Sprintf("A%d", a), emp, []string{"true", "false"}[a%2], []string{"yes", "no", ""}[a%3]})
	}
	write("accounts.csv", accounts)
	events := [][]string{{"event", "lead_id", "occurred_at"}}
	for range 900 {
		events = append(events, []string{pick(hostileEvents), fmt.Sprintf("L%d", r.IntN(80)),
			fmt.Sprintf("2024-0%d-%d %02d:%02d:07.25", 1+r.IntN(6), 10+r.IntN(18), r.IntN(24), r.IntN(60))})
	}
	write("events.csv", events)
	deals := [][]string{{"deal_id", "lead_id", "status", "created_at", "closed_at"}}
	for i := 0; i < 80; i += 5 {
		deals = append(deals, []string{fmt.Sprintf("D%d", i), fmt.Sprintf("L%d", i), []string{"won", "lost"}[i/5%2], "2024-06-01", "2024-06-20"})
	}
	write("deals.csv", deals)
	return dir
}

func hostileConfig() scoring.Config {
	cap2, cap4, hl := 2, 4, 10.0
	cfg := scoring.Default()
	cfg.Fit = []scoring.Rule{
		{Factor: "attr:source=O'Reilly; --", Points: 5},
		{Factor: "attr:" + hostileColumn + "=big", Points: 3},
		{Factor: `attr:source=naïve "q"`, Points: 1.5},
		{Factor: "account:select=yes", Points: 2},
		{Factor: "attr:seniority=vp", Points: 4},
		{Factor: "attr:seniority=c_level", Points: 4},
		{Factor: "attr:email_type=personal", Points: -3},
		{Factor: "account:size_band=1000-4999", Points: 2},
		{Factor: "account:target=true", Points: 6},
	}
	cfg.Pain = []scoring.Rule{
		{Factor: "event:" + hostileEvents[0], Points: 7},
		{Factor: "event:" + hostileEvents[1] + ">=2", Points: 3},
		{Factor: "event:" + hostileEvents[2], Points: 2, Cap: &cap2, HalfLifeDays: &hl},
		{Factor: "event:" + hostileEvents[3], Points: 1},
		{Factor: "event:" + hostileEvents[4], Points: 1},
		{Factor: "event:" + hostileEvents[5], Points: 0.5, Cap: &cap4},
	}
	cfg.Cutoff = 8
	return cfg
}

// hostileMapping maps every table and several columns to hostile
// production names in schema, and returns the mapping file.
func hostileMapping(t *testing.T, schema string) string {
	t.Helper()
	m := map[string]any{
		"view": []string{schema, "Lead Scores 📈"},
		"tables": map[string]any{
			"leads":    []string{schema, "Lead Table"},
			"accounts": []string{schema, "select"},
			"events":   []string{schema, "Événements"},
		},
		"columns": map[string]any{
			"leads":    map[string]string{"lead_id": `Lead "ID"`, "source": "from", "title": "Job; Title"},
			"accounts": map[string]string{"account_id": "Account ID"},
			"events":   map[string]string{"event": "order", "occurred_at": "At Time"},
		},
	}
	b, err := yaml.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "mapping.yaml")
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// hostileRenames are the column renames hostileMapping implies, table by
// table.
var hostileRenames = map[string][][2]string{
	"Lead Table": {{"lead_id", `Lead "ID"`}, {"source", "from"}, {"title", "Job; Title"}},
	"select":     {{"account_id", "Account ID"}},
	"Événements": {{"event", "order"}, {"occurred_at", "At Time"}},
}

// TestExportHostileNames feeds the export hostile table, column, event
// and value names, runs the scripts in DuckDB and PostgreSQL, and
// requires leadlab's scores.
func TestExportHostileNames(t *testing.T) {
	src := hostileData(t)
	dir := t.TempDir()
	db := filepath.Join(dir, "work.duckdb")
	if msg, err := leadlab(t, "load", "--db", db, src); err != nil {
		t.Fatalf("load: %v\n%s", err, msg)
	}
	body, err := scoring.EncodeYAML(hostileConfig())
	if err != nil {
		t.Fatal(err)
	}
	cfgPath := filepath.Join(dir, "hostile.yaml")
	if err := os.WriteFile(cfgPath, body, 0o644); err != nil {
		t.Fatal(err)
	}
	want := scoreNow(t, "--db", db, "--config", cfgPath)
	checkSpread(t, want)

	const duckSchema = `Prod "Schema"; --`
	duck := productionDuckDB(t, db)
	for table, from := range map[string]string{"Lead Table": "leads", "select": "accounts", "Événements": "events"} {
		target := pq.QuoteIdentifier(duckSchema) + "." + pq.QuoteIdentifier(table)
		qs := []string{"CREATE SCHEMA IF NOT EXISTS " + pq.QuoteIdentifier(duckSchema), "CREATE TABLE " + target + " AS SELECT * FROM ws." + from}
		for _, rn := range hostileRenames[table] {
			qs = append(qs, fmt.Sprintf("ALTER TABLE %s RENAME COLUMN %s TO %s", target, pq.QuoteIdentifier(rn[0]), pq.QuoteIdentifier(rn[1])))
		}
		for _, q := range qs {
			if _, err := duck.Exec(q); err != nil {
				t.Fatalf("%s: %v", q, err)
			}
		}
	}
	script := exportScript(t, "sql-duckdb", "--db", db, "--config", cfgPath, "--mapping", hostileMapping(t, duckSchema))
	if _, err := duck.Exec(script); err != nil {
		t.Fatalf("DuckDB script: %v\n%s", err, script)
	}
	view := pq.QuoteIdentifier(duckSchema) + "." + pq.QuoteIdentifier("Lead Scores 📈")
	compareScores(t, "DuckDB", want, readView(t, duck, view), false)
	for _, table := range []string{"ws.leads", "ws.events"} {
		var n int64
		if err := duck.QueryRow("SELECT count(*) FROM " + table).Scan(&n); err != nil || n == 0 {
			t.Errorf("%s after the script: %d rows, %v", table, n, err)
		}
	}

	pg := pgtest.Open(t)
	schema := pgtest.Schema(t, pg, ` "Schema"; --`)
	for table := range hostileRenames {
		cols := describe(t, duck, pq.QuoteIdentifier(duckSchema)+"."+pq.QuoteIdentifier(table))
		q := "SELECT * FROM " + pq.QuoteIdentifier(duckSchema) + "." + pq.QuoteIdentifier(table)
		if _, err := pgtest.Copy(t.Context(), duck, q, pg, []string{schema, table}, cols); err != nil {
			t.Fatalf("copy %s to PostgreSQL: %v", table, err)
		}
	}
	script = exportScript(t, "sql-postgres", "--db", db, "--config", cfgPath, "--mapping", hostileMapping(t, schema))
	if _, err := pg.Exec(script); err != nil {
		t.Fatalf("PostgreSQL script: %v\n%s", err, script)
	}
	compareScores(t, "PostgreSQL", want, readView(t, pg, pq.QuoteIdentifier(schema)+"."+pq.QuoteIdentifier("Lead Scores 📈")), false)
	var n int64
	if err := pg.QueryRow("SELECT count(*) FROM " + pq.QuoteIdentifier(schema) + "." + pq.QuoteIdentifier("Lead Table")).Scan(&n); err != nil || n != 80 {
		t.Errorf("PostgreSQL leads after the script: %d rows, %v", n, err)
	}
}
