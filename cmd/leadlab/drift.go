package main

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/leadlab/leadlab/analysis"
	"github.com/leadlab/leadlab/analysis/scoring"
	"github.com/leadlab/leadlab/internal/numfmt"
)

func newReportDriftCmd() *cobra.Command {
	var (
		df         dataFlags
		of         outcomeFlags
		configPath string
		minLift    float64
		format     string
	)
	cmd := &cobra.Command{
		Use:   "drift --config MODEL [--format table|json]",
		Short: "Judge an exported model on newer data: leads since its as-of date, population stability, effects now, a verdict",
		Long: `drift compares a model, as its config's metadata records it (as-of date,
tuning and holdout close rate, score bins and rule prevalences at export),
with the data now loaded:

  - the leads created since the model's as-of date, by month: how many,
    the share SDR-ready at the model's cutoff, and over the settled ones
    the close rate at the cutoff with its Wilson interval;
  - population stability (PSI) of the score, of each rule's prevalence
    and of the lead source mix: below 0.1 stable, 0.1-0.25 moving, above
    0.25 shifted;
  - each rule's lift on the settled leads since the as-of date against
    before it, flagging faded and reversed rules, and behaviours and
    profile values no rule names that now carry points;
  - whether the data is the one the model was tuned on, data that
    extends it with newer leads, or other data (its fingerprints);
  - a verdict: holds, drifting or retune, with the reasons that decide it
    and what to do.

Leads are counted under the model's window (metadata.window_days) unless
--window says otherwise. See the README's Drift section.

Exit status: 0 whatever the verdict; 1 on any error (a config with no
recorded as-of date among them).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := checkFormat(cmd, format); err != nil {
				return err
			}
			if configPath == "" {
				return usageErrorf("--config is required: the exported model (leadlab export or tune --out writes one)")
			}
			cfg, err := scoring.LoadConfig(configPath)
			if err != nil {
				return err
			}
			opt, err := of.options(cmd)
			if err != nil {
				return err
			}
			ws, err := openData(cmd.Context(), df)
			if err != nil {
				return err
			}
			defer ws.Close()
			dd, err := analysis.LoadDrift(cmd.Context(), ws, opt, cfg, minLift)
			if err != nil {
				return err
			}
			warnings, err := dd.Data.Prepare(cmd.Context(), cfg)
			if err != nil {
				dd.Close()
				return fmt.Errorf("config %s does not fit this data:\n%w", configPath, err)
			}
			(&scoringSession{warnings: warnings}).warn(stderrOf(cmd))
			rep, err := analysis.Drift(cmd.Context(), ws, dd, cfg)
			if err != nil {
				return err
			}
			return emit(cmd.OutOrStdout(), format, rep, printDrift, nil)
		},
	}
	df.register(cmd)
	of.register(cmd)
	configFlag(cmd, &configPath)
	cmd.Flags().Float64Var(&minLift, "min-lift", 5, "points a behaviour no rule names must now be worth to be listed (tune's --min-lift)")
	formatFlag(cmd, &format, "table", "output", "table", "json")
	return cmd
}

func printDrift(w io.Writer, r analysis.DriftReport) error {
	m := r.Model
	fmt.Fprintf(w, "Drift of the model as of %s (cutoff %s, target %s–%s, window %d days), on the data as of %s\n",
		analysis.DayText(m.AsOf), numfmt.Points(m.Cutoff), pct(m.Target.Low), pct(m.Target.High), m.WindowDays, analysis.DayText(deref(r.AsOf)))
	fmt.Fprintf(w, "Data: %s\n", m.DataWords)
	if r.Since.Leads == 0 {
		fmt.Fprintln(w, "No lead was created since the model's as-of date: nothing can have drifted yet.")
	}
	fmt.Fprintf(w, "\nVerdict: %s\n", strings.ToUpper(r.Verdict))
	for _, s := range r.Reasons {
		fmt.Fprintf(w, "  because %s\n", s)
	}
	for _, s := range r.Advice {
		fmt.Fprintf(w, "  → %s\n", s)
	}

	fmt.Fprintf(w, "\nLeads since %s, by month (ready: reached the cutoff before their outcome; close rate over the settled ones)\n", analysis.DayText(m.AsOf))
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "month\tleads\tready\tshare\tsettled\tready settled\tready won\tclose rate\t95% interval\t")
	for _, x := range append(append([]analysis.DriftMonth(nil), r.Months...), r.Since) {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t\n", x.Month, numfmt.Count(x.Leads), numfmt.Count(x.Ready), optPct(x.Share),
			numfmt.Count(x.Settled), numfmt.Count(x.ReadySettled), numfmt.Count(x.ReadyWon), optPct(x.CloseRate), analysis.RateInterval(x.CILow, x.CIHigh))
	}
	tw.Flush()
	for _, rec := range []struct {
		name string
		m    *scoring.Measured
	}{{"tuning", m.Tuning}, {"holdout", m.Holdout}} {
		if rec.m != nil && rec.m.Ready > 0 {
			fmt.Fprintf(w, "  recorded %s: close rate %s [%s, %s], share ready %s (%s)\n", rec.name, pct(rec.m.CloseRate),
				pct(rec.m.CILow), pct(rec.m.CIHigh), pct(rec.m.Share), rec.m.Split)
		}
	}
	if c := r.CutoffNow; c != nil {
		if c.Cutoff != nil {
			fmt.Fprintf(w, "  on the settled leads since, the sweep recommends cutoff %s: %s [%s, %s]\n", numfmt.Points(*c.Cutoff), pct(c.CloseRate), pct(c.CILow), pct(c.CIHigh))
		} else {
			fmt.Fprintf(w, "  on the settled leads since, no cutoff to recommend: %s\n", c.Reason)
		}
	}

	st := r.Stability
	fmt.Fprintf(w, "\nPopulation stability (PSI: below 0.1 stable, 0.1–0.25 moving, above 0.25 shifted); baseline: %s\n", st.Score.Baseline)
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "  score\t%s\t%s\n", psiText(st.Score), analysis.BinsText(st.Score.Bins, 6))
	for _, x := range st.Rules {
		then, now := "", ""
		if len(x.Bins) > 0 {
			then, now = pct(x.Bins[0].Then), pct(x.Bins[0].Now)
		}
		fmt.Fprintf(tw, "  %s\t%s\tshare with it %s then, %s now\n", x.Name, psiText(x), then, now)
	}
	fmt.Fprintf(tw, "  source mix\t%s\t%s\n", psiText(st.SourceMix), analysis.BinsText(st.SourceMix.Bins, 12))
	tw.Flush()

	fmt.Fprintln(w, "\nEffects: each rule's lift in points, settled leads before the as-of date and since (intervals hold for all rules together)")
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "rule\tpoints\tleads then\tlift then\tleads now\tlift now\tinterval now\tstatus\t")
	for _, e := range r.Effects {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t\n", e.Factor, numfmt.Points(e.Points), numfmt.Count(e.Then.With), analysis.LiftText(e.Then.LiftPP),
			numfmt.Count(e.Now.With), analysis.LiftText(e.Now.LiftPP), e.Now.IntervalText(), e.Status)
	}
	tw.Flush()
	if len(r.NewFactors) > 0 {
		fmt.Fprintln(w, "\nBehaviours and profile values in no rule that now carry points")
		tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintln(tw, "factor\tkind\tleads then\tlift then\tleads now\tlift now\tinterval now\t")
		for _, f := range r.NewFactors {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t\n", f.Factor, f.Kind, numfmt.Count(f.Then.With), analysis.LiftText(f.Then.LiftPP), numfmt.Count(f.Now.With), analysis.LiftText(f.Now.LiftPP), f.Now.IntervalText())
		}
		tw.Flush()
	}
	for _, u := range r.Unavailable {
		fmt.Fprintf(w, "\nnot computed: %s: %s", u.Figure, u.Reason)
	}
	if len(r.Unavailable) > 0 {
		fmt.Fprintln(w)
	}
	return nil
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func psiText(x analysis.DriftPSI) string {
	if x.PSI == nil {
		return "n/a"
	}
	return fmt.Sprintf("%.3f %s", *x.PSI, x.Reading)
}
