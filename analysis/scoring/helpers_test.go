package scoring

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/leadlab/leadlab/queries"
	"github.com/leadlab/leadlab/queries/load"
)

// loadFiles loads a canonical folder written from files into an in-memory
// workspace, closed when the test ends.
func loadFiles(tb testing.TB, files map[string]string) *queries.Workspace {
	tb.Helper()
	dir := tb.TempDir()
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	ws, err := queries.Open(context.Background(), "")
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { ws.Close() })
	plan, _, err := load.PlanDir(dir)
	if err != nil {
		tb.Fatal(err)
	}
	plan.MaxRejectShare = 0
	if _, err := load.Load(context.Background(), ws, plan); err != nil {
		tb.Fatal(err)
	}
	return ws
}

func ptr[T any](v T) *T { return &v }

// baseConfig is a config with the defaults and no rules.
func baseConfig() Config {
	return Config{Version: SchemaVersion, Target: Range{0.10, 0.15}, Outcome: Outcome{Unit: "lead"}, Accounts: Accounts{Rollup: "max"}}
}
