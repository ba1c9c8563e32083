package funnel

import (
	"context"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/leadlab/leadlab/analysis"
	"github.com/leadlab/leadlab/queries"
	"github.com/leadlab/leadlab/tui/common"
	"github.com/leadlab/leadlab/tui/jobs"
	"github.com/leadlab/leadlab/tui/theme"
	"github.com/leadlab/leadlab/tui/tuitest"
)

func f(v float64) *float64 { return &v }

// fixedReport is a funnel built by hand from the sample's figures, with
// NPS and the relationship score missing so unavailable KPIs show.
func fixedReport() analysis.FunnelReport {
	kpi := func(key, label, unit string, v *float64) analysis.KPI {
		return analysis.KPI{Key: key, Label: label, Unit: unit, Value: v}
	}
	return analysis.FunnelReport{
		Scope: "target accounts (accounts.target = true)",
		Stages: []analysis.Stage{
			{Stage: "target", Label: "1 Target accounts", Accounts: 1312, KPIs: []analysis.KPI{
				kpi("accounts", "accounts", "count", f(1312)), kpi("tier_1", "tier 1", "count", f(282)),
				kpi("tier_2", "tier 2", "count", f(462)), kpi("tier_3", "tier 3", "count", f(568)),
				kpi("intent_surges", "accounts with an intent surge", "count", f(252))}},
			{Stage: "engaged", Label: "2 Engaged", Accounts: 999, Conversion: f(999.0 / 1312), KPIs: []analysis.KPI{
				kpi("share_engaged", "share engaged", "share", f(0.7614)), kpi("unengaged", "unengaged accounts", "count", f(313)),
				kpi("ad_impressions", "ad impressions", "count", f(43970)), kpi("ad_clicks", "ad clicks", "count", f(308)),
				kpi("web_visits", "web visits (other web pages)", "count", f(11154)),
				kpi("high_value_visits", "high-value page visits (demo_request, pricing_page_view)", "count", f(694)),
				kpi("chat_conversations", "chat conversations", "count", f(153)),
				kpi("cost_per_engaged_account", "cost per engaged account", "money", f(3897))}},
			{Stage: "opportunity", Label: "3 Opportunity", Accounts: 638, Conversion: f(638.0 / 999), KPIs: []analysis.KPI{
				kpi("opportunity_rate", "opportunity rate (of target accounts)", "share", f(0.4863)),
				kpi("stakeholders_per_account", "stakeholders (leads) per opportunity account", "count", f(5.01)),
				kpi("open_pipeline", "open pipeline (new deals)", "money", f(1838700)),
				kpi("days_to_opportunity", "days from first touch to opportunity", "days", f(109.3))}},
			{Stage: "won", Label: "4 Won", Accounts: 431, Conversion: f(431.0 / 638), KPIs: []analysis.KPI{
				kpi("win_rate_target_accounts", "win rate, of target accounts", "share", f(0.3285)),
				kpi("win_rate_closed_deals", "win rate, of closed new deals (won / (won + lost))", "share", f(0.5584)),
				kpi("new_won_revenue", "new won revenue", "money", f(10455800)),
				kpi("deal_cycle_days", "deal cycle, days from creation to close (won)", "days", f(40.7)),
				kpi("marketing_touches_per_won_account", "marketing touches per won account (interactions)", "count", f(12.96)),
				kpi("ad_impressions_per_won_account", "ad impressions per won account (exposures)", "count", f(17.05))}},
			{Stage: "retained", Label: "5 Retained", Accounts: 83, Conversion: f(83.0 / 431), KPIs: []analysis.KPI{
				kpi("renewal_rate", "renewal rate (won / decided renewals)", "share", f(0.8598))}},
			{Stage: "expanded", Label: "6 Expanded", Accounts: 76, Conversion: f(76.0 / 83), KPIs: []analysis.KPI{
				kpi("acv", "ACV: annualised value of won new deals (mean; amount is annual)", "money", f(14266)),
				kpi("nps", "NPS (% promoters 9–10 − % detractors 0–6)", "score", nil)}},
		},
		LeadFunnel: []analysis.LeadStage{{Stage: "leads", Leads: 20000},
			{Stage: "opportunity", Leads: 5683, Conversion: f(5683.0 / 20000)}, {Stage: "won", Leads: 1190, Conversion: f(1190.0 / 5683)}},
		Unavailable: []analysis.Unavailable{{KPI: "relationship_score", Reason: "accounts have no relationship_score column"},
			{KPI: "nps", Reason: "no nps table"}},
		Notes: []string{"2,465 leads are maturing (window still open); they are in the lead counts"},
	}
}

func newTestModel(ws *queries.Workspace) *Model {
	c := &common.Common{Styles: theme.Default(), Jobs: jobs.New(context.Background(), ws)}
	return New(c, queries.OutcomeOptions{})
}

// press sends keys (see tuitest.Key) and returns the last command.
func press(m *Model, keys ...string) tea.Cmd {
	var cmd tea.Cmd
	for _, k := range keys {
		cmd = m.Update(tuitest.Key(k))
	}
	return cmd
}

// typeText types s into an open input.
func typeText(m *Model, s string) {
	for _, r := range s {
		m.Update(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
}

func view(m *Model) string { return ansi.Strip(m.View()) }

// checkSize asserts the view is exactly w × h cells.
func checkSize(t *testing.T, out string, w, h int) { t.Helper(); tuitest.CheckSize(t, out, w, h) }

func TestViewGolden(t *testing.T) {
	cases := []struct {
		name string
		w, h int
		keys []string
	}{
		{"funnel_80x20", 80, 20, nil},
		{"funnel_120x36", 120, 36, []string{"down", "down", "down"}},
		{"detail_80x20", 80, 20, []string{"down", "down", "down", "enter"}},
		{"detail_120x36", 120, 36, []string{"down", "down", "down", "down", "down", "enter"}},
		{"input_80x20", 80, 20, []string{"c"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			m := newTestModel(nil).WithReport(fixedReport())
			m.SetSize(tc.w, tc.h)
			press(m, tc.keys...)
			checkSize(t, m.View(), tc.w, tc.h)
			golden.RequireEqual(t, view(m))
		})
	}
}

// TestNarrowFits checks the layout holds at sizes no golden covers.
func TestNarrowFits(t *testing.T) {
	for _, size := range [][2]int{{40, 10}, {60, 15}, {200, 50}, {1, 1}} {
		for _, keys := range [][]string{nil, {"enter"}} {
			m := newTestModel(nil).WithReport(fixedReport())
			m.SetSize(size[0], size[1])
			press(m, keys...)
			checkSize(t, m.View(), size[0], size[1])
		}
	}
}

func done(seq uint64, fl queries.FunnelFilter, r analysis.FunnelReport) jobs.Result[result] {
	return jobs.Result[result]{End: jobs.End{Key: "funnel", Seq: seq}, Value: result{filter: fl, report: r}}
}

// TestStaleResultIgnored: the first job's result arrives after a second
// was started; it is dropped and the second one's is shown.
func TestStaleResultIgnored(t *testing.T) {
	m := newTestModel(nil)
	m.SetSize(80, 20)
	if m.Init() == nil { // seq 1: no filter
		t.Fatal("Init started no job")
	}
	press(m, "t") // seq 2: tier 1
	old := fixedReport()
	old.Stages[0].Accounts = 9999
	m.Update(done(1, queries.FunnelFilter{}, old))
	if m.report != nil || !m.Busy() {
		t.Fatalf("stale result taken: report %v, busy %v", m.report != nil, m.Busy())
	}
	if v := view(m); strings.Contains(v, "9,999") || !strings.Contains(v, "building the funnel (tier 1)") {
		t.Errorf("view after a stale result:\n%s", v)
	}
	cur := fixedReport()
	m.Update(done(2, queries.FunnelFilter{Tier: 1}, cur))
	if m.Busy() {
		t.Error("still busy after the current result")
	}
	v := view(m)
	if !strings.Contains(v, "1,312") || !strings.Contains(v, "tier 1 ·") {
		t.Errorf("current result not shown with its filter:\n%s", v)
	}
	// A late duplicate of the stale one changes nothing.
	m.Update(done(1, queries.FunnelFilter{}, old))
	if view(m) != v {
		t.Error("a stale result changed the view")
	}
}

// TestUpdatingKeepsResult: while a new filter runs, the last result stays
// with its own filter and the new one is marked as updating.
func TestUpdatingKeepsResult(t *testing.T) {
	m := newTestModel(nil).WithReport(fixedReport())
	m.SetSize(120, 36)
	press(m, "t", "t") // tier 2
	v := view(m)
	for _, want := range []string{"updating… to tier 2", "tier all ·", "1,312"} {
		if !strings.Contains(v, want) {
			t.Errorf("view lacks %q:\n%s", want, v)
		}
	}
	press(m, "esc")
	m.Update(jobs.Result[result]{End: jobs.End{Key: "funnel", Seq: 2, Err: context.Canceled}})
	if m.Busy() || !strings.Contains(view(m), "Cancelled;") || m.wanted().Tier != 0 {
		t.Errorf("after cancelling: busy %v, tier %d\n%s", m.Busy(), m.wanted().Tier, view(m))
	}
}

func TestFilterKeys(t *testing.T) {
	march := time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)
	q1 := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	cases := []struct {
		name  string
		steps func(m *Model) tea.Cmd
		want  queries.FunnelFilter
	}{
		{"tier", func(m *Model) tea.Cmd { return press(m, "t") }, queries.FunnelFilter{Tier: 1}},
		{"tier wraps", func(m *Model) tea.Cmd { return press(m, "t", "t", "t", "t") }, queries.FunnelFilter{}},
		{"industry", func(m *Model) tea.Cmd { press(m, "i"); typeText(m, " Software "); return press(m, "enter") },
			queries.FunnelFilter{Industry: "Software"}},
		{"region", func(m *Model) tea.Cmd { press(m, "g"); typeText(m, "EMEA"); return press(m, "enter") },
			queries.FunnelFilter{Region: "EMEA"}},
		{"month", func(m *Model) tea.Cmd { press(m, "c"); typeText(m, "2025-03"); return press(m, "enter") },
			queries.FunnelFilter{CohortFrom: march, CohortTo: march.AddDate(0, 1, 0)}},
		{"quarter", func(m *Model) tea.Cmd { press(m, "t", "c"); typeText(m, "2025-q1"); return press(m, "enter") },
			queries.FunnelFilter{Tier: 1, CohortFrom: q1, CohortTo: q1.AddDate(0, 3, 0)}},
		{"clear", func(m *Model) tea.Cmd {
			press(m, "t", "g")
			typeText(m, "EMEA")
			press(m, "enter")
			return press(m, "x")
		},
			queries.FunnelFilter{}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			m := newTestModel(nil).WithReport(fixedReport())
			m.SetSize(80, 20)
			cmd := tc.steps(m)
			if cmd == nil || !m.Busy() {
				t.Fatal("no job started")
			}
			if m.Editing() {
				t.Error("input still open")
			}
			if got := m.wanted(); !sameFilter(got, tc.want) {
				t.Errorf("filter %+v, want %+v", got, tc.want)
			}
		})
	}
}

func TestInputEscAndBadCohort(t *testing.T) {
	m := newTestModel(nil).WithReport(fixedReport())
	m.SetSize(80, 20)
	press(m, "i")
	if !m.Editing() {
		t.Fatal("i opened no input")
	}
	// While typing, filter keys are text.
	typeText(m, "txgc")
	if cmd := press(m, "esc"); cmd != nil || m.Editing() || m.Busy() || m.wanted().Industry != "" {
		t.Fatalf("esc did not discard the input: editing %v, busy %v, filter %+v", m.Editing(), m.Busy(), m.wanted())
	}
	press(m, "c")
	typeText(m, "2025-13")
	if cmd := press(m, "enter"); cmd != nil || m.Busy() {
		t.Fatal("a bad cohort started a query")
	}
	if v := view(m); !strings.Contains(v, `cohort "2025-13" is not a month`) {
		t.Errorf("no error line for a bad cohort:\n%s", v)
	}
}

func TestHelpListsWhatApplies(t *testing.T) {
	m := newTestModel(nil).WithReport(fixedReport())
	helpKeys := func() string {
		var ks []string
		for _, b := range m.ShortHelp() {
			ks = append(ks, b.Help().Key)
		}
		return strings.Join(ks, " ")
	}
	if got := helpKeys(); got != "↑/↓ enter t i g c" {
		t.Errorf("idle help %q", got)
	}
	press(m, "t")
	if got := helpKeys(); got != "esc ↑/↓ enter t i g c x" {
		t.Errorf("running help %q", got)
	}
	press(m, "enter")
	if got := helpKeys(); got != "↑/↓ enter/esc t i g c x" {
		t.Errorf("detail help %q", got)
	}
	press(m, "esc")
	if m.detail || !m.Busy() {
		t.Error("esc in the detail box should close it and leave the query running")
	}
	press(m, "g")
	if got := helpKeys(); got != "enter esc" {
		t.Errorf("input help %q", got)
	}
}
