package main

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/leadlab/leadlab/analysis"
	"github.com/leadlab/leadlab/internal/numfmt"
)

func newReportActionsCmd() *cobra.Command {
	var (
		df     dataFlags
		of     outcomeFlags
		kind   string
		format string
	)
	cmd := &cobra.Command{
		Use:   "actions",
		Short: "Which actions and attributes go with deals closing: lift, interval, odds ratio, q-value, suggested points",
		Long: `actions compares, for every event, attribute value and band, the close rate
of settled leads who have it against those who do not: lift in
percentage points with its 95% interval (Newcombe), odds ratio (+1 prior),
phi, Fisher's exact p-value (chi-square beyond ten million leads), the
Benjamini–Hochberg q-value over all factors, suggested points (the
rounded lift when it is at least 5 points, q < 0.05 and the factor is not
vanity) and adjusted points (the factor's own effect in one penalised
logistic model of all factors, as tune scores it). Only events before each lead's exposure cutoff count; maturing
leads are left out. Flags: rare, vanity, skewed.

Exit status: 0; 4 when the settled leads have no wins, or no losses
(nothing to correlate: the reason is printed on stderr); 1 on any error.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if kind != "" && kind != "fit" && kind != "pain" {
				return usageErrorf("--kind must be fit or pain, got %q", kind)
			}
			ws, opt, err := openReport(cmd, df, &of, format)
			if err != nil {
				return err
			}
			defer ws.Close()
			rep, err := analysis.BuildActions(cmd.Context(), ws, opt)
			if err != nil {
				return err
			}
			if err := noContrast(rep.Leads, rep.Won, "lead"); err != nil {
				return err
			}
			if kind != "" {
				kept := rep.Factors[:0]
				for _, f := range rep.Factors {
					if f.Kind == kind {
						kept = append(kept, f)
					}
				}
				rep.Factors = kept
				dropped := rep.Dropped[:0]
				for _, f := range rep.Dropped {
					if f.Kind == kind {
						dropped = append(dropped, f)
					}
				}
				rep.Dropped = dropped
			}
			return emit(cmd.OutOrStdout(), format, rep, printActions, writeActionsCSV)
		},
	}
	df.register(cmd)
	of.register(cmd)
	cmd.Flags().StringVar(&kind, "kind", "", "only fit (attributes) or pain (events) factors")
	formatFlag(cmd, &format, "table", "output", "table", "json", "csv")
	return cmd
}

func printActions(w io.Writer, r analysis.ActionsReport) error {
	window := "no window"
	if r.WindowDays > 0 {
		window = fmt.Sprintf("window %d days", r.WindowDays)
	}
	fmt.Fprintf(w, "Actions and attributes against closing — %s settled leads, %s won (%.2f%%), %s\n",
		analysis.Count(r.Leads), analysis.Count(r.Won), 100*r.BaseRate, window)
	fmt.Fprintf(w, "Smallest lift these leads can show with 80%% power (factor in half of them): %.1f points\n\n", r.MinLiftPP)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	if len(r.Factors) > 0 {
		fmt.Fprintln(tw, "factor\tkind\tleads with\trate with\twithout\tlift pp\t95% interval\todds ratio\tq\tpoints\tadjusted\tflags\t")
	} else {
		fmt.Fprintln(w, "No factor to show: see the notes below.")
	}
	for _, f := range r.Factors {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%.1f%%\t%.1f%%\t%+.1f\t[%+.1f, %+.1f]\t%.2f\t%s\t%d\t%d\t%s\t\n",
			f.Factor, f.Kind, analysis.Count(f.LeadsWith), 100*f.RateWith, 100*f.RateWithout, f.LiftPP,
			f.LiftCILow, f.LiftCIHigh, f.OddsRatio, formatQ(f.QValue), f.SuggestedPoints, f.AdjustedPoints, strings.Join(f.Flags, ","))
	}
	tw.Flush()
	if r.Model.AUC != nil {
		fmt.Fprintf(w, "\nAdjusted model — logistic regression (L2, λ=%g by cross-validation) of %d candidate factors keeps %d; AUC %.3f in sample\n",
			r.Model.Lambda, r.Model.Candidates, len(r.Model.Factors), *r.Model.AUC)
		tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintln(tw, "factor\tcoef\tse\tadjusted odds ratio\tadjusted points\t")
		for _, m := range r.Model.Factors {
			fmt.Fprintf(tw, "%s\t%+.3f\t%.3f\t%.2f\t%d\t\n", m.Factor, m.Coef, m.SE, m.OddsRatio, m.Points)
		}
		tw.Flush()
	}
	if len(r.Touches.Channels) > 0 {
		g := r.Touches.Regular
		fmt.Fprintf(w, "\nPatterns over first and last touch — regular engagement (events in 3+ distinct weeks): %s of won leads, %s of the rest;\n", numfmt.Pct(g.WonShare, 1), numfmt.Pct(g.NotWonShare, 1))
		lift := "no lift: one of the groups has no leads"
		if g.LiftPP != nil {
			lift = fmt.Sprintf("%+.1f points [%+.1f, %+.1f]", *g.LiftPP, *g.LiftCILow, *g.LiftCIHigh)
		}
		fmt.Fprintf(w, "close rate %s if regular, %s if not: %s\n", numfmt.Pct(g.RateRegular, 1), numfmt.Pct(g.RateOthers, 1), lift)
		if g.Caveat != "" {
			fmt.Fprintf(w, "  caveat: %s\n", g.Caveat)
		}
		tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintln(tw, "channel\tfirst touch: won\tnot won\tlast touch: won\tnot won\t")
		for _, c := range r.Touches.Channels {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t\n", c.Channel, numfmt.Pct(c.FirstWon, 1), numfmt.Pct(c.FirstNotWon, 1), numfmt.Pct(c.LastWon, 1), numfmt.Pct(c.LastNotWon, 1))
		}
		tw.Flush()
	}
	if r.Model.Note != "" {
		fmt.Fprintf(w, "  model: %s\n", r.Model.Note)
	}
	for _, n := range r.Notes {
		fmt.Fprintf(w, "  note: %s\n", n)
	}
	return nil
}

func formatQ(q float64) string {
	if q < 0.0001 {
		return "<0.0001"
	}
	return strconv.FormatFloat(q, 'f', 4, 64)
}

func writeActionsCSV(w io.Writer, r analysis.ActionsReport) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"factor", "kind", "leads_with", "won_with", "leads_without", "won_without", "rate_with", "rate_without",
		"lift_pp", "lift_ci_low", "lift_ci_high", "odds_ratio", "phi", "p_value", "q_value", "suggested_points", "flags", "compared_among", "adjusted_points"})
	g := func(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
	i := func(v int64) string { return strconv.FormatInt(v, 10) }
	for _, f := range r.Factors {
		cw.Write([]string{f.Factor, f.Kind, i(f.LeadsWith), i(f.WonWith), i(f.LeadsWithout), i(f.WonWithout),
			g(f.RateWith), g(f.RateWithout), g(f.LiftPP), g(f.LiftCILow), g(f.LiftCIHigh), g(f.OddsRatio), g(f.Phi),
			g(f.PValue), g(f.QValue), strconv.Itoa(f.SuggestedPoints), strings.Join(f.Flags, ";"), f.ComparedAmong, strconv.Itoa(f.AdjustedPoints)})
	}
	cw.Flush()
	return cw.Error()
}
