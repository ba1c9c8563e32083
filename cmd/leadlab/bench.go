package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/leadlab/leadlab/analysis"
)

// bench times leadlab's steps at one or more sizes, each as a child
// process of this same binary.
type bench struct {
	exe   string // the leadlab binary the steps run
	dir   string // cache of datasets, one folder per size and seed
	seed  uint64
	runs  int
	steps map[string]bool
	log   io.Writer // progress, for people watching a long run
}

func newBenchCmd() *cobra.Command {
	var (
		sizes  []int
		seed   uint64
		runs   int
		dir    string
		only   []string
		format string
	)
	cmd := &cobra.Command{
		Use:   "bench [--leads N[,N...]] [--seed S] [--runs R] [--format table|json]",
		Short: "Time every step at scale, beside DuckDB's and Go's own floors",
		Long: `bench generates a dataset of --leads leads (or reuses the one it generated
before, kept under --dir by size and seed) and times, each as a process of
its own with the same commands a user runs: gen; load into a file
workspace; report data; report funnel; report actions; tune; one weight
changed, then every lead re-scored and the full cutoff sweep (and the
same as edit_latency: 20 edits per run in one process, given as p50 and
p95); and the workbench from process start to its first frame with the
data on it. Each step runs --runs times and is given as median, min and
max, with the peak memory of its process.

Beside a step, its floor, measured the same way in the same run: for the
load, DuckDB's own CREATE TABLE AS SELECT * FROM read_csv of the same
files; for report actions, a bare GROUP BY lead_id, event count of the
events; for re-score and sweep, sorting as many float64 values in Go;
for edit_latency, one pass over the leads in memory, timed beside each
edit. The re-score and its floor time themselves inside one process,
after the data is read, as the workbench would already have it.

Targets: at a million leads or more, load within 1.5× its floor, report
actions and re-score within 3×, an edit within 3× and 50 ms, first
frame within 2 s; at every size,
every process under 4 GiB and, with two or more sizes, no step's median
growing faster than n log n between them.

--format json prints {"leads", "events", "steps": [{"step", "median_s",
"min_s", "max_s", "peak_rss_mb", "floor_s", "ratio", ...}]} (floor_s and
ratio are null for steps without a floor), or an array of them, smallest
first, for several sizes. Extra keys: runs, machine, growth_from; per
step floor_peak_rss_mb, target, met, growth and growth_limit, and for
edit_latency p95_s (its median_s is the p50).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := checkFormat(cmd, format); err != nil {
				return err
			}
			for _, n := range sizes {
				if n < 100 || n > 100_000_000 {
					return usageErrorf("--leads must be between 100 and 100,000,000, got %d", n)
				}
			}
			if runs < 1 || runs > 100 {
				return usageErrorf("--runs must be between 1 and 100, got %d", runs)
			}
			steps, err := chooseSteps(only)
			if err != nil {
				return err
			}
			exe, err := os.Executable()
			if err != nil {
				return fmt.Errorf("bench needs its own binary to run the steps: %w", err)
			}
			if dir == "" {
				cache, err := os.UserCacheDir()
				if err != nil {
					return fmt.Errorf("no cache folder for the datasets (%w); choose one with --dir", err)
				}
				dir = filepath.Join(cache, "leadlab", "bench")
			}
			b := &bench{exe: exe, dir: dir, seed: seed, runs: runs, steps: steps, log: cmd.ErrOrStderr()}
			return b.run(cmd.Context(), cmd.OutOrStdout(), format, sizes)
		},
	}
	cmd.Flags().IntSliceVar(&sizes, "leads", []int{1_000_000}, "leads to generate; several sizes, comma-separated, also compare their growth")
	cmd.Flags().Uint64Var(&seed, "seed", 1, "generator seed")
	cmd.Flags().IntVar(&runs, "runs", 3, "timed runs of each step and floor")
	cmd.Flags().StringVar(&dir, "dir", "", "folder for the generated datasets and workspaces (default: leadlab/bench in your cache folder)")
	cmd.Flags().StringSliceVar(&only, "steps", nil, "only these steps (default all): "+strings.Join(stepIDs(), ","))
	formatFlag(cmd, &format, "table", "output", "table", "json")
	cmd.AddCommand(benchChildCmds()...)
	cmd.AddCommand(benchViewCmds()...)
	return cmd
}

func stepIDs() []string {
	ids := make([]string, len(benchSteps))
	for i, s := range benchSteps {
		ids[i] = s.id
	}
	return ids
}

func chooseSteps(only []string) (map[string]bool, error) {
	if len(only) == 0 {
		only = stepIDs()
	}
	out := map[string]bool{}
	for _, id := range only {
		if _, ok := benchStepByID(id); !ok {
			return nil, usageErrorf("--steps: no step %q; the steps are %s", id, strings.Join(stepIDs(), ", "))
		}
		out[id] = true
	}
	return out, nil
}

// run measures every size, smallest first, and prints the results: a
// table per size as soon as it is done, or JSON at the end.
func (b *bench) run(ctx context.Context, w io.Writer, format string, sizes []int) error {
	sizes = slices.Compact(slices.Sorted(slices.Values(sizes)))
	var results []benchResult
	for i, n := range sizes {
		res, err := b.measureSize(ctx, b.dataset(n))
		if err != nil {
			return err
		}
		if i > 0 {
			compareGrowth(&results[i-1], &res)
		}
		results = append(results, res)
		if format == "table" {
			printBench(w, res)
		}
	}
	switch {
	case format == "json" && len(results) == 1:
		return writeJSON(w, results[0])
	case format == "json":
		return writeJSON(w, results)
	case len(results) > 1:
		printGrowth(w, results)
	}
	return nil
}

func (b *bench) measureSize(ctx context.Context, d dataset) (benchResult, error) {
	res := benchResult{Leads: d.n, Runs: b.runs, Machine: machine()}
	if err := os.MkdirAll(d.dir, 0o755); err != nil {
		return res, fmt.Errorf("bench: %w", err)
	}
	for _, s := range benchSteps {
		if !b.steps[s.id] {
			continue
		}
		runs, floor, err := b.measure(ctx, d, s.id)
		if err != nil {
			return res, fmt.Errorf("bench at %s leads, step %s: %w", d, s.id, err)
		}
		res.Steps = append(res.Steps, newStepResult(s, d.n, runs, floor))
	}
	if err := b.ensureWorkspace(ctx, d); err != nil {
		return res, fmt.Errorf("bench at %s leads: %w", d, err)
	}
	n, err := events(ctx, d)
	res.Events = n
	return res, err
}

// measure times one step and its floor, after making what it needs.
func (b *bench) measure(ctx context.Context, d dataset, id string) (runs, floor []sample, err error) {
	switch id {
	case "gen":
	case "load":
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
func (b *bench) runners(ctx context.Context, d dataset, id string) (run, floor func() (sample, error)) {
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
	case "tune":
		return leadlab("tune", "--db", d.ws(), "--out", d.model()), nil
	case "tui_first_frame":
		return func() (sample, error) { return b.firstFrame(ctx, d) }, nil
	}
	return nil, nil
}

// repeat does --runs timed runs, saying how each went.
func (b *bench) repeat(d dataset, what string, run func() (sample, error)) ([]sample, error) {
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

// say reports progress on stderr.
func (b *bench) say(format string, a ...any) {
	fmt.Fprintf(b.log, "bench: "+format+"\n", a...)
}

func countInt(n int) string { return analysis.Count(int64(n)) }
