package load

import (
	"context"
	"testing"

	"github.com/leadlab/leadlab/queries"
	"github.com/leadlab/leadlab/queries/internal/testkit"
)

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

// loadManifestWS loads the manifest at path into a fresh workspace.
func loadManifestWS(t *testing.T, path string) (*queries.Workspace, LoadResult) {
	t.Helper()
	plan, err := LoadManifest(path)
	if err != nil {
		t.Fatal(err)
	}
	ws := testkit.OpenWS(t)
	res, err := Load(context.Background(), ws, plan)
	if err != nil {
		t.Fatal(err)
	}
	return ws, res
}
