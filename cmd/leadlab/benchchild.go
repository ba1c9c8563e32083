package main

import (
	"github.com/spf13/cobra"

	"github.com/leadlab/leadlab/analysis/scoring"
	"github.com/leadlab/leadlab/internal/bench"
	"github.com/leadlab/leadlab/queries"
	"github.com/leadlab/leadlab/queries/load"
)

// benchChildCmds are the hidden commands bench runs as child processes
// for what no user command does: the floors, and the re-score an edit in
// the workbench triggers, and the funnel filter changes it makes
// (internal/bench does the work).
func benchChildCmds() []*cobra.Command {
	var db, config string
	var n, runs, edits, changes int
	floorLoad := &cobra.Command{
		Use:    "floor-load --db FILE DIR",
		Short:  "DuckDB's own ingest of a folder's files: the floor of load",
		Hidden: true,
		Args:   cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			plan, _, err := load.PlanDir(args[0])
			if err != nil {
				return err
			}
			ws, err := queries.Open(cmd.Context(), db)
			if err != nil {
				return err
			}
			defer ws.Close()
			return load.FloorLoad(cmd.Context(), ws, plan)
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
			bench.FloorSort(cmd.OutOrStdout(), n, runs)
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
			bench.Rescore(cmd.OutOrStdout(), d, cfg, runs)
			return nil
		},
	}
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
			return bench.EditLatency(cmd.OutOrStdout(), d, cfg, edits)
		},
	}
	funnelFilter := &cobra.Command{
		Use:    "funnel-filter --db FILE --changes N",
		Short:  "Time N funnel filter changes (tier 1, 2, 3, none, …) as the workbench makes them, printing each time",
		Hidden: true,
		Args:   cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ws, err := openData(cmd.Context(), dataFlags{db: db})
			if err != nil {
				return err
			}
			defer ws.Close()
			return bench.FunnelFilter(cmd.Context(), cmd.OutOrStdout(), ws, changes)
		},
	}
	funnelFilter.Flags().IntVar(&changes, "changes", 24, "timed filter changes")
	editLatency.Flags().IntVar(&edits, "edits", 60, "timed edits")
	for _, c := range []*cobra.Command{floorLoad, floorActions, rescore, editLatency, funnelFilter} {
		c.Flags().StringVar(&db, "db", "", "workspace file")
	}
	for _, c := range []*cobra.Command{rescore, editLatency} {
		c.Flags().StringVar(&config, "config", "", "scoring config whose first rule is changed")
	}
	floorSort.Flags().IntVar(&n, "n", 1_000_000, "values to sort")
	for _, c := range []*cobra.Command{floorSort, rescore} {
		c.Flags().IntVar(&runs, "runs", 3, "timed runs")
	}
	return []*cobra.Command{floorLoad, floorActions, floorSort, rescore, editLatency, funnelFilter}
}

// editData opens the workspace and reads it as the workbench has it
// before an edit.
func editData(cmd *cobra.Command, db, config string) (*scoring.Data, scoring.Config, error) {
	ws, err := openData(cmd.Context(), dataFlags{db: db})
	if err != nil {
		return nil, scoring.Config{}, err
	}
	defer ws.Close()
	return bench.EditData(cmd.Context(), ws, config)
}
