package main

import (
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"runtime"
)

// tuiState is what the workbench remembers per workspace between runs:
// the last config file (an absolute path, so that it is found whatever
// folder leadlab starts in) and the screen on view.
type tuiState struct {
	Config string `json:"config,omitempty"`
	Screen string `json:"screen,omitempty"`
}

// statePath is the file the workbench remembers in: LEADLAB_STATE, or
// leadlab/workbench.json in the user's state folder, as the XDG base
// directory convention places state that outlives a run but is not
// configuration: $XDG_STATE_HOME, by default ~/.local/state (on Windows,
// the local application data folder).
func statePath() string {
	if p := os.Getenv("LEADLAB_STATE"); p != "" {
		return p
	}
	dir := os.Getenv("XDG_STATE_HOME")
	if !filepath.IsAbs(dir) { // the convention ignores a relative value
		dir = ""
	}
	if dir == "" {
		if runtime.GOOS == "windows" {
			dir = os.Getenv("LocalAppData")
		} else if home, err := os.UserHomeDir(); err == nil {
			dir = filepath.Join(home, ".local", "state")
		}
	}
	if dir == "" {
		return ""
	}
	return filepath.Join(dir, "leadlab", "workbench.json")
}

// legacyStatePath is where leadlab 0.1 kept the same file, in the config
// folder: read when the state folder has none yet, removed once the
// state is saved in its new place.
func legacyStatePath() string {
	if os.Getenv("LEADLAB_STATE") != "" {
		return ""
	}
	dir, err := os.UserConfigDir()
	if err != nil {
		return ""
	}
	return filepath.Join(dir, "leadlab", "workbench.json")
}

// workspaceKey names a workspace in the state file: the absolute path of
// --db, --data or --manifest, or "sample".
func workspaceKey(df dataFlags) string {
	for _, p := range []string{df.db, df.data, df.manifest} {
		if p != "" {
			if abs, err := filepath.Abs(p); err == nil {
				return abs
			}
			return p
		}
	}
	return "sample"
}

// loadState reads what was remembered; a missing or broken file is no
// memory at all, never an error that stops the workbench.
func loadState() map[string]tuiState {
	out := map[string]tuiState{}
	path := statePath()
	if path == "" {
		return out
	}
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		if old := legacyStatePath(); old != "" && old != path {
			b, err = os.ReadFile(old)
		}
	}
	if err == nil && json.Unmarshal(b, &out) != nil {
		return map[string]tuiState{}
	}
	return out
}

// saveState remembers st for the workspace, written atomically.
func saveState(key string, st tuiState) error {
	path := statePath()
	if path == "" {
		return nil
	}
	all := loadState()
	all[key] = st
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	err := writeAtomic(path, nil, func(w io.Writer) error {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(all)
	})
	if old := legacyStatePath(); err == nil && old != "" && old != path {
		os.Remove(old) // its memory now lives at path
	}
	return err
}
