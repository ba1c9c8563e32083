package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func loadedDB(t *testing.T, files map[string]string) string {
	t.Helper()
	db := filepath.Join(t.TempDir(), "ws.duckdb")
	if out, err := leadlab(t, "load", "--db", db, writeFiles(t, files)); err != nil {
		t.Fatalf("load: %v\n%s", err, out)
	}
	return db
}

func TestSQLCommandFormats(t *testing.T) {
	db := loadedDB(t, tinyData)
	q := "SELECT lead_id, CASE WHEN lead_id = 'b' THEN NULL ELSE 'x, \"y\"' END AS v FROM leads ORDER BY lead_id"
	out, err := leadlab(t, "sql", "--db", db, q, "--format", "csv")
	if want := "lead_id,v\na,\"x, \"\"y\"\"\"\nb,\nc,\"x, \"\"y\"\"\"\n"; err != nil || out != want {
		t.Errorf("csv: %q, %v; want %q", out, err, want)
	}
	out, err = leadlab(t, "sql", "--db", db, q, "--format", "json")
	var r struct {
		Columns   []string    `json:"columns"`
		Types     []string    `json:"types"`
		Rows      [][]*string `json:"rows"`
		Truncated bool        `json:"truncated"`
	}
	if err != nil || json.Unmarshal([]byte(out), &r) != nil {
		t.Fatalf("json: %v\n%s", err, out)
	}
	if len(r.Rows) != 3 || r.Rows[1][1] != nil || r.Rows[0][1] == nil || *r.Rows[0][1] != `x, "y"` || r.Types[0] != "VARCHAR" || r.Truncated {
		t.Errorf("json: %s", out)
	}
	out, err = leadlab(t, "sql", "--db", db, q)
	if err != nil || !strings.Contains(out, "lead_id  v") || !strings.Contains(out, "b        NULL") || !strings.HasSuffix(out, "(3 rows)\n") {
		t.Errorf("table: %v\n%s", err, out)
	}
	out, err = leadlab(t, "sql", "--db", db, "--limit", "2", "--format", "json", "FROM leads")
	if err != nil || json.Unmarshal([]byte(out), &r) != nil || len(r.Rows) != 2 || !r.Truncated {
		t.Errorf("--limit 2: %v\n%s", err, out)
	}
	for _, args := range [][]string{{"sql", "--db", db, "SELECT 1", "--format", "xml"}, {"sql", "--db", db, "SELECT 1", "--limit", "-1"}, {"sql", "--db", db}, {"sql", "--db", db, "  "}} {
		if _, err := leadlab(t, args...); err == nil {
			t.Errorf("%v: no usage error", args)
		}
	}
}

// TestSQLCommandRefusesEveryBypass runs each way the issue found (and
// the others since) for the SQL box to change what the workbench reads or
// to reach for an extension, from the command line, which has exactly the
// SQL box's rules.
func TestSQLCommandRefusesEveryBypass(t *testing.T) {
	home := t.TempDir()
	t.Setenv("HOME", home)
	db := loadedDB(t, tinyData)
	csv := filepath.Join(writeFiles(t, map[string]string{"x.csv": "a,b\n1,2\n3\n"}), "x.csv")
	for _, tc := range []struct{ query, want string }{
		{"SELECT * FROM read_csv('" + csv + "', store_rejects=true, rejects_table='leads', rejects_scan='x')", "store_rejects makes read_csv() create tables"},
		{"SELECT * FROM checkpoint()", "checkpoint() writes the workspace file"},
		{"SELECT * FROM force_checkpoint()", "force_checkpoint() writes the workspace file"},
		{"SELECT * FROM sqlite_scan('a.db', 't')", "never installs or loads"},
		{"SELECT * FROM read_parquet('https://example.com/x.parquet')", "nor reads over the network"},
		{"SELECT * FROM query('SELECT * FROM checkpoint()')", "runs SQL given as text"},
		{"FROM '" + db + "'", "is a database file"},
		{"DELETE FROM leads", "DELETE is not allowed"},
		{"INSTALL httpfs", "INSTALL is not allowed"},
		{"SET autoload_known_extensions = true", "SET is not allowed"},
		{"SELECT 1; CHECKPOINT", "one statement at a time"},
	} {
		_, err := leadlab(t, "sql", "--db", db, tc.query)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want one saying %q", tc.query, err, tc.want)
		}
	}
	if out, err := leadlab(t, "sql", "--db", db, "--format", "csv", "SELECT count(*) AS n FROM leads"); err != nil || out != "n\n3\n" {
		t.Errorf("leads afterwards: %q, %v", out, err)
	}
	if out, err := leadlab(t, "sql", "--db", db, "--format", "csv", "SELECT count(*) AS n FROM read_csv('"+csv+"', ignore_errors=true)"); err != nil || out != "n\n1\n" {
		t.Errorf("reading a local file: %q, %v", out, err)
	}
	if _, err := os.Stat(filepath.Join(home, ".duckdb")); !os.IsNotExist(err) {
		t.Errorf("%s/.duckdb exists (%v): something reached for an extension", home, err)
	}
}
