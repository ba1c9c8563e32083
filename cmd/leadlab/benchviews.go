package main

import (
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/leadlab/leadlab/analysis"
	"github.com/leadlab/leadlab/queries"
)

// funnelListed is how many accounts of each stage the workbench's Funnel
// screen lists (tui/funnel's listed), fetched with every funnel it shows.
const funnelListed = 60

// changesPerRun is how many filter changes funnel_filter times for each
// of --runs.
const changesPerRun = 8

// benchViewCmds are the hidden child commands of the funnel_filter step:
// the filter changes the workbench makes, timed in one process.
func benchViewCmds() []*cobra.Command {
	var db string
	var changes int
	funnelFilter := &cobra.Command{
		Use:    "funnel-filter --db FILE --changes N",
		Short:  "Time N funnel filter changes (tier 1, 2, 3, none, …) as the workbench makes them, printing each time",
		Hidden: true,
		Args:   cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			ws, err := openData(ctx, dataFlags{db: db})
			if err != nil {
				return err
			}
			defer ws.Close()
			// The screen's first fill, untimed: the outcomes and, in an
			// older workspace, the view summaries are made once.
			if err := funnelScreen(cmd, ws, queries.FunnelFilter{}); err != nil {
				return err
			}
			for k := range changes {
				f := queries.FunnelFilter{Tier: int64(k%4 + 1)}
				if f.Tier == 4 {
					f.Tier = 0
				}
				start := time.Now()
				if err := funnelScreen(cmd, ws, f); err != nil {
					return err
				}
				fmt.Fprintf(cmd.OutOrStdout(), "%.6f\n", time.Since(start).Seconds())
			}
			return nil
		},
	}
	funnelFilter.Flags().IntVar(&changes, "changes", 24, "timed filter changes")
	funnelFilter.Flags().StringVar(&db, "db", "", "workspace file")
	return []*cobra.Command{funnelFilter}
}

// funnelScreen does what the workbench's Funnel screen does for a filter
// (tui/funnel's query): the funnel, the accounts listed at each stage, and
// the scope when an account filter is set.
func funnelScreen(cmd *cobra.Command, ws *queries.Workspace, f queries.FunnelFilter) error {
	ctx := cmd.Context()
	r, err := analysis.BuildFunnel(ctx, ws, queries.OutcomeOptions{}, f)
	if err != nil {
		return err
	}
	for stage := range r.Stages {
		if _, err := queries.FunnelStageAccounts(ctx, ws, stage, funnelListed); err != nil {
			return err
		}
	}
	if f.AccountFilters() {
		_, err = queries.FunnelScope(ctx, ws)
	}
	return err
}
