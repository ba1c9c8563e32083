package main

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/leadlab/leadlab/analysis/scoring"
	"github.com/leadlab/leadlab/internal/numfmt"
)

func newReportCutoffsCmd() *cobra.Command {
	var (
		df         dataFlags
		of         outcomeFlags
		configPath string
		target     string
		format     string
	)
	cmd := &cobra.Command{
		Use:   "cutoffs --config FILE [--target 0.10-0.15]",
		Short: "Sweep the SDR-ready cutoff: close rate, recall, workload and guard rails at every score",
		Long: `cutoffs scores every settled lead as of its exposure cutoff and, for every
distinct score (a grid of 1,000 when there are more than 2,000), gives the
SDR-ready leads and their share, won and close rate with its Wilson
interval, recall, ready leads a day against SDR capacity, the share of all
leads ready on fit alone, the share of ready leads with bad fit and low
pain, and the median days from first touch to the cutoff. It recommends
the lowest cutoff whose close rate lies in the target range that capacity
allows (or the nearest, saying why), and at the config's cutoff shows the
qualification matrix, close rate by velocity band and the lead funnel.

Exit status: 0; 4 when the settled leads (or accounts) have no wins, or
no losses (no cutoff to tune: the reason is printed on stderr); 1 on any
error.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := checkFormat(cmd, format); err != nil {
				return err
			}
			s, err := openScoring(cmd, df, &of, configPath)
			if err != nil {
				return err
			}
			defer s.Close()
			s.warn(stderrOf(cmd))
			if cmd.Flags().Changed("target") {
				if s.cfg.Target, err = parseTarget(target); err != nil {
					return err
				}
			}
			rep := s.data.Cutoffs(s.cfg, s.data.Score(s.cfg, scoring.History))
			if err := noContrast(rep.Leads, rep.Won, rep.Unit); err != nil {
				return err
			}
			return emit(cmd.OutOrStdout(), format, rep, printCutoffs, writeCutoffsCSV)
		},
	}
	df.register(cmd)
	of.register(cmd)
	configFlag(cmd, &configPath)
	cmd.Flags().StringVar(&target, "target", "", "target close-rate range, LOW-HIGH as shares (0.10-0.15) or percentages (10-15); default: the config's")
	formatFlag(cmd, &format, "table", "output (csv: the sweep rows)", "table", "json", "csv")
	return cmd
}

// parseTarget reads "0.10-0.15" or "10-15" (percentages when above 1).
func parseTarget(s string) (scoring.Range, error) {
	lo, hi, ok := strings.Cut(strings.TrimSpace(s), "-")
	bad := usageErrorf("--target %q: want LOW-HIGH, e.g. 0.10-0.15 or 10-15", s)
	if !ok {
		return scoring.Range{}, bad
	}
	l, err1 := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(lo), "%"), 64)
	h, err2 := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(hi), "%"), 64)
	if err1 != nil || err2 != nil {
		return scoring.Range{}, bad
	}
	if l > 1 || h > 1 {
		l, h = l/100, h/100
	}
	switch {
	case !(l >= 0 && h <= 1):
		return scoring.Range{}, usageErrorf("--target %q: close rates lie between 0 and 1 (0%% and 100%%)", s)
	case l > h:
		return scoring.Range{}, usageErrorf("--target %q: the range is reversed; put the low rate first", s)
	}
	return scoring.Range{Low: l, High: h}, nil
}

func pct(v float64) string { return fmt.Sprintf("%.1f%%", 100*v) }

// optPct is pct of a share that may be unknown ("n/a").
func optPct(v *float64) string {
	if v == nil {
		return "n/a"
	}
	return pct(*v)
}

func optNum(p *float64, format string) string {
	if p == nil {
		return "—"
	}
	return fmt.Sprintf(format, *p)
}

func printCutoffs(w io.Writer, r scoring.CutoffReport) error {
	fmt.Fprintf(w, "SDR-ready cutoff sweep — %s settled %ss, %s won; target close rate %s–%s\n",
		numfmt.Count(r.Leads), r.Unit, numfmt.Count(r.Won), pct(r.Target.Low), pct(r.Target.High))
	if r.Unit == "account" {
		fmt.Fprintln(w, "Outcome unit account: each account scored by rolling up its settled leads' scores; ready and share count accounts")
	}
	if r.Capacity > 0 {
		fmt.Fprintf(w, "SDR capacity: %.1f ready leads a day (followed up within 48 hours)\n", r.Capacity)
	}
	if r.Unit == "lead" {
		// Which ready this is (scoring/ready.go), as the Cutoff screen says it.
		fmt.Fprintln(w, "Ready: settled leads that reached the cutoff before their outcome (first opportunity or window end); "+
			"report funnel --config also counts maturing leads, and score --now gives the leads ready today.")
	}
	rec := r.Recommended
	fmt.Fprintln(w)
	if rec.Cutoff != nil {
		fmt.Fprintf(w, "Recommended cutoff: %s — close rate %s [%s, %s], recall %s, %s of %ss\n  %s\n",
			numfmt.Points(*rec.Cutoff), pct(rec.CloseRate), pct(rec.CILow), pct(rec.CIHigh), pct(rec.Recall), pct(rec.Share), r.Unit, rec.Reason)
	} else {
		fmt.Fprintf(w, "No cutoff to recommend: %s\n", rec.Reason)
	}
	if c := r.AtCutoff; c != nil {
		fmt.Fprintf(w, "Config's cutoff %s: close rate %s [%s, %s], recall %s, %s of %ss, %s ready a day\n",
			numfmt.Points(r.Cutoff), pct(c.CloseRate), pct(c.CILow), pct(c.CIHigh), pct(c.Recall), pct(c.Share), r.Unit, optNum(c.PerDay, "%.1f"))
	}
	for _, m := range r.Warnings {
		fmt.Fprintf(w, "  warning: %s\n", m)
	}
	fmt.Fprintln(w)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "cutoff\tready\tshare\twon\tclose rate\t95% interval\trecall\tper day\tfit only\tbad fit, low pain\tmedian days\t")
	for _, row := range r.Rows {
		mark := ""
		if rec.Cutoff != nil && row.Cutoff == *rec.Cutoff {
			mark = " ←"
		}
		fmt.Fprintf(tw, "%s%s\t%s\t%s\t%s\t%s\t[%s, %s]\t%s\t%s\t%s\t%s\t%s\t\n", numfmt.Points(row.Cutoff), mark,
			numfmt.Count(row.Leads), pct(row.Share), numfmt.Count(row.Won), pct(row.CloseRate), pct(row.CILow), pct(row.CIHigh),
			pct(row.Recall), optNum(row.PerDay, "%.1f"), pct(row.FitOnlyShare), optPct(row.BadFitLowPainShare), optNum(row.MedianDays, "%.1f"))
	}
	tw.Flush()

	fmt.Fprintf(w, "\nQualification of leads at cutoff %s (good fit: fit ≥ %s; high pain: pain ≥ %s)\n",
		numfmt.Points(r.LeadCutoff), numfmt.Points(r.Matrix.GoodFit), numfmt.Points(r.Matrix.HighPain))
	if r.Matrix.Note != "" {
		fmt.Fprintf(w, "  not computed: %s\n", r.Matrix.Note)
	}
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	if len(r.Matrix.Cells) > 0 {
		fmt.Fprintln(tw, "fit\tpain\toutcome\tleads\tclose rate\tready\tready close rate\t")
	}
	for _, c := range r.Matrix.Cells {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t\n", c.Fit, c.Pain, c.Outcome, numfmt.Count(c.All.Leads), numfmt.Pct(c.All.CloseRate, 1),
			numfmt.Count(c.Ready.Leads), numfmt.Pct(c.Ready.CloseRate, 1))
	}
	tw.Flush()
	if len(r.Velocity) > 0 {
		fmt.Fprintln(w, "\nClose rate of ready leads by velocity (score over the days from first touch to reaching it)")
		tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintln(tw, "band\tfrom\tto\tleads\tclose rate\t95% interval\t")
		for _, v := range r.Velocity {
			fmt.Fprintf(tw, "%s\t%.2f\t%s\t%s\t%s\t[%s, %s]\t\n", v.Band, v.Lo, upper(v.Hi), numfmt.Count(v.Leads), numfmt.Pct(v.CloseRate, 1), numfmt.Pct(v.CILow, 1), numfmt.Pct(v.CIHigh, 1))
		}
		tw.Flush()
	}
	fmt.Fprintln(w, "\nLead funnel (settled leads; each stage within the one before)")
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, s := range r.LeadFunnel {
		fmt.Fprintf(tw, "  %s\t%s\t%s\n", s.Stage, numfmt.Count(s.Leads), percent(s.Conversion))
	}
	return tw.Flush()
}

func upper(v *float64) string {
	if v == nil {
		return "∞"
	}
	return fmt.Sprintf("%.2f", *v)
}

func writeCutoffsCSV(w io.Writer, r scoring.CutoffReport) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"cutoff", "leads", "share", "won", "close_rate", "ci_low", "ci_high", "recall", "per_day",
		"fit_only_share", "bad_fit_low_pain_share", "median_days"})
	num := func(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
	opt := func(p *float64) string {
		if p == nil {
			return ""
		}
		return num(*p)
	}
	for _, x := range r.Rows {
		cw.Write([]string{num(x.Cutoff), strconv.FormatInt(x.Leads, 10), num(x.Share), strconv.FormatInt(x.Won, 10),
			num(x.CloseRate), num(x.CILow), num(x.CIHigh), num(x.Recall), opt(x.PerDay), num(x.FitOnlyShare),
			opt(x.BadFitLowPainShare), opt(x.MedianDays)})
	}
	cw.Flush()
	return cw.Error()
}
