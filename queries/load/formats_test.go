package load

import (
	"bytes"
	"compress/gzip"
	"os"
	"path/filepath"
	"testing"

	"github.com/leadlab/leadlab/queries"
	"github.com/leadlab/leadlab/queries/internal/sqltext"
	"github.com/leadlab/leadlab/queries/internal/testkit"
)

// TestFormatsLoadAlike loads the outcome fixture as CSV, TSV, gzipped CSV,
// NDJSON, a JSON array and Parquet, and requires the same outcomes.
func TestFormatsLoadAlike(t *testing.T) {
	src := testkit.OpenWS(t)
	srcDir := testkit.WriteDir(t, testkit.OutcomeFixture)
	loadDir(t, src, srcDir)
	want, wantRows := testkit.OutcomesFor(t, src, queries.OutcomeOptions{})

	for _, format := range []string{"tsv", "csv.gz", "ndjson", "json", "parquet"} {
		t.Run(format, func(t *testing.T) {
			dir := t.TempDir()
			for _, table := range []string{"accounts", "leads", "deals", "events"} {
				path := filepath.Join(dir, table+"."+format)
				var q string
				switch format {
				case "tsv":
					q = "COPY (SELECT * FROM " + table + ") TO " + sqltext.QuoteLit(path) + " (HEADER, DELIMITER '\t')"
				case "csv.gz":
					q = "COPY (SELECT * FROM " + table + ") TO " + sqltext.QuoteLit(path) + " (HEADER, COMPRESSION gzip)"
				case "ndjson":
					q = "COPY (SELECT * FROM " + table + ") TO " + sqltext.QuoteLit(path) + " (FORMAT json)"
				case "json":
					q = "COPY (SELECT * FROM " + table + ") TO " + sqltext.QuoteLit(path) + " (FORMAT json, ARRAY true)"
				case "parquet":
					q = "COPY (SELECT * FROM " + table + ") TO " + sqltext.QuoteLit(path) + " (FORMAT parquet)"
				}
				if _, err := src.DB.Exec(q); err != nil {
					t.Fatal(err)
				}
			}
			ws := testkit.OpenWS(t)
			loadDir(t, ws, dir)
			got, gotRows := testkit.OutcomesFor(t, ws, queries.OutcomeOptions{})
			if got.Won != want.Won || got.Maturing != want.Maturing || got.WindowDays != want.WindowDays {
				t.Errorf("outcomes %+v, want %+v", got, want)
			}
			for id, o := range wantRows {
				if gotRows[id] != o {
					t.Errorf("lead %s: %s, want %s", id, gotRows[id], o)
				}
			}
		})
	}
}

// A gzipped CSV with a bad row still reports the right line: the line
// mapper reads through the compression.
func TestGzipRejectLine(t *testing.T) {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write([]byte("lead_id,created_at\na,2024-01-01\n\nb,2024-01-02\nc,never\n"))
	zw.Close()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "leads.csv.gz"), buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	ws := testkit.OpenWS(t)
	plan, _, err := PlanDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	plan.MaxRejectShare = 0.5
	res, err := Load(t.Context(), ws, plan)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Rejects) != 1 || res.Rejects[0].Line != 5 {
		t.Fatalf("rejects %v, want one on line 5", res.Rejects)
	}
}
