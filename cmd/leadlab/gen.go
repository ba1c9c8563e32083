package main

import (
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/leadlab/leadlab/analysis"
	"github.com/leadlab/leadlab/sample-data/gen"
)

func newGenCmd() *cobra.Command {
	var opt gen.Options
	cmd := &cobra.Command{
		Use:   "gen --out DIR [--leads N] [--seed S] [--format csv|parquet] [--drift]",
		Short: "Write a synthetic dataset with planted, documented effects",
		Long: `gen writes every canonical table (accounts, leads, events, deals, campaigns,
spend, nps) with planted effects on the chance of closing, realistic timing
(leads over 18 months, deals weeks to months later, recent leads still
maturing), renewals, expansions, spend, NPS and drip campaigns. The same
seed gives byte-identical files. Rows are streamed to the files, so a
million leads need little memory.

Planted effects: the univariate lift each factor gives the probability of
ever winning a new deal, over mature leads (see sample-data/README.md):

` + gen.EffectsHelp() + "\n" + gen.DriftHelp(),
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if opt.Out == "" {
				return usageErrorf("gen needs --out DIR")
			}
			if opt.Leads < 1 || opt.Leads > 100_000_000 {
				return usageErrorf("--leads must be between 1 and 100,000,000, got %d", opt.Leads)
			}
			if err := checkFormat(cmd, opt.Format); err != nil {
				return err
			}
			start := time.Now()
			st, err := gen.Generate(cmd.Context(), opt)
			if err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "Wrote %s in %.1fs:\n", opt.Out, time.Since(start).Seconds())
			for _, t := range []string{"accounts", "leads", "events", "deals", "campaigns", "spend", "nps"} {
				if n, ok := st.Files[t]; ok {
					fmt.Fprintf(cmd.OutOrStdout(), "  %-10s %12s rows\n", t, analysis.Count(n))
				}
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&opt.Out, "out", "", "folder to write (created if missing)")
	cmd.Flags().IntVar(&opt.Leads, "leads", 20000, "number of leads")
	cmd.Flags().Uint64Var(&opt.Seed, "seed", 1, "random seed; the same seed gives byte-identical files")
	formatFlag(cmd, &opt.Format, "csv", "file format", "csv", "parquet")
	cmd.Flags().BoolVar(&opt.Gzip, "gzip", false, "gzip the CSV files (.csv.gz)")
	cmd.Flags().BoolVar(&opt.Drift, "drift", false, "the last 6 months drift: one effect fades, a new behaviour appears, lead sources shift (for report drift)")
	return cmd
}
