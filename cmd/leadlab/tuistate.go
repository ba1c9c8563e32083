package main

import (
	"encoding/json"
	"io"
	"os"
	"path/filepath"
)

// tuiState is what the workbench remembers per workspace between runs:
// the last config file (an absolute path, so that it is found whatever
// folder leadlab starts in) and the screen on view.
type tuiState struct {
	Config string `json:"config,omitempty"`
	Screen string `json:"screen,omitempty"`
}

// statePath is the file the workbench remembers in: LEADLAB_STATE, or
// leadlab/workbench.json in the user's config folder.
func statePath() string {
	if p := os.Getenv("LEADLAB_STATE"); p != "" {
		return p
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
	if b, err := os.ReadFile(path); err == nil {
		if json.Unmarshal(b, &out) != nil {
			return map[string]tuiState{}
		}
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
	return writeAtomic(path, nil, func(w io.Writer) error {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(all)
	})
}
