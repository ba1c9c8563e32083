package main

import (
	"github.com/spf13/cobra"

	"github.com/leadlab/leadlab/internal/bench"
)

// benchViewCmds are the hidden child commands of the funnel_filter step:
// the filter changes the workbench makes, timed in one process
// (internal/bench does the work).
func benchViewCmds() []*cobra.Command {
	var db string
	var changes int
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
	funnelFilter.Flags().StringVar(&db, "db", "", "workspace file")
	return []*cobra.Command{funnelFilter}
}
