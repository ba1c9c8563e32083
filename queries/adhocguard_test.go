package queries_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/leadlab/leadlab/queries"
	"github.com/leadlab/leadlab/queries/internal/sqltext"
	"github.com/leadlab/leadlab/queries/internal/testkit"
)

// TestAdhocChangesNothingOtherScreensRead runs every way found for a
// SELECT to do more than read, and proves by the data that nothing other
// screens read changed. The pool is cut to one connection so that the
// SQL box and the check below would share one if the SQL box used the
// pool: a temporary table it left would then shadow the real one.
func TestAdhocChangesNothingOtherScreensRead(t *testing.T) {
	ws := adhocWS(t)
	ws.DB.SetMaxOpenConns(1)
	ctx := context.Background()
	dir := testkit.WriteDir(t, map[string]string{"x.csv": "a,b\n1,2\n3\n", "ok.csv": "a\n1\n2\n"})
	x := sqltext.QuoteLit(filepath.Join(dir, "x.csv"))
	for _, tc := range []struct{ query, refuse string }{
		{"SELECT * FROM read_csv(" + x + ", store_rejects=true, rejects_table='leads', rejects_scan='x')", "store_rejects makes read_csv() create tables"},
		{"SELECT * FROM read_csv(" + x + ", rejects_table := 'leads')", "rejects_table makes read_csv() create tables"},
		{"SELECT * FROM read_csv_auto(" + x + ", \"STORE_REJECTS\" = true)", "store_rejects makes read_csv_auto() create tables"},
		{"WITH r AS (SELECT * FROM read_csv(" + x + ", store_rejects=true)) SELECT * FROM r", "store_rejects"},
		{"SELECT (SELECT count(*) FROM read_csv(" + x + ", store_rejects=true))", "store_rejects"},
		{"SUMMARIZE SELECT * FROM read_csv(" + x + ", store_rejects=true)", "store_rejects"},
		{"EXPLAIN ANALYZE SELECT * FROM read_csv(" + x + ", store_rejects=true)", "store_rejects"},
		{"FROM leads, LATERAL (SELECT * FROM read_csv(" + x + ", store_rejects=true))", "store_rejects"},
		{"SELECT * FROM checkpoint()", "checkpoint() writes the workspace file"},
		{"select * from CHECKPOINT('derived')", "checkpoint() writes"},
		{"SELECT * FROM system.main.force_checkpoint()", "force_checkpoint() writes"},
		{"SELECT * FROM leads WHERE lead_id IN (SELECT * FROM checkpoint())", "checkpoint()"},
		{"SELECT * FROM query('SELECT * FROM checkpoint()')", "query() runs SQL given as text"},
		{"SELECT * FROM query_table('leads')", "query_table() runs SQL"},
		{"SELECT * FROM json_execute_serialized_sql(json_serialize_sql('SELECT 1'))", "json_execute_serialized_sql() runs SQL"},
		{"SELECT * FROM enable_profiling()", "changes DuckDB's settings"},
		{"SELECT * FROM enable_logging()", "changes DuckDB's settings"},
		{"SELECT nextval('s')", "nextval() advances a sequence"},
		{"SELECT write_log('x')", "write_log()"},
		{"FROM 'other.duckdb'", "other.duckdb is a database file"},
		{"SELECT * FROM read_duckdb('other.duckdb')", "read_duckdb() opens another database file"},

		{"EXPLAIN SELECT * FROM checkpoint()", "checkpoint()"},
		{"DESCRIBE SELECT * FROM checkpoint()", "checkpoint()"},
		{"SELECT * FROM \"checkpoint\"()", "checkpoint() writes"},
		{"PIVOT (SELECT * FROM read_csv(" + x + ", store_rejects=true)) ON a IN ('1') USING count(*)", "store_rejects"},
		{"FROM 'W.DuckDB'", "is a database file"},
	} {
		_, err := queries.Adhoc(ctx, ws, tc.query, 10)
		if err == nil || !strings.Contains(err.Error(), tc.refuse) || !errors.Is(err, queries.ErrAdhocRefused) {
			t.Errorf("%q: error %v, want a refusal saying %q", tc.query, err, tc.refuse)
		}
	}
	if n := testkit.Count(t, ws, "SELECT count(*) FROM leads"); n != 3 {
		t.Errorf("leads now has %d rows for other screens, want the 3 loaded", n)
	}
	if n := testkit.Count(t, ws, "SELECT count(*) FROM duckdb_tables() WHERE temporary"); n != 0 {
		t.Errorf("%d temporary tables left behind", n)
	}
	r, err := queries.Adhoc(ctx, ws, "SELECT count(*) FROM leads", 10)
	if err != nil || r.Rows[0][0] != "3" {
		t.Errorf("the SQL box now sees %v, %v leads, want 3", r.Rows, err)
	}
	// Reading local files stays allowed, by function and by name.
	ok := sqltext.QuoteLit(filepath.Join(dir, "ok.csv"))
	for _, q := range []string{"SELECT sum(a) FROM read_csv(" + ok + ")", "SELECT sum(a) FROM " + ok} {
		r, err := queries.Adhoc(ctx, ws, q, 10)
		if err != nil || r.Rows[0][0] != "3" {
			t.Errorf("%s: %v, %v; want 3", q, r.Rows, err)
		}
	}
}

// TestNoQueryReachesForExtensions: DuckDB would download and install an
// extension the first time a query names one (into ~/.duckdb). Every
// connection leadlab opens refuses, with a message saying so, and cannot
// be talked out of it.
func TestNoQueryReachesForExtensions(t *testing.T) {
	home := t.TempDir()
	t.Setenv("HOME", home)
	ws := adhocWS(t)
	ctx := context.Background()
	for _, tc := range []struct{ query, want string }{
		{"SELECT * FROM sqlite_scan('a.db', 't')", "sqlite_scan needs DuckDB's sqlite_scanner extension, which leadlab never installs or loads"},
		{"SELECT * FROM read_parquet('https://example.com/x.parquet')", "https://example.com/x.parquet needs DuckDB's httpfs extension"},
		{"FROM 'https://example.com/x.csv'", "needs DuckDB's httpfs extension"},
		{"SELECT * FROM read_csv('s3://bucket/x.csv')", "needs DuckDB's httpfs extension"},
	} {
		_, err := queries.Adhoc(ctx, ws, tc.query, 10)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: error %v, want one saying %q", tc.query, err, tc.want)
		}
	}
	// Not only the SQL box's: the pool every screen uses is locked too.
	for _, q := range []string{"SET autoinstall_known_extensions = true", "SET autoload_known_extensions = true", "SET lock_configuration = false"} {
		if _, err := ws.DB.Exec(q); err == nil || !strings.Contains(err.Error(), "locked") {
			t.Errorf("%s: %v, want the configuration locked", q, err)
		}
	}
	if n := testkit.Count(t, ws, "SELECT count(*) FROM duckdb_settings() WHERE name IN ('autoinstall_known_extensions', 'autoload_known_extensions') AND value = 'false'"); n != 2 {
		t.Errorf("%d of the two extension settings off", n)
	}
	// And the SQL box's own connections.
	r, err := queries.Adhoc(ctx, ws, "SELECT current_setting('autoload_known_extensions'), current_setting('lock_configuration')", 1)
	if err != nil || r.Rows[0][0] != "false" || r.Rows[0][1] != "true" {
		t.Errorf("the SQL box's connection: %v, %v", r.Rows, err)
	}
	if _, err := os.Stat(filepath.Join(home, ".duckdb")); !os.IsNotExist(err) {
		t.Errorf("%s/.duckdb exists (%v): something reached for an extension", home, err)
	}
}

// TestAdhocKnowsEveryTableFunction: the SQL box allows table functions by
// name. A DuckDB upgrade that adds one fails here until it is classed as
// reading or refused — and a scalar function with effects likewise.
func TestAdhocKnowsEveryTableFunction(t *testing.T) {
	ws := testkit.OpenWS(t)
	rows, err := ws.DB.Query("SELECT DISTINCT function_name FROM duckdb_functions() WHERE function_type IN ('table', 'table_macro')")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			t.Fatal(err)
		}
		_, refused := queries.AdhocRefusedTableFuncs[name]
		if refused == queries.AdhocTableFuncs[name] {
			t.Errorf("table function %s is in neither or both of adhocTableFuncs and adhocRefusedTableFuncs", name)
		}
	}
	// Effects that end with the query's own connection, or none.
	harmless := queries.SetOf("current_connection_id", "current_query", "current_query_id", "current_transaction_id",
		"currval", "error", "gen_random_uuid", "random", "setseed", "sleep_ms", "stats", "uuid", "uuidv4", "uuidv7")
	rows, err = ws.DB.Query("SELECT DISTINCT function_name FROM duckdb_functions() WHERE has_side_effects")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			t.Fatal(err)
		}
		if _, refused := queries.AdhocRefusedScalars[name]; !refused && !harmless[name] {
			t.Errorf("function %s has side effects and is neither refused nor known harmless", name)
		}
	}
}

// TestAdhocRefusesUnknownTableFunctions: a table function DuckDB has but
// the SQL box has not classed is refused; one DuckDB does not have is
// left for DuckDB to name (it says which extension holds it).
func TestAdhocRefusesUnknownTableFunctions(t *testing.T) {
	node := map[string]any{"type": "TABLE_FUNCTION", "function": map[string]any{"class": "FUNCTION", "function_name": "New_Writer"}}
	err := queries.CheckAdhocNode(node, func(string) bool { return true })
	if err == nil || !strings.Contains(err.Error(), "new_writer() is not a table function the SQL box knows to only read") {
		t.Errorf("known to DuckDB: %v", err)
	}
	if err := queries.CheckAdhocNode(node, func(string) bool { return false }); err != nil {
		t.Errorf("unknown to DuckDB: %v, want it left to DuckDB", err)
	}
}

// TestWorkspacePathCannotDropTheOptions: duckdb-go parses the DSN as a
// URL, so a '#' in the path would make the extension settings a fragment
// and drop them without a word. Such a path is refused instead.
func TestWorkspacePathCannotDropTheOptions(t *testing.T) {
	for _, name := range []string{"a#b.duckdb", "a?b.duckdb"} {
		path := filepath.Join(t.TempDir(), name)
		ws, err := queries.Open(context.Background(), path)
		if err == nil {
			ws.Close()
			t.Errorf("%s opened", name)
		} else if !strings.Contains(err.Error(), "has a ? or #") {
			t.Errorf("%s: %v", name, err)
		}
	}
}
