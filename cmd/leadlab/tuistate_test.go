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

// The state lives in the XDG state folder, not among the user's
// configuration; a file an older leadlab left in the config folder is
// read once and moved.
func TestStateUnderXDGStateHome(t *testing.T) {
	home, state, config := t.TempDir(), t.TempDir(), t.TempDir()
	t.Setenv("LEADLAB_STATE", "")
	t.Setenv("HOME", home)
	t.Setenv("XDG_CONFIG_HOME", config)
	t.Setenv("XDG_STATE_HOME", state)
	if got, want := statePath(), filepath.Join(state, "leadlab", "workbench.json"); got != want {
		t.Errorf("with XDG_STATE_HOME: %s, want %s", got, want)
	}
	t.Setenv("XDG_STATE_HOME", "relative/dir") // ignored, as the convention says
	if got, want := statePath(), filepath.Join(home, ".local", "state", "leadlab", "workbench.json"); got != want {
		t.Errorf("default: %s, want %s", got, want)
	}
	t.Setenv("XDG_STATE_HOME", state)

	legacy := filepath.Join(config, "leadlab", "workbench.json")
	os.MkdirAll(filepath.Dir(legacy), 0o755)
	os.WriteFile(legacy, []byte(`{"sample": {"screen": "Cutoff"}}`), 0o644)
	if st := loadState(); st["sample"].Screen != "Cutoff" {
		t.Fatalf("the legacy file was not read: %+v", st)
	}
	if err := saveState("x", tuiState{Screen: "Data"}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(legacy); !os.IsNotExist(err) {
		t.Errorf("the legacy file is still there: %v", err)
	}
	if st := loadState(); st["sample"].Screen != "Cutoff" || st["x"].Screen != "Data" {
		t.Errorf("after the move: %+v", st)
	}
}
