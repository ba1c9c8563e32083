package actions

import (
	"context"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/leadlab/leadlab/analysis"
	"github.com/leadlab/leadlab/queries"
	"github.com/leadlab/leadlab/tui/common"
	"github.com/leadlab/leadlab/tui/jobs"
	"github.com/leadlab/leadlab/tui/theme"
	"github.com/leadlab/leadlab/tui/tuitest"
)

// Totals of the fixture: the sample's settled leads and wins.
const (
	fixtureLeads = 17535
	fixtureWon   = 1149
)

// factor builds a row from its counts, as the analysis does; the
// interval, odds ratio and q-value are copied from the sample's report.
func factor(name, kind string, with, wonWith int64, lo, hi, or, q float64, pts int, flags ...string) analysis.Factor {
	f := analysis.Factor{Factor: name, Kind: kind, LeadsWith: with, WonWith: wonWith,
		LeadsWithout: fixtureLeads - with, WonWithout: fixtureWon - wonWith,
		LiftCILow: lo, LiftCIHigh: hi, OddsRatio: or, PValue: q / 2, Test: "fisher", QValue: q,
		SuggestedPoints: pts, Flags: append([]string{}, flags...)}
	f.RateWith = float64(f.WonWith) / float64(f.LeadsWith)
	f.RateWithout = float64(f.WonWithout) / float64(f.LeadsWithout)
	f.LiftPP = 100 * (f.RateWith - f.RateWithout)
	f.Phi = f.LiftPP / 400
	return f
}

// fixedReport is the sample's table, cut down, with a rare factor whose
// interval runs off both ends of the axis and a skewed one (an outcome
// proxy) far beyond it.
func fixedReport() analysis.ActionsReport {
	auc := 0.629
	return analysis.ActionsReport{
		Leads: fixtureLeads, Won: fixtureWon, BaseRate: float64(fixtureWon) / fixtureLeads, WindowDays: 69, MinLiftPP: 1.1,
		Factors: []analysis.Factor{
			factor("event:contract_sent", "pain", 60, 55, 75.3, 90.1, 150.2, 1e-50, 85, "skewed"),
			factor("event:security_review", "pain", 18, 6, -17.6, 52.1, 7.1, 0.0021, 27, "rare"),
			factor("event:document_created>=5", "pain", 121, 27, 9.4, 24.1, 4.28, 1e-9, 16),
			factor("event:document_created>=4", "pain", 243, 53, 10.7, 21.1, 4.17, 1e-12, 15),
			factor("event:document_created", "pain", 597, 127, 12.1, 18.7, 4.23, 1e-30, 15),
			factor("event:document_created>=3", "pain", 354, 73, 10.5, 18.9, 3.92, 1e-15, 14),
			factor("attr:source=partner_referral_programme", "fit", 240, 31, 2.6, 11.4, 2.1, 0.009, 6),
			factor("account:relationship_score[32,48)", "fit", 872, 108, 4.1, 8.5, 2.14, 1e-8, 6),
			factor("event:demo_request", "pain", 405, 48, 2.6, 9.0, 1.99, 0.0004, 5),
			factor("event:trial_signup", "pain", 1211, 140, 3.7, 7.3, 1.99, 1e-7, 5),
			factor("account:target=true", "fit", 3365, 364, 4.2, 6.4, 2.07, 1e-20, 5),
			factor("event:pricing_page_view", "pain", 1395, 138, 2.1, 5.3, 1.65, 1e-5, 0),
			factor("attr:seniority=vp", "fit", 1058, 97, 1.1, 4.7, 1.49, 0.0033, 0),
			factor("attr:email_type=corporate", "fit", 7958, 637, 1.9, 3.4, 1.54, 1e-10, 0),
			factor("event:login>=3", "pain", 902, 77, 0.4, 4.1, 1.37, 0.0603, 0),
			factor("attr:employees[1000,inf)", "fit", 12, 1, -17.6, 30.5, 1.4, 0.98, 0, "rare"),
			factor("event:webinar_attended", "pain", 855, 67, -0.3, 3.4, 1.24, 0.3489, 0),
			factor("event:email_open>=2", "pain", 6771, 454, -0.5, 1.0, 1.04, 0.8568, 0, "vanity"),
			factor("event:website_visit", "pain", 11103, 722, -0.8, 0.7, 1.00, 0.9829, 0, "vanity"),
			factor("attr:country=(other)", "fit", 1135, 72, -1.6, 1.3, 0.96, 0.9575, 0),
			factor("event:email_click", "pain", 3402, 214, -1.2, 0.6, 0.95, 0.8083, 0, "vanity"),
			factor("event:chat_conversation", "pain", 723, 44, -2.1, 1.5, 0.94, 0.9116, 0),
			factor("event:email_open", "pain", 13920, 891, -1.7, 0.2, 0.89, 0.3482, 0, "vanity"),
			factor("account:industry=Software", "fit", 1861, 106, -1.9, 0.3, 0.86, 0.4016, 0),
			factor("event:unsubscribe", "pain", 2052, 119, -1.9, 0.2, 0.86, 0.3606, 0),
			factor("attr:email_type=personal", "fit", 9577, 512, -3.4, -1.9, 0.65, 1e-10, 0),
			factor("account:target=false", "fit", 14170, 785, -6.4, -4.2, 0.48, 1e-20, 0),
		},
		Model: analysis.Model{AUC: &auc, Lambda: 1, Factors: []analysis.ModelFactor{
			{Factor: "event:document_created", Coef: 1.425, SE: 0.106, OddsRatio: 4.16},
			{Factor: "account:relationship_score[32,48)", Coef: 0.173, SE: 0.123, OddsRatio: 1.19},
			{Factor: "event:demo_request", Coef: 0.701, SE: 0.158, OddsRatio: 2.02},
			{Factor: "event:trial_signup", Coef: 0.706, SE: 0.097, OddsRatio: 2.03},
			{Factor: "account:target=true", Coef: 0.613, SE: 0.146, OddsRatio: 1.85},
			{Factor: "event:contract_sent", Coef: 4.8, SE: 0.9, OddsRatio: 121.5},
		}, Note: "of event:document_created and its >=N variants only the strongest is fitted"},
		Notes: []string{"2,465 maturing leads are left out (their window is still open)"},
	}
}

// newCommon is a Common over no workspace: enough for screens that are
// handed their report.
func newCommon() *common.Common {
	return &common.Common{Styles: theme.Default(), Jobs: jobs.New(context.Background(), nil)}
}

func fixedModel(w, h int) *Model {
	m := New(newCommon(), queries.OutcomeOptions{}).WithReport(fixedReport())
	m.SetSize(w, h)
	return m
}

// press sends keys and returns the last command.
func press(m *Model, keys ...string) tea.Cmd {
	var cmd tea.Cmd
	for _, k := range keys {
		cmd = m.Update(tuitest.Key(k))
	}
	return cmd
}

// typeText types s into the screen, one key at a time.
func typeText(m *Model, s string) {
	for _, r := range s {
		m.Update(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
}

// plain is the screen without colours.
func plain(m *Model) string { return ansi.Strip(m.View()) }

// checkSize fails unless the view is exactly w × h cells.
func checkSize(t *testing.T, view string, w, h int) { t.Helper(); tuitest.CheckSize(t, view, w, h) }
