package queries_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/leadlab/leadlab/queries"
	"github.com/leadlab/leadlab/queries/load"
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
func loadDir(tb testing.TB, ws *queries.Workspace, dir string) load.LoadResult {
	tb.Helper()
	res, err := tryLoadDir(ws, dir)
	if err != nil {
		tb.Fatalf("load %s: %v", dir, err)
	}
	return res
}

func tryLoadDir(ws *queries.Workspace, dir string) (load.LoadResult, error) {
	plan, _, err := load.PlanDir(dir)
	if err != nil {
		return load.LoadResult{}, err
	}
	return load.Load(context.Background(), ws, plan)
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
