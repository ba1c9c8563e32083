package main

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/leadlab/leadlab/analysis"
	"github.com/leadlab/leadlab/analysis/scoring"
	"github.com/leadlab/leadlab/queries"
)

func newReportFunnelCmd() *cobra.Command {
	var (
		df               dataFlags
		of               outcomeFlags
		f                queries.FunnelFilter
		cohort, from, to string
		format           string
		configPath       string
	)
	cmd := &cobra.Command{
		Use:   "funnel",
		Short: "The six-stage ABM funnel with the KPIs of each stage, and the lead funnel beside it",
		Long: `funnel counts target accounts through six stages — target, engaged,
opportunity, won, retained, expanded — each counting the accounts that also
reached every earlier stage, with the conversion from the previous stage
and the KPIs of each stage. KPIs that need a missing table (spend for costs,
nps for NPS) are listed as unavailable with the reason.

With --config the lead funnel gains its SDR-ready stage: leads → SDR-ready
(scored at each lead's exposure cutoff) → of those, opportunity → won.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			var err error
			if f.CohortFrom, f.CohortTo, err = parseCohort(cohort); err != nil {
				return err
			}
			if f.From, err = parseOptionalDate("--from", from); err != nil {
				return err
			}
			if f.To, err = parseOptionalDate("--to", to); err != nil {
				return err
			}
			if f.Tier < 0 || f.Tier > 3 {
				return usageErrorf("--tier must be 1, 2 or 3, got %d", f.Tier)
			}
			if err := checkFormat(cmd, format); err != nil {
				return err
			}
			var ws *queries.Workspace
			opt, err := of.options(cmd)
			if err != nil {
				return err
			}
			if configPath != "" {
				s, err := openScoring(cmd, df, &of, configPath)
				if err != nil {
					return err
				}
				ws = s.ws
				s.warn(stderrOf(cmd))
				if err := markReady(cmd, s); err != nil {
					ws.Close()
					return err
				}
				f.SDRReady = true
				opt = scoring.OutcomeFor(opt, s.cfg)
			} else if ws, err = openData(cmd.Context(), df); err != nil {
				return err
			}
			defer ws.Close()
			// A date range reads the events, whatever the workspace.
			if f.From.IsZero() && f.To.IsZero() {
				if err := noteOlderWorkspace(cmd, ws); err != nil {
					return err
				}
			}
			rep, err := analysis.BuildFunnel(cmd.Context(), ws, opt, f)
			if err != nil {
				return err
			}
			return emit(cmd.OutOrStdout(), format, rep, printFunnel, writeFunnelCSV)
		},
	}
	df.register(cmd)
	of.register(cmd)
	cmd.Flags().Int64Var(&f.Tier, "tier", 0, "only target accounts of this tier (1-3)")
	cmd.Flags().StringVar(&f.Industry, "industry", "", "only accounts of this industry")
	cmd.Flags().StringVar(&f.Region, "region", "", "only accounts of this region")
	cmd.Flags().StringVar(&cohort, "cohort", "", "only accounts first touched in this month (2025-03) or quarter (2025-Q1)")
	cmd.Flags().StringVar(&from, "from", "", "activity from this date (YYYY-MM-DD)")
	cmd.Flags().StringVar(&to, "to", "", "activity before this date (YYYY-MM-DD)")
	formatFlag(cmd, &format, "table", "output", "table", "json", "csv")
	configFlag(cmd, &configPath)
	return cmd
}

// markReady records the leads SDR-ready at the config's cutoff, scored at
// their exposure cutoffs, for the lead funnel.
func markReady(cmd *cobra.Command, s *scoringSession) error {
	sc := s.data.Score(s.cfg, scoring.History)
	ready := make([]bool, s.data.N())
	for i := range ready {
		ready[i] = sc.Score(i) >= s.cfg.Cutoff
	}
	return queries.MarkReady(cmd.Context(), s.ws, ready)
}

// parseCohort reads --cohort: a month or a quarter, as the half-open
// range it covers.
func parseCohort(s string) (time.Time, time.Time, error) {
	from, to, err := analysis.ParseCohort(s)
	if err != nil {
		return from, to, usageErrorf("--%w", err)
	}
	return from, to, nil
}

func parseOptionalDate(flag, s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		return time.Time{}, fmt.Errorf("%s %q is not a date; use YYYY-MM-DD", flag, s)
	}
	return t, nil
}

// formatKPI writes a KPI as every report does (see analysis.KPI.Text).
func formatKPI(k analysis.KPI) string { return k.Text() }

// percent writes a share as 61.3%, or nothing when there is none.
func percent(v *float64) string {
	if v == nil {
		return ""
	}
	return fmt.Sprintf("%.1f%%", 100**v)
}

func printFunnel(w io.Writer, r analysis.FunnelReport) error {
	fmt.Fprintf(w, "ABM funnel — %s\n\n", r.Scope)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "stage\taccounts\tfrom previous\t")
	for _, s := range r.Stages {
		count := analysis.Count(s.Accounts)
		if s.Unknown != "" {
			count = "n/a"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t\n", s.Label, count, percent(s.Conversion))
	}
	tw.Flush()
	for _, s := range r.Stages {
		fmt.Fprintf(w, "\n%s\n", s.Label)
		tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		for _, k := range s.KPIs {
			fmt.Fprintf(tw, "  %s\t%s\n", k.Label, formatKPI(k))
		}
		tw.Flush()
	}
	fmt.Fprintln(w, "\nLead funnel (under the outcome rules)")
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, s := range r.LeadFunnel {
		fmt.Fprintf(tw, "  %s\t%s\t%s\n", s.Stage, analysis.Count(s.Leads), percent(s.Conversion))
	}
	tw.Flush()
	for _, u := range r.Unavailable {
		fmt.Fprintf(w, "  unavailable: %s — %s\n", u.KPI, u.Reason)
	}
	for _, n := range r.Notes {
		fmt.Fprintf(w, "  note: %s\n", n)
	}
	return nil
}

// writeFunnelCSV writes one row per KPI, stage figures repeated, so a
// spreadsheet can pivot it.
func writeFunnelCSV(w io.Writer, r analysis.FunnelReport) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"stage", "accounts", "conversion", "kpi", "value"})
	num := func(v *float64) string {
		if v == nil {
			return ""
		}
		return strconv.FormatFloat(*v, 'g', -1, 64)
	}
	for _, s := range r.Stages {
		for _, k := range s.KPIs {
			accounts := strconv.FormatInt(s.Accounts, 10)
			if s.Unknown != "" {
				accounts = ""
			}
			cw.Write([]string{s.Stage, accounts, num(s.Conversion), k.Key, num(k.Value)})
		}
	}
	cw.Flush()
	return cw.Error()
}
