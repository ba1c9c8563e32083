package main

import (
	"time"

	"github.com/spf13/cobra"

	"github.com/leadlab/leadlab/analysis"
	"github.com/leadlab/leadlab/queries"
)

// nowFunc is the clock for "in the future" checks; tests pin it.
var nowFunc = time.Now

// outcomeFlags are the outcome settings of docs/outcomes.md.
type outcomeFlags struct {
	window int
	asOf   string
}

func (f *outcomeFlags) register(cmd *cobra.Command) {
	cmd.Flags().IntVar(&f.window, "window", 0, "days after created_at within which a win counts (default: the mean sales cycle; 0: no window)")
	cmd.Flags().StringVar(&f.asOf, "as-of", "", "as-of date, YYYY-MM-DD or YYYY-MM-DD HH:MM:SS (default: the latest timestamp in the data)")
}

func (f *outcomeFlags) options(cmd *cobra.Command) (queries.OutcomeOptions, error) {
	o := queries.OutcomeOptions{WindowSet: cmd.Flags().Changed("window"), WindowDays: f.window}
	if o.WindowSet && (f.window < 0 || f.window > 36500) {
		return o, usageErrorf("--window must be between 0 (no window) and 36500 days, got %d", f.window)
	}
	if f.asOf != "" {
		t, err := parseAsOf(f.asOf)
		if err != nil {
			return o, err
		}
		o.AsOf = t
	}
	return o, nil
}

func parseAsOf(s string) (time.Time, error) {
	for _, layout := range []string{"2006-01-02", "2006-01-02 15:04:05", "2006-01-02T15:04:05", time.RFC3339} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, usageErrorf("--as-of %q is not a date; use YYYY-MM-DD or YYYY-MM-DD HH:MM:SS", s)
}

// openReport checks the output format and the outcome flags, then opens
// the data: the start every report command shares.
func openReport(cmd *cobra.Command, df dataFlags, of *outcomeFlags, format string) (*queries.Workspace, queries.OutcomeOptions, error) {
	if err := checkFormat(cmd, format); err != nil {
		return nil, queries.OutcomeOptions{}, err
	}
	opt, err := of.options(cmd)
	if err != nil {
		return nil, opt, err
	}
	ws, err := openData(cmd.Context(), df)
	return ws, opt, err
}

func newReportCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "report",
		Short: "Print an analysis for scripts and CI (table, json)",
	}
	cmd.AddCommand(newReportDataCmd(), newReportFunnelCmd(), newReportActionsCmd(), newReportCutoffsCmd(),
		newReportAccountsCmd(), newReportCampaignsCmd(), newReportDriftCmd())
	return cmd
}

func newReportDataCmd() *cobra.Command {
	var (
		df     dataFlags
		of     outcomeFlags
		format string
	)
	cmd := &cobra.Command{
		Use:   "data",
		Short: "What is loaded: tables, date ranges, outcome settings, rejects and warnings",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ws, opt, err := openReport(cmd, df, &of, format)
			if err != nil {
				return err
			}
			defer ws.Close()
			rep, err := analysis.BuildDataReport(cmd.Context(), ws, opt, nowFunc())
			if err != nil {
				return err
			}
			return emit(cmd.OutOrStdout(), format, rep, printDataReport, nil)
		},
	}
	df.register(cmd)
	of.register(cmd)
	formatFlag(cmd, &format, "table", "output", "table", "json")
	return cmd
}
