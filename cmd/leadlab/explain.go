package main

import (
	"fmt"
	"io"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/leadlab/leadlab/analysis/scoring"
	"github.com/leadlab/leadlab/internal/numfmt"
)

func newExplainCmd() *cobra.Command {
	var (
		df         dataFlags
		of         outcomeFlags
		configPath string
		format     string
		now        bool
	)
	cmd := &cobra.Command{
		Use:   "explain --config FILE LEAD_ID",
		Short: "Show the contributions behind one lead's score, rule by rule, and its timeline",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkFormat(cmd, format); err != nil {
				return err
			}
			s, err := openScoring(cmd, df, &of, configPath)
			if err != nil {
				return err
			}
			defer s.Close()
			s.warn(stderrOf(cmd))
			i, ok := s.data.Index(args[0])
			if !ok {
				return fmt.Errorf("no lead %q in the data", args[0])
			}
			mode := scoring.History
			if now {
				mode = scoring.Now
			}
			e := s.data.Explain(s.cfg, s.data.Score(s.cfg, mode), i)
			return emit(cmd.OutOrStdout(), format, e, printExplanation, nil)
		},
	}
	df.register(cmd)
	of.register(cmd)
	configFlag(cmd, &configPath)
	formatFlag(cmd, &format, "table", "output", "table", "json")
	cmd.Flags().BoolVar(&now, "now", false, "score as of the data's as-of date instead of the lead's exposure cutoff")
	return cmd
}

func printExplanation(w io.Writer, e scoring.Explanation) error {
	ready := "not SDR-ready"
	if e.Ready {
		ready = "SDR-ready"
	}
	fmt.Fprintf(w, "Lead %s", e.LeadID)
	if e.AccountID != nil {
		fmt.Fprintf(w, " (account %s)", *e.AccountID)
	}
	fmt.Fprintf(w, ": score %s = fit %s + pain %s", numfmt.Points(e.Score), numfmt.Points(e.Fit), numfmt.Points(e.Pain))
	if e.Band != nil {
		fmt.Fprintf(w, ", band %s", *e.Band)
	}
	fmt.Fprintf(w, ", %s at cutoff %s\n", ready, numfmt.Points(e.Cutoff))
	as := "as of its exposure cutoff"
	if e.Mode == "now" {
		as = "as of the data's as-of date"
	}
	if e.At != nil {
		fmt.Fprintf(w, "Scored %s, %s; outcome: %s", as, e.At.Format("2006-01-02 15:04"), e.Outcome)
	} else {
		fmt.Fprintf(w, "Scored with no date (the data has no timestamps, so no event counts); outcome: %s", e.Outcome)
	}
	if e.Reached != nil {
		fmt.Fprintf(w, "; reached the cutoff %s", e.Reached.Format("2006-01-02 15:04"))
		if e.Created != nil {
			fmt.Fprintf(w, ", %.1f days after first touch", e.Reached.Sub(*e.Created).Hours()/24)
		}
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "rule\tkind\tpoints\tcount\tcounted\tcontribution\t")
	for _, c := range e.Rules {
		counted := numfmt.Points(c.Weight)
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%s\t%s\t%s\n", c.Factor, c.Kind, numfmt.Points(c.Points), c.Count, counted, numfmt.Points(c.Total), c.Note)
	}
	tw.Flush()
	if len(e.Timeline) > 0 {
		fmt.Fprintln(w, "\nTimeline (rule events before the scoring time, score after each)")
		tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		for _, st := range e.Timeline {
			fmt.Fprintf(tw, "  %s\t%s\t%s\n", st.At.Format(time.DateTime), st.Event, numfmt.Points(st.Score))
		}
		tw.Flush()
	}
	return nil
}
