package gen

import (
	"database/sql"
	"path/filepath"
	"testing"
)

// TestParquetRoundTrip writes Parquet and reads it back with DuckDB: every
// table must have the rows Generate reported and the declared types.
func TestParquetRoundTrip(t *testing.T) {
	dir, st := generate(t, Options{Leads: 400, Seed: 2, Format: "parquet"})
	db, err := sql.Open("duckdb", "")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, spec := range tableSpecs {
		path := filepath.Join(dir, spec.name+".parquet")
		var n int64
		if err := db.QueryRow("SELECT count(*) FROM read_parquet(" + sqlString(path) + ")").Scan(&n); err != nil {
			t.Fatalf("%s: %v", spec.name, err)
		}
		if n != st.Files[spec.name] || n == 0 {
			t.Errorf("%s: %d rows in Parquet, Generate reported %d", spec.name, n, st.Files[spec.name])
		}
	}
	var typ string
	q := "SELECT typeof(created_at) FROM read_parquet(" + sqlString(filepath.Join(dir, "leads.parquet")) + ") LIMIT 1"
	if err := db.QueryRow(q).Scan(&typ); err != nil || typ != "TIMESTAMP" {
		t.Errorf("leads.created_at has type %q (%v), want TIMESTAMP", typ, err)
	}
	var nulls int64
	q = "SELECT count(*) FROM read_parquet(" + sqlString(filepath.Join(dir, "deals.parquet")) + ") WHERE status = 'open' AND closed_at IS NULL"
	if err := db.QueryRow(q).Scan(&nulls); err != nil || nulls == 0 {
		t.Errorf("open deals with null closed_at: %d (%v); empty fields must become nulls", nulls, err)
	}
}
