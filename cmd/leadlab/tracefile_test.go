package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/leadlab/leadlab/queries"
	"github.com/leadlab/leadlab/queries/load"
)

// TestWorkbenchTraceFile: LEADLAB_TRACE=1 sends the workbench's SQL
// trace to leadlab-trace.log in the state folder, a path value to that
// path, and once the workbench is done the trace goes to stderr again.
func TestWorkbenchTraceFile(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("LEADLAB_STATE", filepath.Join(dir, "state", "workbench.json"))
	for _, c := range []struct{ value, want string }{
		{"1", filepath.Join(dir, "state", traceFileName)},
		{filepath.Join(dir, "mine.log"), filepath.Join(dir, "mine.log")},
	} {
		t.Setenv("LEADLAB_TRACE", c.value)
		path, done, err := workbenchTrace()
		if err != nil || path != c.want {
			t.Fatalf("LEADLAB_TRACE=%s: %q, %v; want %q", c.value, path, err, c.want)
		}
		ws, err := queries.Open(context.Background(), "")
		if err != nil {
			t.Fatal(err)
		}
		plan, _, err := load.PlanDir(filepath.Join("testdata", "edge", "one-lead"))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := load.Load(context.Background(), ws, plan); err != nil {
			t.Fatal(err)
		}
		ws.Close()
		done()
		b, err := os.ReadFile(path)
		if err != nil || !strings.Contains(string(b), "s  CREATE") {
			t.Errorf("LEADLAB_TRACE=%s: the trace file holds %q (%v)", c.value, b, err)
		}
	}
	t.Setenv("LEADLAB_TRACE", "")
	if path, done, err := workbenchTrace(); path != "" || err != nil {
		t.Errorf("no LEADLAB_TRACE: %q, %v", path, err)
	} else {
		done()
	}
}
