package main

import (
	"os"
	"path/filepath"
	"strings"
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

// TestRememberedConfigFromAnotherFolder: the config is remembered by its
// absolute path, so leadlab started from another folder opens it; once
// the file is gone the status line says so instead of opening a freshly
// tuned model without a word.
func TestRememberedConfigFromAnotherFolder(t *testing.T) {
	t.Setenv("LEADLAB_STATE", filepath.Join(t.TempDir(), "state.json"))
	here, elsewhere := t.TempDir(), t.TempDir()
	t.Chdir(here)
	if err := os.WriteFile("model.yaml", []byte("version: 1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	// What runTUI remembers when the model was saved as "model.yaml".
	if err := saveState("sample", tuiState{Config: absPath("model.yaml"), Screen: "Scoring"}); err != nil {
		t.Fatal(err)
	}
	t.Chdir(elsewhere)
	st := loadState()["sample"]
	path, note := configToOpen("", st)
	if want := filepath.Join(here, "model.yaml"); path != want || note != "" {
		t.Fatalf("from another folder: opens %q (note %q), want %q", path, note, want)
	}
	if path, _ := configToOpen("other.yaml", st); path != "other.yaml" {
		t.Errorf("--config gave way to the remembered config: %q", path)
	}
	if err := os.Remove(filepath.Join(here, "model.yaml")); err != nil {
		t.Fatal(err)
	}
	path, note = configToOpen("", st)
	if path != "" || !strings.Contains(note, filepath.Join(here, "model.yaml")+", is gone") {
		t.Errorf("remembered config gone: opens %q, note %q", path, note)
	}
	if absPath("") != "" {
		t.Error("no config became a path")
	}
}
