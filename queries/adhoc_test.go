package queries_test

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/leadlab/leadlab/queries"
	"github.com/leadlab/leadlab/queries/internal/testkit"
)

// adhocWS is a loaded workspace with three leads.
func adhocWS(t *testing.T) *queries.Workspace {
	t.Helper()
	ws := testkit.OpenWS(t)
	loadDir(t, ws, testkit.WriteDir(t, map[string]string{"leads.csv": "lead_id,title\nx1,CEO\nx2,CTO\nx3,\n"}))
	return ws
}

// TestAdhocReadsOnly runs every kind of statement through the SQL box
// and then checks that the workspace did not change: the refusals are
// proved by the data, not only by the messages.
func TestAdhocReadsOnly(t *testing.T) {
	ws := adhocWS(t)
	ctx := context.Background()
	for _, tc := range []struct {
		query  string
		refuse string // "" when the statement must run
	}{
		{"SELECT count(*) FROM leads", ""},
		{"select count(*) from leads", ""},
		{"  -- the leads\n/* all of them */ SELECT * FROM leads;", ""},
		{"SELECT 1;;  -- done", ""},
		{"(SELECT lead_id FROM leads) UNION ALL (SELECT 'x')", ""},
		{"SELECT 'a;b', \"weird;name\" FROM (SELECT 1 AS \"weird;name\")", ""},
		{"SELECT 'it''s; fine'", ""},
		{"SELECT E'back\\'slash; ok'", ""},
		{"SELECT $$dollar; quoted$$, $q$tagged; too$q$", ""},
		{"SELECT 1 /* nested /* ; */ still a comment; */", ""},
		{"WITH t AS (SELECT * FROM leads) SELECT count(*) FROM t", ""},
		{"FROM leads", ""},
		{"VALUES (1, 'a'), (2, 'b')", ""},
		{"TABLE leads", ""},
		{"DESCRIBE leads", ""},
		{"SHOW TABLES", ""},
		{"SUMMARIZE leads", ""},
		{"EXPLAIN SELECT * FROM leads", ""},
		{"EXPLAIN ANALYZE SELECT * FROM leads", ""},
		{"EXPLAIN (FORMAT json) SELECT 1", ""},
		{"PIVOT leads ON title IN ('CEO', 'CTO') USING count(*)", ""},
		{"UNPIVOT leads ON title INTO NAME k VALUE v", ""},

		{"", "nothing to run"},
		{"  -- only a comment\n", "nothing to run"},
		{"SELECT 1; DROP TABLE leads", "one statement at a time"},
		{"SELECT ';'; DELETE FROM leads", "one statement at a time"},
		{"DELETE FROM leads", "DELETE is not allowed"},
		{"delete from leads", "DELETE is not allowed"},
		{"/* SELECT */ DROP TABLE leads", "DROP is not allowed"},
		{"INSERT INTO leads (lead_id) VALUES ('x9')", "INSERT is not allowed"},
		{"UPDATE leads SET title = 'x'", "UPDATE is not allowed"},
		{"CREATE TABLE t2 AS SELECT 1", "CREATE is not allowed"},
		{"ALTER TABLE leads ADD COLUMN c INT", "ALTER is not allowed"},
		{"COPY leads TO '/tmp/leads.csv'", "COPY is not allowed"},
		{"ATTACH ':memory:' AS other", "ATTACH is not allowed"},
		{"DETACH derived", "DETACH is not allowed"},
		{"INSTALL httpfs", "INSTALL is not allowed"},
		{"LOAD httpfs", "LOAD is not allowed"},
		{"SET threads = 1", "SET is not allowed"},
		{"PRAGMA threads = 1", "PRAGMA is not allowed"},
		{"CALL pragma_version()", "CALL is not allowed"},
		{"EXPORT DATABASE '/tmp/x'", "EXPORT is not allowed"},
		{"CHECKPOINT", "CHECKPOINT is not allowed"},
		{"BEGIN TRANSACTION", "BEGIN is not allowed"},
		{"'just a string'", "does not start with a keyword"},
		{"WITH x AS (SELECT 'x9' AS id) INSERT INTO leads (lead_id) SELECT id FROM x", "INSERT is not allowed"},
		{"EXPLAIN ANALYZE DELETE FROM leads", "DELETE is not allowed"},
		{"explain analyze (format json) delete from leads", "DELETE is not allowed"},
		{"EXPLAIN ANALYZE WITH x AS (SELECT 1) DELETE FROM leads", "DELETE is not allowed"},
		{"PIVOT leads ON title USING count(*)", "PIVOT without an IN list"},
	} {
		_, err := queries.Adhoc(ctx, ws, tc.query, 10)
		switch {
		case tc.refuse == "" && err != nil:
			t.Errorf("%q refused: %v", tc.query, err)
		case tc.refuse != "" && (err == nil || !strings.Contains(err.Error(), tc.refuse)):
			t.Errorf("%q: error %v, want one saying %q", tc.query, err, tc.refuse)
		case tc.refuse != "" && tc.refuse != "nothing to run" && !errors.Is(err, queries.ErrAdhocRefused):
			t.Errorf("%q: %v is not ErrAdhocRefused", tc.query, err)
		}
	}
	// DuckDB's parser refuses writes nested inside reads; the data below
	// shows nothing slipped through.
	for _, q := range []string{
		"WITH d AS (DELETE FROM leads RETURNING *) SELECT * FROM d",
		"SELECT * FROM (DELETE FROM leads RETURNING *)",
		"FROM (INSERT INTO leads (lead_id) VALUES ('x9') RETURNING *)",
		"SUMMARIZE DELETE FROM leads RETURNING *",
		"EXPLAIN (ANALYZE) DELETE FROM leads",
	} {
		if _, err := queries.Adhoc(ctx, ws, q, 10); err == nil {
			t.Errorf("%q ran", q)
		}
	}
	if n := testkit.Count(t, ws, "SELECT count(*) FROM leads WHERE title IS DISTINCT FROM 'x'"); n != 3 {
		t.Errorf("leads now %d, want the 3 loaded", n)
	}
	if n := testkit.Count(t, ws, "SELECT count(*) FROM duckdb_tables() WHERE table_name = 't2'"); n != 0 {
		t.Error("a table was created through the SQL box")
	}
	if n := testkit.Count(t, ws, "SELECT count(*) FROM duckdb_databases() WHERE database_name IN ('other', 'derived')"); n != 1 {
		t.Errorf("attached databases changed: %d of other/derived", n)
	}
}

func TestAdhocQueriesLoadedData(t *testing.T) {
	ws := adhocWS(t)
	r, err := queries.Adhoc(context.Background(), ws, "SELECT lead_id, title FROM leads ORDER BY lead_id", 100)
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{{"x1", "CEO"}, {"x2", "CTO"}, {"x3", "NULL"}}
	if !reflect.DeepEqual(r.Columns, []string{"lead_id", "title"}) || !reflect.DeepEqual(r.Rows, want) || r.Truncated {
		t.Errorf("got %+v, want rows %v", r, want)
	}
	if !reflect.DeepEqual(r.Types, []string{"VARCHAR", "VARCHAR"}) {
		t.Errorf("types %v", r.Types)
	}
	if r.Elapsed <= 0 {
		t.Errorf("elapsed %v", r.Elapsed)
	}
}

func TestAdhocFormatsValues(t *testing.T) {
	ws := testkit.OpenWS(t)
	r, err := queries.Adhoc(context.Background(), ws, `SELECT NULL::INT, 0.1 + 0.2, 1 / 3, 0.1::FLOAT, 'nan'::DOUBLE, 1e20, 12.50::DECIMAL(6, 2),
		true, DATE '2024-01-02', TIMESTAMP '2024-01-02 00:00:00', TIMESTAMP '2024-01-02 03:04:05.25',
		TIMESTAMPTZ '2024-01-02 03:04:05+00', TIME '03:04:05', INTERVAL 1 MONTH + INTERVAL 3 DAY + INTERVAL 90 MINUTE,
		'ab\x5C\xFF'::BLOB, '123e4567-e89b-12d3-a456-426614174000'::UUID, [1, NULL], ['a, b'],
		{'k': 'v'}, MAP {'k': 1}, 170141183460469231731687303715884105727::HUGEINT, 42::BIGINT`, 10)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"NULL", "0.3", "0.333333333333333", "0.1", "NaN", "1e+20", "12.5",
		"true", "2024-01-02", "2024-01-02 00:00:00", "2024-01-02 03:04:05.25",
		"2024-01-02 03:04:05 UTC", "03:04:05", "1 month 3 days 01:30:00",
		`ab\x5C\xFF`, "123e4567-e89b-12d3-a456-426614174000", "[1, NULL]", "['a, b']",
		"{'k': 'v'}", "{'k'=1}", "170141183460469231731687303715884105727", "42"}
	if len(r.Rows) != 1 {
		t.Fatalf("%d rows", len(r.Rows))
	}
	for i, w := range want {
		if got := r.Rows[0][i]; got != w {
			t.Errorf("column %d (%s): %q, want %q", i, r.Types[i], got, w)
		}
	}
}

func TestAdhocTruncatesAtLimit(t *testing.T) {
	ws := testkit.OpenWS(t)
	for _, tc := range []struct {
		limit, rows int
		truncated   bool
	}{{5, 5, true}, {9, 9, true}, {10, 10, false}, {11, 10, false}, {0, 1, true}} {
		r, err := queries.Adhoc(context.Background(), ws, "SELECT * FROM range(10)", tc.limit)
		if err != nil {
			t.Fatal(err)
		}
		if len(r.Rows) != tc.rows || r.Truncated != tc.truncated {
			t.Errorf("limit %d: %d rows, truncated %v; want %d, %v", tc.limit, len(r.Rows), r.Truncated, tc.rows, tc.truncated)
		}
	}
}

// A cancelled query stops at once, and the workspace still answers.
func TestAdhocCancel(t *testing.T) {
	ws := adhocWS(t)
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := queries.Adhoc(ctx, ws, "SELECT count(*) FROM range(10000000000)", 10)
	if took := time.Since(start); took > 2*time.Second {
		t.Errorf("the cancelled query ran %v", took)
	}
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("error %v, want the deadline", err)
	}
	r, err := queries.Adhoc(context.Background(), ws, "SELECT count(*) FROM leads", 10)
	if err != nil || r.Rows[0][0] != "3" {
		t.Errorf("after the cancel: %v, %v", r.Rows, err)
	}
}

// DuckDB's errors reach the user cleaned, without the query echoed.
func TestAdhocErrorsInWords(t *testing.T) {
	ws := adhocWS(t)
	_, err := queries.Adhoc(context.Background(), ws, "SELECT nope FROM leads", 10)
	if err == nil || !strings.Contains(err.Error(), "nope") || strings.Contains(err.Error(), "LINE 1") {
		t.Errorf("error %v", err)
	}
	if errors.Is(err, queries.ErrAdhocRefused) {
		t.Error("a mistake in a query is not a refusal")
	}
}
