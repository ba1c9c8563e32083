package queries

import (
	"context"
	"strings"
	"testing"
	"time"
)

func TestCheckReadOnly(t *testing.T) {
	for q, want := range map[string]string{
		"SELECT 1":                                           "",
		"select 1;":                                          "",
		"  -- a comment\n(SELECT 1)":                         "",
		"/* c */ from leads limit 3":                         "",
		"SELECT 'a;b' AS x":                                  "",
		`SELECT "we;ird" FROM leads`:                         "",
		"WITH t AS (SELECT 1) SELECT * FROM t":               "",
		"describe leads":                                     "",
		"SELECT 1; SELECT 2":                                 "one statement at a time",
		"DROP TABLE leads":                                   "DROP is not allowed",
		"insert into leads values ('x')":                     "INSERT is not allowed",
		"WITH t AS (SELECT 1) INSERT INTO x SELECT * FROM t": "INSERT is not allowed",
		"ATTACH 'x.db'":                                      "ATTACH is not allowed",
		"COPY leads TO 'x.csv'":                              "COPY is not allowed",
		"PRAGMA version":                                     "PRAGMA is not allowed",
		"":                                                   "no statement",
		"-- only a comment":                                  "no statement",
		"SELECT 'it''s; fine'":                               "",
	} {
		_, err := CheckReadOnly(q)
		switch {
		case want == "" && err != nil:
			t.Errorf("%q refused: %v", q, err)
		case want != "" && (err == nil || !strings.Contains(err.Error(), want)):
			t.Errorf("%q: %v; want %q", q, err, want)
		}
	}
}

func TestReadOnlyQuery(t *testing.T) {
	ws := openTestWS(t)
	loadDir(t, ws, writeDir(t, map[string]string{
		"leads.csv": "lead_id,created_at\na,2024-01-01\nb,2024-01-02 10:30:00\nc,\n",
	}))
	ctx := context.Background()
	r, err := ReadOnly(ctx, ws, "SELECT lead_id, created_at, 1.0/3 AS third, NULL AS nothing, true AS yes FROM leads ORDER BY lead_id", 2)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(r.Columns, ",") != "lead_id,created_at,third,nothing,yes" || len(r.Rows) != 2 || !r.Truncated {
		t.Fatalf("result %+v", r)
	}
	if got := strings.Join(r.Rows[1], "|"); got != "b|2024-01-02 10:30:00|0.333333333333|NULL|true" {
		t.Errorf("row %q", got)
	}
	if r.Rows[0][1] != "2024-01-01" {
		t.Errorf("a date shows as %q", r.Rows[0][1])
	}
	if _, err := ReadOnly(ctx, ws, "SELECT nope FROM leads", 10); err == nil || !strings.Contains(err.Error(), "nope") {
		t.Errorf("bad column: %v", err)
	}
	// A long query stops when cancelled, and the workspace stays usable.
	cctx, cancel := context.WithTimeout(ctx, 100*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err = ReadOnly(cctx, ws, "SELECT count(*) FROM range(100000000000) a", 10)
	if err == nil || time.Since(start) > 5*time.Second {
		t.Errorf("cancel: %v after %v", err, time.Since(start))
	}
	if r, err := ReadOnly(ctx, ws, "SELECT count(*) FROM leads", 10); err != nil || r.Rows[0][0] != "3" {
		t.Errorf("after the cancel: %+v %v", r, err)
	}
}
