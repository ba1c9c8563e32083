package bench

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

// TestFirstAnswerWithoutPandas: where no Python with pandas can be
// found, the first_answer step still has its run, has no floor, and its
// note says why, in the table and in the JSON.
func TestFirstAnswerWithoutPandas(t *testing.T) {
	saved := pythonCandidates
	pythonCandidates = func() []string { return []string{filepath.Join(t.TempDir(), "no-python3")} }
	defer func() { pythonCandidates = saved }()
	var log bytes.Buffer
	b := &runner{dir: t.TempDir(), runs: 1, log: &log}
	run, floor := b.runners(t.Context(), b.dataset(500), "first_answer")
	if run == nil || floor != nil {
		t.Fatalf("run %v, floor %v: want a run and no floor", run != nil, floor != nil)
	}
	if !strings.Contains(log.String(), "the notebook peer is not run: no python3 with pandas") {
		t.Errorf("progress does not say the notebook was skipped: %q", log.String())
	}
	step, _ := StepByID("first_answer")
	r := newStepResult(step, 1_000_000, []sample{{30, 800}}, nil)
	r.Note = b.notes["first_answer"]
	if r.Floor != nil || r.Ratio != nil || !strings.HasPrefix(r.Note, "notebook not run: no python3 with pandas") {
		t.Errorf("first_answer without pandas: %+v", r)
	}
	var table bytes.Buffer
	PrintTable(&table, Result{Leads: 1_000_000, Runs: 1, Steps: []StepResult{r}})
	if !strings.Contains(table.String(), "first_answer: notebook not run: no python3 with pandas") {
		t.Errorf("the table has no note:\n%s", table.String())
	}
	js, _ := json.Marshal(r)
	if !strings.Contains(string(js), `"note":"notebook not run: no python3 with pandas`) {
		t.Errorf("the JSON has no note: %s", js)
	}
}
