package main

import (
	"os"
	"path/filepath"
	"testing"
)

func TestTUIStateRemembersPerWorkspace(t *testing.T) {
	t.Setenv("LEADLAB_STATE", filepath.Join(t.TempDir(), "sub", "state.json"))
	a, b := workspaceKey(dataFlags{db: "a.duckdb"}), workspaceKey(dataFlags{})
	if b != "sample" || !filepath.IsAbs(a) {
		t.Fatalf("keys %q %q", a, b)
	}
	if err := saveState(a, tuiState{Config: "m.yaml", Screen: "Cutoff"}); err != nil {
		t.Fatal(err)
	}
	if err := saveState(b, tuiState{Screen: "Data"}); err != nil {
		t.Fatal(err)
	}
	st := loadState()
	if st[a].Config != "m.yaml" || st[a].Screen != "Cutoff" || st[b].Screen != "Data" {
		t.Errorf("state %+v", st)
	}
	// A broken file is no memory, not an error.
	os.WriteFile(os.Getenv("LEADLAB_STATE"), []byte("{nonsense"), 0o644)
	if len(loadState()) != 0 {
		t.Error("a broken state file was read")
	}
}
