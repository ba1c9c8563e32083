package load

import (
	"path/filepath"

	"github.com/leadlab/leadlab/queries"
)

// FileRead is one file a load read. A manifest may name any file, by an
// absolute path or through a symbolic link, so the load says exactly
// which ones it read: nothing is read unseen.
type FileRead struct {
	Table string `json:"table"`
	Role  string `json:"role"` // "data", or "join" for a lookup file
	// Path is the file's absolute path as named; Resolved is the same with
	// every symbolic link followed (equal when there is none).
	Path     string `json:"path"`
	Resolved string `json:"resolved"`
}

// filesRead lists the plan's files, data file then joins, in load order.
func filesRead(plan Plan) []FileRead {
	var out []FileRead
	add := func(table, role, p string) {
		abs := absPath(p)
		real, err := filepath.EvalSymlinks(abs)
		if err != nil {
			real = abs
		}
		out = append(out, FileRead{Table: table, Role: role, Path: abs, Resolved: real})
	}
	for _, t := range queries.Tables {
		for _, s := range plan.Sources {
			if s.Table != t.Name {
				continue
			}
			add(s.Table, "data", s.Path)
			for _, j := range s.Joins {
				add(s.Table, "join", j.Path)
			}
		}
	}
	return out
}

// absPath is p made absolute; p itself if that fails.
func absPath(p string) string {
	if abs, err := filepath.Abs(p); err == nil {
		return abs
	}
	return p
}
