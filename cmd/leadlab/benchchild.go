package main

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/spf13/cobra"

	"github.com/leadlab/leadlab/analysis/scoring"
	"github.com/leadlab/leadlab/queries"
)

// benchChildCmds are the hidden commands bench runs as child processes
// for what no user command does: the floors, and the re-score an edit in
// the workbench triggers.
func benchChildCmds() []*cobra.Command {
	var db, config string
	var n, runs int
	floorLoad := &cobra.Command{
		Use:    "floor-load --db FILE DIR",
		Short:  "DuckDB's own ingest of a folder's files: the floor of load",
		Hidden: true,
		Args:   cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			plan, _, err := queries.PlanDir(args[0])
			if err != nil {
				return err
			}
			ws, err := queries.Open(cmd.Context(), db)
			if err != nil {
				return err
			}
			defer ws.Close()
			return queries.FloorLoad(cmd.Context(), ws, plan)
		},
	}
	floorActions := &cobra.Command{
		Use:    "floor-actions --db FILE",
		Short:  "A bare count of events by lead and name: the floor of report actions",
		Hidden: true,
		Args:   cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ws, err := openData(cmd.Context(), dataFlags{db: db})
			if err != nil {
				return err
			}
			defer ws.Close()
			return queries.FloorActions(cmd.Context(), ws)
		},
	}
	floorSort := &cobra.Command{
		Use:    "floor-sort --n N --runs R",
		Short:  "Sort N random float64 values R times, printing each time: the floor of re-score and sweep",
		Hidden: true,
		Args:   cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			r := rand.New(rand.NewPCG(1, 2))
			src := make([]float64, n)
			for i := range src {
				src[i] = r.Float64()
			}
			buf := make([]float64, n)
			for range runs {
				copy(buf, src)
				start := time.Now()
				slices.Sort(buf)
				fmt.Fprintf(cmd.OutOrStdout(), "%.6f\n", time.Since(start).Seconds())
			}
			return nil
		},
	}
	rescore := &cobra.Command{
		Use:    "rescore --db FILE --config FILE --runs R",
		Short:  "Change one weight, re-score every lead and sweep every cutoff, R times, printing each time",
		Hidden: true,
		Args:   cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			d, cfg, err := editData(cmd, db, config)
			if err != nil {
				return err
			}
			// What the workbench does on an edit, as BenchmarkRescoreSweep
			// in analysis measures it: one weight nudged up or down, every
			// lead scored again, every cutoff swept.
			for k := range runs {
				cfg.Pain[0].Points += float64(k%2*2 - 1)
				start := time.Now()
				s := d.Score(cfg, scoring.History)
				_ = d.Sweep(cfg, s)
				fmt.Fprintf(cmd.OutOrStdout(), "%.6f\n", time.Since(start).Seconds())
			}
			return nil
		},
	}
	var edits int
	editLatency := &cobra.Command{
		Use:    "edit-latency --db FILE --config FILE --edits N",
		Short:  "Time N edits (one weight changed, every lead re-scored, every cutoff swept), each beside one pass over the leads, printing both times",
		Hidden: true,
		Args:   cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			d, cfg, err := editData(cmd, db, config)
			if err != nil {
				return err
			}
			var sum float64
			for k := range edits {
				cfg.Pain[0].Points += float64(k%2*2 - 1)
				start := time.Now()
				s := d.Score(cfg, scoring.History)
				_ = d.Sweep(cfg, s)
				edit := time.Since(start).Seconds()
				start = time.Now()
				sum += d.PassFloor(cfg)
				fmt.Fprintf(cmd.OutOrStdout(), "%.6f %.6f\n", edit, time.Since(start).Seconds())
			}
			if math.IsNaN(sum) {
				return fmt.Errorf("the floor's scores add up to NaN")
			}
			return nil
		},
	}
	editLatency.Flags().IntVar(&edits, "edits", 60, "timed edits")
	for _, c := range []*cobra.Command{floorLoad, floorActions, rescore, editLatency} {
		c.Flags().StringVar(&db, "db", "", "workspace file")
	}
	for _, c := range []*cobra.Command{rescore, editLatency} {
		c.Flags().StringVar(&config, "config", "", "scoring config whose first rule is changed")
	}
	floorSort.Flags().IntVar(&n, "n", 1_000_000, "values to sort")
	for _, c := range []*cobra.Command{floorSort, rescore} {
		c.Flags().IntVar(&runs, "runs", 3, "timed runs")
	}
	return []*cobra.Command{floorLoad, floorActions, floorSort, rescore, editLatency}
}

// editData reads the workspace for scoring under the config, as the
// workbench has it before an edit; the config's first pain rule is the
// weight an edit changes.
func editData(cmd *cobra.Command, db, config string) (*scoring.Data, scoring.Config, error) {
	ctx := cmd.Context()
	cfg, err := scoring.LoadConfig(config)
	if err != nil {
		return nil, cfg, err
	}
	ws, err := openData(ctx, dataFlags{db: db})
	if err != nil {
		return nil, cfg, err
	}
	defer ws.Close()
	if len(cfg.Pain) == 0 {
		// Tuning finds nothing on a small dataset; a rule on the
		// commonest event still makes every lead's score move.
		if cfg.Pain, err = commonestEventRule(cmd, ws); err != nil {
			return nil, cfg, err
		}
	}
	d, err := scoring.LoadData(ctx, ws, queries.OutcomeOptions{})
	if err != nil {
		return nil, cfg, err
	}
	if _, err := d.Prepare(ctx, cfg); err != nil {
		return nil, cfg, err
	}
	return d, cfg, nil
}

func commonestEventRule(cmd *cobra.Command, ws *queries.Workspace) ([]scoring.Rule, error) {
	counts, err := queries.EventLeadCounts(cmd.Context(), ws)
	if err != nil {
		return nil, err
	}
	best := ""
	for name, n := range counts {
		if best == "" || n > counts[best] || (n == counts[best] && name < best) {
			best = name
		}
	}
	if best == "" {
		return nil, fmt.Errorf("the workspace has no events to score")
	}
	return []scoring.Rule{{Factor: "event:" + best, Points: 10}}, nil
}
