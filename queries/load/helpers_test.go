package load

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/leadlab/leadlab/queries"
	sampledata "github.com/leadlab/leadlab/sample-data"
)

// openTestWS opens an in-memory workspace closed at the end of the test.
func openTestWS(tb testing.TB) *queries.Workspace {
	tb.Helper()
	ws, err := queries.Open(context.Background(), "")
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { ws.Close() })
	return ws
}

// writeDir writes files (name -> content) into a fresh temp folder.
func writeDir(tb testing.TB, files map[string]string) string {
	tb.Helper()
	dir := tb.TempDir()
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	return dir
}

// loadDir loads a folder into ws and fails the test on error.
func loadDir(tb testing.TB, ws *queries.Workspace, dir string) LoadResult {
	tb.Helper()
	res, err := tryLoadDir(ws, dir)
	if err != nil {
		tb.Fatalf("load %s: %v", dir, err)
	}
	return res
}

func tryLoadDir(ws *queries.Workspace, dir string) (LoadResult, error) {
	plan, _, err := PlanDir(dir)
	if err != nil {
		return LoadResult{}, err
	}
	return Load(context.Background(), ws, plan)
}

// count runs a scalar count query.
func count(tb testing.TB, ws *queries.Workspace, q string, args ...any) int64 {
	tb.Helper()
	var n int64
	if err := ws.DB.QueryRow(q, args...).Scan(&n); err != nil {
		tb.Fatalf("%s: %v", q, err)
	}
	return n
}

// sampleDir unpacks the embedded sample into a temp folder.
func sampleDir(tb testing.TB) string {
	tb.Helper()
	dir := tb.TempDir()
	if err := sampledata.Extract(dir); err != nil {
		tb.Fatal(err)
	}
	return dir
}

// loadManifestWS loads the manifest at path into a fresh workspace.
func loadManifestWS(t *testing.T, path string) (*queries.Workspace, LoadResult) {
	t.Helper()
	plan, err := LoadManifest(path)
	if err != nil {
		t.Fatal(err)
	}
	ws := openTestWS(t)
	res, err := Load(context.Background(), ws, plan)
	if err != nil {
		t.Fatal(err)
	}
	return ws, res
}

// outcomesFor computes outcomes with opt and returns each lead's.
func outcomesFor(t *testing.T, ws *queries.Workspace, opt queries.OutcomeOptions) (queries.Outcomes, map[string]string) {
	t.Helper()
	o, err := queries.ComputeOutcomes(context.Background(), ws, opt)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := ws.DB.Query("SELECT lead_id, outcome FROM derived.lead_outcomes")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	got := map[string]string{}
	for rows.Next() {
		var id, out string
		if err := rows.Scan(&id, &out); err != nil {
			t.Fatal(err)
		}
		got[id] = out
	}
	return o, got
}
