package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/leadlab/leadlab/queries"
)

// traceFileName is the workbench's SQL trace in the state folder.
const traceFileName = "leadlab-trace.log"

// workbenchTrace points the SQL trace LEADLAB_TRACE turns on at a file
// while the workbench runs: on stderr, its lines would be drawn over the
// screen and the screen over them. LEADLAB_TRACE=1 (or true, yes, on)
// writes leadlab-trace.log in the state folder, beside the workbench's
// remembered state; any other value is the file's path. path is "" when
// tracing is off; done sends the trace back to stderr and closes the
// file.
func workbenchTrace() (path string, done func(), err error) {
	v := os.Getenv("LEADLAB_TRACE")
	if v == "" {
		return "", func() {}, nil
	}
	path = v
	switch strings.ToLower(v) {
	case "1", "true", "yes", "on":
		dir := os.TempDir()
		if state := statePath(); state != "" {
			dir = filepath.Dir(state)
		}
		path = filepath.Join(dir, traceFileName)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return "", nil, fmt.Errorf("LEADLAB_TRACE: %w", err)
	}
	f, err := os.Create(path)
	if err != nil {
		return "", nil, fmt.Errorf("LEADLAB_TRACE: %w", err)
	}
	queries.TraceTo(f)
	return path, func() {
		queries.TraceTo(nil)
		f.Close()
	}, nil
}
