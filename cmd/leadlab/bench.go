package main

import (
	"fmt"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/leadlab/leadlab/internal/bench"
)

// newBenchCmd is leadlab bench: flags and output here, the measuring in
// internal/bench.
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
workspace; report data; report funnel; a funnel filter change as the
workbench makes it (tier 1, 2, 3, none, in one process, p50 and p95);
report campaigns; report actions; the first answer
(load, then report actions); tune; one weight
changed, then every lead re-scored and the full cutoff sweep (and the
same as edit_latency: 20 edits per run in one process, given as p50 and
p95); and the workbench from process start to its first frame with the
data on it. Each step runs --runs times and is given as median, min and
max, with the peak memory of its process.

Beside a step, its floor, measured the same way in the same run: for the
load, DuckDB's own CREATE TABLE AS SELECT * FROM read_csv of the same
files; for report actions, a bare GROUP BY lead_id, event count of the
events; for report campaigns, a process that opens the workspace for
one query; for the first answer, a pandas notebook reading the same files
and counting outcomes and actions (run only when a python3 with pandas is
found: LEADLAB_PYTHON, python3 on the PATH, /usr/bin/python3; otherwise
the step says so); for re-score and sweep, sorting as many float64 values
in Go; for edit_latency, one pass over the leads in memory, timed beside each
edit. The re-score and its floor time themselves inside one process,
after the data is read, as the workbench would already have it.

Targets: at a million leads or more, report funnel and report campaigns
within 3 s and 1.5 GiB, a funnel filter change within 0.5 s, load within
1.2× its floor, the first
answer within the notebook's time, report actions and re-score within 3×,
an edit within 3× and 50 ms, first frame within 2 s; at every size, every
process under 4 GiB and, with two or more sizes, no step's median
growing faster than n log n between them.

--format json prints {"leads", "events", "steps": [{"step", "median_s",
"min_s", "max_s", "peak_rss_mb", "floor_s", "ratio", ...}]} (floor_s and
ratio are null for steps without a floor), or an array of them, smallest
first, for several sizes. Extra keys: runs, machine, growth_from; per
step floor_peak_rss_mb, target, met, growth and growth_limit, note (why
part of the step was not measured, when it was not), and for
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
			if err := bench.CheckSteps(only); err != nil {
				return usageErrorf("--steps: %v", err)
			}
			exe, err := os.Executable()
			if err != nil {
				return fmt.Errorf("bench needs its own binary to run the steps: %w", err)
			}
			if dir == "" {
				if dir, err = bench.DefaultDir(); err != nil {
					return err
				}
			}
			w := cmd.OutOrStdout()
			o := bench.Options{Exe: exe, Dir: dir, Seed: seed, Runs: runs, Steps: only, Log: cmd.ErrOrStderr()}
			results, err := bench.Run(cmd.Context(), o, sizes, func(r bench.Result) {
				if format == "table" {
					bench.PrintTable(w, r)
				}
			})
			if err != nil {
				return err
			}
			switch {
			case format == "json" && len(results) == 1:
				return writeJSON(w, results[0])
			case format == "json":
				return writeJSON(w, results)
			case len(results) > 1:
				bench.PrintGrowth(w, results)
			}
			return nil
		},
	}
	cmd.Flags().IntSliceVar(&sizes, "leads", []int{1_000_000}, "leads to generate; several sizes, comma-separated, also compare their growth")
	cmd.Flags().Uint64Var(&seed, "seed", 1, "generator seed")
	cmd.Flags().IntVar(&runs, "runs", 3, "timed runs of each step and floor")
	cmd.Flags().StringVar(&dir, "dir", "", "folder for the generated datasets and workspaces (default: leadlab/bench in your cache folder)")
	cmd.Flags().StringSliceVar(&only, "steps", nil, "only these steps (default all): "+strings.Join(bench.StepIDs(), ","))
	formatFlag(cmd, &format, "table", "output", "table", "json")
	cmd.AddCommand(benchChildCmds()...)
	return cmd
}
