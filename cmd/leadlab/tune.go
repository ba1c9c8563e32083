package main

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/leadlab/leadlab/analysis"
	"github.com/leadlab/leadlab/analysis/scoring"
	"github.com/leadlab/leadlab/internal/numfmt"
)

func newTuneCmd() *cobra.Command {
	var (
		df         dataFlags
		of         outcomeFlags
		target     string
		maxFactors int
		minLift    float64
		method     string
		holdout    float64
		random     bool
		seed       uint64
		base       string
		out        string
		format     string
		quiet      bool
	)
	def := analysis.DefaultTuneOptions()
	cmd := &cobra.Command{
		Use:   "tune [--target 0.10-0.15] [--max-factors 20] [--min-lift 5] [--method adjusted|lift] --out FILE",
		Short: "Suggest points and the SDR-ready cutoff, and check them on held-out leads",
		Long: `tune holds out the latest 30% of settled leads by created_at (a seeded
random share with --random-split, or when there are no dates) and fits one
L2-penalised logistic model of the candidate factors on the rest, profile
and behaviour together, its penalty chosen by 5-fold cross-validation.
Each factor's own (adjusted) effect becomes its points, in percentage
points of the chance of closing; factors worth under --min-lift points
either way are dropped, and rules from at most --max-factors factors
kept, an attribute with its values and bands or a behaviour with its
"at least N times" steps counting as one (--method lift gives
the kept factors their univariate lift instead). The cutoff is the one
whose cross-validated close rate lies nearest the middle of the target
that SDR capacity allows. The config written to --out carries the tuning
and the holdout figures at that cutoff. With --out - the config goes to
stdout and the summary to stderr.

Exit status: 0 when tuned; 3 when no cutoff can reach the target (every
lead already closes above it, or even the best close below it): the
config is still written with the nearest cutoff, and the summary says
which close rates are reachable; 4 when the settled leads have no wins,
or no losses: nothing to tune, no config is written, and the reason is
printed on stderr; 1 on any error.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := checkFormat(cmd, format); err != nil {
				return err
			}
			if out == "" {
				return usageErrorf("--out is required: the file to write the tuned config to (.yaml or .json; - for stdout)")
			}
			if maxFactors < 1 || maxFactors > 200 {
				return usageErrorf("--max-factors must be between 1 and 200, got %d", maxFactors)
			}
			if minLift < 0 || minLift > 100 {
				return usageErrorf("--min-lift must be between 0 and 100 points, got %v", minLift)
			}
			if err := checkHoldout(holdout); err != nil {
				return err
			}
			tgt, err := parseTarget(target)
			if err != nil {
				return err
			}
			opt, err := of.options(cmd)
			if err != nil {
				return err
			}
			topt := def
			topt.Outcome, topt.Target, topt.MaxFactors, topt.MinLift, topt.Method = opt, tgt, maxFactors, minLift, method
			topt.HoldoutShare, topt.RandomSplit, topt.Seed, topt.Now = holdout, random, seed, nowFunc()
			if base != "" {
				b, err := scoring.LoadConfig(base)
				if err != nil {
					return err
				}
				topt.Base = &b
			}
			ws, err := openData(cmd.Context(), df)
			if err != nil {
				return err
			}
			defer ws.Close()
			bar := startProgress(cmd, quiet)
			topt.Progress = bar.step
			res, err := analysis.Tune(cmd.Context(), ws, topt)
			bar.end()
			if err != nil {
				return err
			}
			// The tuning and the held-out leads are every settled lead.
			if err := noContrast(res.Tuning.Leads+res.Holdout.Leads, res.Tuning.Won+res.Holdout.Won, "lead"); err != nil {
				return err
			}
			encode := scoring.EncodeYAML
			if strings.EqualFold(filepath.Ext(out), ".json") {
				encode = scoring.EncodeJSON
			}
			body, err := encode(res.Config)
			if err != nil {
				return err
			}
			// The summary goes to stdout, unless the config itself does
			// (--out -): then to stderr, so that stdout stays a config
			// and the summary is not lost.
			summary := cmd.OutOrStdout()
			if out == "-" {
				if _, err := cmd.OutOrStdout().Write(body); err != nil {
					return err
				}
				summary = stderrOf(cmd)
			} else if err := writeAtomic(out, nil, func(w io.Writer) error { _, err := w.Write(body); return err }); err != nil {
				return err
			}
			if err := emit(summary, format, res, func(w io.Writer, r analysis.TuneResult) error { return printTune(w, r, out) }, nil); err != nil {
				return err
			}
			if res.Unreachable != nil {
				return exitError{status: exitUnreachable, err: fmt.Errorf("no cutoff can reach the target: %s", res.Unreachable.Why)}
			}
			return nil
		},
	}
	df.register(cmd)
	of.register(cmd)
	cmd.Flags().StringVar(&target, "target", fmt.Sprintf("%.2f-%.2f", def.Target.Low, def.Target.High), "target close-rate range, LOW-HIGH as shares or percentages")
	cmd.Flags().IntVar(&maxFactors, "max-factors", def.MaxFactors, "rules from at most this many factors (an attribute with its values and bands, or a behaviour with its steps, is one)")
	cmd.Flags().Float64Var(&minLift, "min-lift", def.MinLift, "drop factors that raise the close rate by fewer points")
	cmd.Flags().StringVar(&method, "method", def.Method, "points from the adjusted model (adjusted) or the kept factors' univariate lift (lift)")
	cmd.Flags().Float64Var(&holdout, "holdout", def.HoldoutShare, "share of settled leads held out to check the tuning (report actions chooses its bands on the default split)")
	cmd.Flags().BoolVar(&random, "random-split", false, "hold out a seeded random share instead of the latest leads")
	cmd.Flags().Uint64Var(&seed, "seed", def.Seed, "seed of the random split")
	cmd.Flags().StringVar(&base, "base", "", "an existing config whose capacity, account roll-up, bands and name to keep")
	cmd.Flags().StringVar(&out, "out", "", "file to write the tuned config to (.yaml or .json; - for stdout, the summary then going to stderr)")
	formatFlag(cmd, &format, "table", "summary", "table", "json")
	quietFlag(cmd, &quiet)
	return cmd
}

func printTune(w io.Writer, r analysis.TuneResult, out string) error {
	c := r.Config
	where := out
	if out == "-" {
		where = "stdout"
	}
	fmt.Fprintf(w, "Tuned %d fit and %d pain rules (method %s); config written to %s\n\n", len(c.Fit), len(c.Pain), r.Method, where)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "factor\tkind\tlift pp\tadjusted coef\tpoints\t")
	for _, f := range r.Factors {
		pts := numfmt.Points(float64(f.Points))
		if f.Dropped != "" {
			pts = "— " + f.Dropped
		}
		lift, coef := "—", "—" // no lift without leads to compare with; no coefficient when never fitted
		if f.LiftPP != nil {
			lift = fmt.Sprintf("%+.1f", *f.LiftPP)
		}
		if f.SE > 0 {
			coef = fmt.Sprintf("%+.2f ± %.2f", f.Coef, f.SE)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t\n", f.Factor, f.Kind, lift, coef, pts)
	}
	tw.Flush()
	rec := r.Recommendation
	fmt.Fprintf(w, "\nCutoff %s: %s\n", numfmt.Points(c.Cutoff), rec.Reason)
	fmt.Fprintf(w, "Good fit at fit ≥ %s, high pain at pain ≥ %s (the median won lead's)\n\n", numfmt.Points(c.GoodFit), numfmt.Points(c.HighPain))
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "\tleads\twon\tready\tclose rate\t95% interval\trecall\tshare\t")
	for _, m := range []struct {
		name string
		m    scoring.Measured
	}{{"tuning", r.Tuning}, {"holdout", r.Holdout}} {
		// No ready lead: no close rate; no win: no recall.
		rate, ci, recall := pct(m.m.CloseRate), fmt.Sprintf("[%s, %s]", pct(m.m.CILow), pct(m.m.CIHigh)), pct(m.m.Recall)
		if m.m.Ready == 0 {
			rate, ci = "n/a", "n/a"
		}
		if m.m.Won == 0 {
			recall = "n/a"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t\n", m.name, numfmt.Count(m.m.Leads), numfmt.Count(m.m.Won), numfmt.Count(m.m.Ready),
			rate, ci, recall, pct(m.m.Share))
	}
	tw.Flush()
	fmt.Fprintf(w, "\nHoldout (%s): %s\n", r.Split, r.HoldoutVerdict)
	if mc := r.ModelCheck; mc.Points != nil {
		fmt.Fprintf(w, "Model check on held-out leads: AUC %.3f points, %.3f unrounded; at the same share (%s) close rate %s and %s, recall %s and %s\n",
			mc.Points.AUC, mc.Logistic.AUC, pct(mc.Share), pct(mc.Points.CloseRate), pct(mc.Logistic.CloseRate), pct(mc.Points.Recall), pct(mc.Logistic.Recall))
	}
	fmt.Fprintf(w, "Model check: %s\n", r.ModelCheck.Verdict)
	if r.Stability.Splits > 0 {
		fmt.Fprintf(w, "Stability: %s\n", r.Stability.Note)
	}
	for _, n := range r.Notes {
		fmt.Fprintf(w, "note: %s\n", n)
	}
	return nil
}

// checkHoldout explains --holdout's range: the share is split off the
// settled leads before tuning, so both sides must keep some leads.
func checkHoldout(share float64) error {
	if share > 0 && share < 1 {
		return nil
	}
	hint := ""
	if share > 1 && share < 100 {
		hint = fmt.Sprintf(" (for %v%% write %v)", share, share/100)
	}
	return usageErrorf("--holdout is the share of settled leads kept aside to check the tuning: a number above 0 and below 1 (the default %v keeps %v%% aside); "+
		"0 would leave no leads to check the tuned config on, and 1 no leads to tune it on; got %v%s",
		scoring.HoldoutShare, scoring.HoldoutShare*100, share, hint)
}
