package main

import (
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/leadlab/leadlab/analysis/scoring"
	"github.com/leadlab/leadlab/internal/numfmt"
)

func newReportAccountsCmd() *cobra.Command {
	var (
		df         dataFlags
		of         outcomeFlags
		configPath string
		format     string
		top        int
	)
	cmd := &cobra.Command{
		Use:   "accounts --config FILE",
		Short: "Roll lead scores up to accounts: distribution, account SDR-ready and its close rate, accounts to call",
		Long: `accounts rolls each account's lead scores up by the config's rule (max,
sum, or top3: the sum of its three highest). Close rates use settled leads
scored as of their exposure cutoffs: an account is won when one of them
won, and ready when its roll-up reaches the account cutoff. The list of
accounts with the most ready leads scores every lead as of the as-of date:
who to call today.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := checkFormat(cmd, format); err != nil {
				return err
			}
			if top < 0 {
				return usageErrorf("--top must not be negative")
			}
			s, err := openScoring(cmd, df, &of, configPath)
			if err != nil {
				return err
			}
			defer s.Close()
			s.warn(stderrOf(cmd))
			rep := s.data.Accounts(s.cfg, s.data.Score(s.cfg, scoring.History), s.data.Score(s.cfg, scoring.Now), top)
			return emit(cmd.OutOrStdout(), format, rep, printAccounts, nil)
		},
	}
	df.register(cmd)
	of.register(cmd)
	configFlag(cmd, &configPath)
	formatFlag(cmd, &format, "table", "output", "table", "json")
	cmd.Flags().IntVar(&top, "top", 20, "how many accounts to list")
	return cmd
}

func printAccounts(w io.Writer, r scoring.AccountReport) error {
	fmt.Fprintf(w, "Accounts — roll-up %s, account cutoff %s; %s accounts with settled leads, %s won\n\n",
		r.Rollup, numfmt.Points(r.Cutoff), numfmt.Count(r.Accounts), numfmt.Count(r.Won))
	ready := numfmt.Pct(r.Ready.CloseRate, 1)
	if r.Ready.CloseRate != nil {
		ready += fmt.Sprintf(" [%s, %s]", numfmt.Pct(r.Ready.CILow, 1), numfmt.Pct(r.Ready.CIHigh, 1))
	}
	fmt.Fprintf(w, "SDR-ready accounts: %s, closing %s; the rest: %s, closing %s\n",
		numfmt.Count(r.Ready.Leads), ready, numfmt.Count(r.NotReady.Leads), numfmt.Pct(r.NotReady.CloseRate, 1))
	if len(r.Quantiles) > 0 {
		fmt.Fprintf(w, "Account scores: min %s, 25%% %s, median %s, 75%% %s, 90%% %s, max %s\n",
			numfmt.Points(r.Quantiles["min"]), numfmt.Points(r.Quantiles["p25"]), numfmt.Points(r.Quantiles["median"]),
			numfmt.Points(r.Quantiles["p75"]), numfmt.Points(r.Quantiles["p90"]), numfmt.Points(r.Quantiles["max"]))
	}
	fmt.Fprintln(w)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "score from\tto\taccounts\twon\tclose rate\t")
	for _, b := range r.Distribution {
		rate := numfmt.NA // an empty bin has no close rate
		if b.Accounts > 0 {
			rate = pct(float64(b.Won) / float64(b.Accounts))
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t\n", numfmt.Points(b.Lo), numfmt.Points(b.Hi), numfmt.Count(b.Accounts), numfmt.Count(b.Won), rate)
	}
	tw.Flush()
	if len(r.Top) > 0 {
		fmt.Fprintln(w, "\nAccounts with the most SDR-ready leads now")
		tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintln(tw, "account\tleads\tready now\tscore\tready\t")
		for _, a := range r.Top {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%v\t\n", a.AccountID, numfmt.Count(a.Leads), numfmt.Count(a.ReadyLeads), numfmt.Points(a.Score), a.Ready)
		}
		tw.Flush()
	}
	return nil
}
