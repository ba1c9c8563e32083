// Package bench times leadlab's steps at scale, each as a process of
// the leadlab binary run as a user runs it, beside a floor measured the
// same way in the same run, and judges them against the targets the
// performance issues set (docs/performance.md). The leadlab bench
// command is a thin wrapper around Run.
package bench

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/leadlab/leadlab/analysis"
)

// Options say what to measure and where.
type Options struct {
	Exe   string   // the leadlab binary the steps run
	Dir   string   // cache of datasets, one folder per size and seed
	Seed  uint64   // generator seed
	Runs  int      // timed runs of each step and floor
	Steps []string // the steps to run, by id; none runs every step
	// Log receives progress, for people watching a long run.
	Log io.Writer
}

// DefaultDir is the folder of the datasets when none is chosen:
// leadlab/bench in the user's cache folder.
func DefaultDir() (string, error) {
	cache, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("no cache folder for the datasets (%w); choose one with --dir", err)
	}
	return filepath.Join(cache, "leadlab", "bench"), nil
}

// runner times leadlab's steps at one or more sizes, each as a child
// process of the leadlab binary.
type runner struct {
	exe   string // the leadlab binary the steps run
	dir   string // cache of datasets, one folder per size and seed
	seed  uint64
	runs  int
	steps map[string]bool
	log   io.Writer // progress, for people watching a long run
	// notes say, per step, why part of it was not measured (a peer that
	// is not installed); they go into the table and the JSON.
	notes map[string]string
}

// CheckSteps says which of ids is not a step, or nil.
func CheckSteps(ids []string) error {
	for _, id := range ids {
		if _, ok := StepByID(id); !ok {
			return fmt.Errorf("no step %q; the steps are %s", id, strings.Join(StepIDs(), ", "))
		}
	}
	return nil
}

// Run measures every size, smallest first, calling each with a size's
// results as soon as they are in (a long run's tables are printed as it
// goes), and returns them all, with the growth between sizes.
func Run(ctx context.Context, o Options, sizes []int, each func(Result)) ([]Result, error) {
	if err := CheckSteps(o.Steps); err != nil {
		return nil, err
	}
	only := o.Steps
	if len(only) == 0 {
		only = StepIDs()
	}
	b := &runner{exe: o.Exe, dir: o.Dir, seed: o.Seed, runs: max(o.Runs, 1), steps: map[string]bool{}, log: o.Log}
	if b.log == nil {
		b.log = io.Discard
	}
	for _, id := range only {
		b.steps[id] = true
	}
	sizes = slices.Compact(slices.Sorted(slices.Values(sizes)))
	var results []Result
	for i, n := range sizes {
		res, err := b.measureSize(ctx, b.dataset(n))
		if err != nil {
			return results, err
		}
		if i > 0 {
			compareGrowth(&results[i-1], &res)
		}
		results = append(results, res)
		if each != nil {
			each(res)
		}
	}
	return results, nil
}

// StepIDs are the ids of every step, in the order they run.
func StepIDs() []string {
	ids := make([]string, len(steps))
	for i, s := range steps {
		ids[i] = s.id
	}
	return ids
}

func (b *runner) measureSize(ctx context.Context, d dataset) (Result, error) {
	res := Result{Leads: d.n, Runs: b.runs, Machine: machine()}
	if err := os.MkdirAll(d.dir, 0o755); err != nil {
		return res, fmt.Errorf("bench: %w", err)
	}
	for _, s := range steps {
		if !b.steps[s.id] {
			continue
		}
		runs, floor, err := b.measure(ctx, d, s.id)
		if err != nil {
			return res, fmt.Errorf("bench at %s leads, step %s: %w", d, s.id, err)
		}
		r := newStepResult(s, d.n, runs, floor)
		r.Note = b.notes[s.id]
		res.Steps = append(res.Steps, r)
	}
	if err := b.ensureWorkspace(ctx, d); err != nil {
		return res, fmt.Errorf("bench at %s leads: %w", d, err)
	}
	n, err := events(ctx, d)
	res.Events = n
	return res, err
}

// measure times one step and its floor, after making what it needs.
func (b *runner) measure(ctx context.Context, d dataset, id string) (runs, floor []sample, err error) {
	switch id {
	case "gen":
	case "load", "first_answer":
		err = b.ensureData(ctx, d)
	case "rescore_sweep", "edit_latency":
		err = b.ensureModel(ctx, d)
	default:
		err = b.ensureWorkspace(ctx, d)
	}
	if err != nil {
		return nil, nil, err
	}
	if id == "rescore_sweep" {
		// Reading a million leads is not what is measured: the child
		// times the re-score itself, as the workbench does it on an edit.
		b.say("%s leads: %s and its floor", d, id)
		n := strconv.Itoa(b.runs)
		if runs, err = b.runTimed(ctx, "bench", "rescore", "--db", d.ws(), "--config", d.model(), "--runs", n); err != nil {
			return nil, nil, err
		}
		floor, err = b.runTimed(ctx, "bench", "floor-sort", "--n", strconv.Itoa(d.n), "--runs", n)
		return runs, floor, err
	}
	if id == "edit_latency" {
		// Many edits in one process, each beside a pass of the floor, so
		// that both see the same machine; p95 needs more than --runs.
		b.say("%s leads: %s and its floor", d, id)
		return b.runTimedPairs(ctx, "bench", "edit-latency", "--db", d.ws(), "--config", d.model(), "--edits", strconv.Itoa(editsPerRun*b.runs))
	}
	if id == "funnel_filter" {
		// Many changes in one process, as the workbench makes them one
		// after another; p95 needs more than --runs.
		b.say("%s leads: %s", d, id)
		runs, err = b.runTimed(ctx, "bench", "funnel-filter", "--db", d.ws(), "--changes", strconv.Itoa(changesPerRun*b.runs))
		return runs, nil, err
	}
	run, floorRun := b.runners(ctx, d, id)
	if run == nil {
		return nil, nil, fmt.Errorf("no step %q", id)
	}
	if runs, err = b.repeat(d, id, run); err != nil || floorRun == nil {
		return runs, nil, err
	}
	floor, err = b.repeat(d, id+" floor", floorRun)
	return runs, floor, err
}

// runners say how to do one timed run of a step and of its floor (nil
// when it has none).
func (b *runner) runners(ctx context.Context, d dataset, id string) (run, floor func() (sample, error)) {
	leadlab := func(args ...string) func() (sample, error) {
		return func() (sample, error) { return b.runChild(ctx, child{args: args}) }
	}
	switch id {
	case "gen":
		return func() (sample, error) { return b.genOnce(ctx, d) }, nil
	case "load":
		db := d.scratch("floor.duckdb")
		return func() (sample, error) { return b.loadOnce(ctx, d) }, func() (sample, error) {
			if err := removeDB(db); err != nil {
				return sample{}, err
			}
			defer removeDB(db)
			return b.runChild(ctx, child{args: []string{"bench", "floor-load", "--db", db, d.csv()}})
		}
	case "report_data":
		return leadlab("report", "data", "--db", d.ws()), nil
	case "funnel":
		return leadlab("report", "funnel", "--db", d.ws()), nil
	case "campaigns":
		return leadlab("report", "campaigns", "--db", d.ws()), leadlab("sql", "--db", d.ws(), "SELECT count(*) FROM campaigns")
	case "actions":
		return leadlab("report", "actions", "--db", d.ws()), leadlab("bench", "floor-actions", "--db", d.ws())
	case "first_answer":
		notebook, err := b.notebookRunner(ctx, d)
		if err != nil {
			b.say("%s leads: first_answer: the notebook peer is not run: %v", d, err)
			b.note(id, "notebook not run: "+err.Error())
		}
		return func() (sample, error) { return b.firstAnswer(ctx, d) }, notebook
	case "tune":
		return leadlab("tune", "--db", d.ws(), "--out", d.model()), nil
	case "tui_first_frame":
		return func() (sample, error) { return b.firstFrame(ctx, d) }, nil
	}
	return nil, nil
}

// repeat does --runs timed runs, saying how each went.
func (b *runner) repeat(d dataset, what string, run func() (sample, error)) ([]sample, error) {
	out := make([]sample, 0, b.runs)
	for k := range b.runs {
		s, err := run()
		if err != nil {
			return nil, err
		}
		b.say("%s leads: %s run %d of %d: %.2f s, %.0f MiB", d, what, k+1, b.runs, s.secs, s.peakMB)
		out = append(out, s)
	}
	return out, nil
}

// note records why part of a step was not measured.
func (b *runner) note(step, why string) {
	if b.notes == nil {
		b.notes = map[string]string{}
	}
	b.notes[step] = why
}

// say reports progress on stderr.
func (b *runner) say(format string, a ...any) {
	fmt.Fprintf(b.log, "bench: "+format+"\n", a...)
}

func countInt(n int) string { return analysis.Count(int64(n)) }
