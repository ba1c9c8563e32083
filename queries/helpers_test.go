package queries_test

import (
	"context"
	"testing"

	"github.com/leadlab/leadlab/queries"
	"github.com/leadlab/leadlab/queries/load"
)

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
