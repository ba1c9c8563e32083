package main

import (
	"bytes"
	"encoding/json"
	"runtime"
	"slices"
	"testing"

	"github.com/leadlab/leadlab/internal/bench"
)

// TestBenchTiny runs the whole bench at a tiny size, each step a child
// process of this test binary acting as leadlab (TestMain), and checks
// the JSON: the keys, every step, floors exactly where they exist.
func TestBenchTiny(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("the workbench step runs in a Linux pseudo-terminal")
	}
	t.Setenv("LEADLAB_RUN_MAIN", "1")
	// A race-enabled child otherwise waits a second before it exits.
	t.Setenv("GORACE", "atexit_sleep_ms=0")
	root := newRoot()
	var out, progress bytes.Buffer
	root.SetOut(&out)
	root.SetErr(&progress)
	root.SetArgs([]string{"bench", "--leads", "1000", "--runs", "1", "--format", "json", "--dir", t.TempDir()})
	if err := root.ExecuteContext(t.Context()); err != nil {
		t.Fatalf("bench: %v\n%s", err, progress.String())
	}
	var got struct {
		Leads  *int   `json:"leads"`
		Events *int64 `json:"events"`
		Steps  []map[string]any
	}
	if err := json.Unmarshal(out.Bytes(), &got); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out.String())
	}
	if got.Leads == nil || *got.Leads != 1000 || got.Events == nil || *got.Events == 0 {
		t.Errorf("leads %v, events %v", got.Leads, got.Events)
	}
	var ids []string
	for _, s := range got.Steps {
		id, _ := s["step"].(string)
		ids = append(ids, id)
		for _, k := range []string{"median_s", "min_s", "max_s", "peak_rss_mb"} {
			if v, ok := s[k].(float64); !ok || v <= 0 {
				t.Errorf("%s: %s = %v", id, k, s[k])
			}
		}
		st, _ := bench.StepByID(id)
		for _, k := range []string{"floor_s", "ratio"} {
			v, present := s[k]
			if !present {
				t.Errorf("%s: no key %s", id, k)
			}
			// A peer that is not installed leaves its floor null, and says so.
			measured := st.HasFloor() && s["note"] == nil
			if f, ok := v.(float64); measured != (ok && f > 0) {
				t.Errorf("%s: %s = %v, but the step has a floor: %v", id, k, v, st.HasFloor())
			}
		}
	}
	if want := bench.StepIDs(); !slices.Equal(ids, want) {
		t.Errorf("steps %v, want %v", ids, want)
	}
}

// TestTuneUnreachableAgrees: the bench accepts tune's "target out of
// reach" status as a finished run; it must be the status tune exits with.
func TestTuneUnreachableAgrees(t *testing.T) {
	if bench.TuneUnreachable != exitUnreachable {
		t.Errorf("bench.TuneUnreachable %d, tune exits %d", bench.TuneUnreachable, exitUnreachable)
	}
}
