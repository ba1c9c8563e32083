package main

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/leadlab/leadlab/analysis"
)

func newReportCampaignsCmd() *cobra.Command {
	var (
		df     dataFlags
		of     outcomeFlags
		days   int
		format string
	)
	cmd := &cobra.Command{
		Use:   "campaigns",
		Short: "Drip campaigns: open and click rates, product engagement after a send, segmented against generic",
		Long: `campaigns measures each drip campaign by what it is for — bringing people
back to the product: the share of recipients with a product event within
--days of a send, against comparable non-recipients (leads created before
the campaign's median send and never sent it, over the same span after
that send). Open and click rates are shown too, but they are vanity: the
verdict on segmenting a campaign type rests on product engagement, and
says "segmentation earns its effort" only when the interval of the
difference clears zero.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ws, _, err := openReport(cmd, df, &of, format)
			if err != nil {
				return err
			}
			defer ws.Close()
			if err := noteOlderWorkspace(cmd, ws); err != nil {
				return err
			}
			rep, err := analysis.BuildCampaigns(cmd.Context(), ws, days)
			if err != nil {
				return err
			}
			return emit(cmd.OutOrStdout(), format, rep, printCampaigns, writeCampaignsCSV)
		},
	}
	df.register(cmd)
	of.register(cmd)
	cmd.Flags().IntVar(&days, "days", 7, "days after a send within which a product event counts")
	formatFlag(cmd, &format, "table", "output", "table", "json", "csv")
	return cmd
}

func printCampaigns(w io.Writer, r analysis.CampaignsReport) error {
	for _, u := range r.Unavailable {
		fmt.Fprintf(w, "unavailable: %s — %s\n", u.KPI, u.Reason)
	}
	if len(r.Campaigns) == 0 {
		return nil
	}
	fmt.Fprintf(w, "Drip campaigns — product engagement within %d days of a send\n\n", r.Days)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "campaign\ttype\tsegment\trecipients\topen\tclick\tproduct use\tnon-recipients\tlift pp\t95% interval\t")
	for _, c := range r.Campaigns {
		seg := "generic"
		if c.Segmented {
			seg = c.Segment
		}
		base, lift, ci := "—", "—", "no comparable non-recipients"
		if c.BaselineSize > 0 && c.Recipients > 0 {
			base = fmt.Sprintf("%.1f%%", 100*c.BaselineRate)
			lift = fmt.Sprintf("%+.1f", c.LiftPP)
			ci = fmt.Sprintf("[%+.1f, %+.1f]", c.LiftCILow, c.LiftCIHigh)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%.1f%%\t%.1f%%\t%.1f%%\t%s\t%s\t%s\t\n", c.Campaign, c.Type, seg,
			analysis.Count(c.Recipients), 100*c.OpenRate, 100*c.ClickRate, 100*c.EngagedRate, base, lift, ci)
	}
	tw.Flush()
	if len(r.Types) > 0 {
		fmt.Fprintln(w, "\nSegmented against generic, by type (segmented − generic, points)")
	}
	for _, s := range r.Types {
		fmt.Fprintf(w, "  %s: opens %+.1f [%+.1f, %+.1f], clicks %+.1f [%+.1f, %+.1f], product use %+.1f [%+.1f, %+.1f]\n    → %s\n",
			s.Type, s.Open.DiffPP, s.Open.CILow, s.Open.CIHigh, s.Click.DiffPP, s.Click.CILow, s.Click.CIHigh,
			s.Engagement.DiffPP, s.Engagement.CILow, s.Engagement.CIHigh, s.Verdict)
	}
	return nil
}

func writeCampaignsCSV(w io.Writer, r analysis.CampaignsReport) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"campaign", "type", "segmented", "segment", "recipients", "sends", "open_rate", "click_rate",
		"product_engagement", "baseline_product_engagement", "baseline_leads", "lift_pp", "lift_ci_low", "lift_ci_high"})
	g := func(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
	for _, c := range r.Campaigns {
		cw.Write([]string{c.Campaign, c.Type, strconv.FormatBool(c.Segmented), c.Segment, strconv.FormatInt(c.Recipients, 10),
			strconv.FormatInt(c.Sends, 10), g(c.OpenRate), g(c.ClickRate), g(c.EngagedRate), g(c.BaselineRate),
			strconv.FormatInt(c.BaselineSize, 10), g(c.LiftPP), g(c.LiftCILow), g(c.LiftCIHigh)})
	}
	cw.Flush()
	return cw.Error()
}
