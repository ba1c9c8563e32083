package analysis

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"strings"
	"testing"

	"github.com/leadlab/leadlab/analysis/scoring"
	"github.com/leadlab/leadlab/queries"
)

// funnelFixture is small enough to count by hand; the expected figures are
// worked out in TestFunnelByHand.
var funnelFixture = map[string]string{
	"accounts.csv": "account_id,target,tier,industry\nA1,true,1,saas\nA2,true,2,saas\nA3,true,1,retail\nA4,false,,saas\n",
	"leads.csv":    "lead_id,account_id,created_at\nL1,A1,2024-01-01\nL2,A1,2024-01-05\nL3,A2,2024-02-01\nL4,A3,2024-02-01\nL5,A4,2024-01-01\n",
	"events.csv": `event,lead_id,account_id,occurred_at,category
pricing_page_view,L1,,2024-01-02,web
email_open,L2,,2024-01-06,email
ad_impression,,A2,2024-02-02,ad
chat_conversation,L4,,2024-02-03,web
webinar_attended,L5,,2024-01-02,marketing
`,
	"deals.csv": `deal_id,account_id,lead_id,kind,status,created_at,closed_at,amount,contract_months
D1,A1,L1,new,won,2024-01-10,2024-01-30,1000,12
D2,A3,L4,new,lost,2024-02-10,2024-03-01,500,12
D3,A1,,renewal,won,2025-01-20,2025-01-30,1100,12
D4,A1,,expansion,won,2024-05-20,2024-06-01,300,12
D5,A4,L5,new,won,2024-01-05,2024-01-20,700,12
`,
	"spend.csv": "date,amount\n2024-01-01,400\n2024-02-01,200\n",
	"nps.csv":   "account_id,score\nA1,10\nA1,9\nA3,3\n",
}

func kpi(t *testing.T, s Stage, key string) float64 {
	t.Helper()
	for _, k := range s.KPIs {
		if k.Key == key {
			if k.Value == nil {
				t.Fatalf("%s.%s is unavailable", s.Stage, key)
			}
			return *k.Value
		}
	}
	t.Fatalf("%s has no KPI %s", s.Stage, key)
	return 0
}

func near(t *testing.T, what string, got, want float64) {
	t.Helper()
	if math.Abs(got-want) > 1e-9 {
		t.Errorf("%s = %v, want %v", what, got, want)
	}
}

func TestFunnelByHand(t *testing.T) {
	ws := loadFixture(t, funnelFixture, 0)
	r, err := BuildFunnel(context.Background(), ws, queries.OutcomeOptions{WindowSet: true}, queries.FunnelFilter{})
	if err != nil {
		t.Fatal(err)
	}
	// Targets A1-A3; engaged A1 (pricing, email open) and A3 (chat), not A2
	// (only an ad impression); opportunity A1 and A3; won, retained and
	// expanded A1.
	want := []int64{3, 2, 2, 1, 1, 1}
	for i, s := range r.Stages {
		if s.Accounts != want[i] {
			t.Errorf("stage %s: %d accounts, want %d", s.Stage, s.Accounts, want[i])
		}
	}
	near(t, "engaged conversion", *r.Stages[1].Conversion, 2.0/3)
	near(t, "won conversion", *r.Stages[3].Conversion, 0.5)
	if r.Stages[0].Conversion != nil {
		t.Error("the first stage has no conversion")
	}
	e, o, w, ex := r.Stages[1], r.Stages[2], r.Stages[3], r.Stages[5]
	near(t, "tier 1", kpi(t, r.Stages[0], "tier_1"), 2)
	near(t, "ad impressions", kpi(t, e, "ad_impressions"), 1)
	near(t, "high-value visits", kpi(t, e, "high_value_visits"), 1)
	near(t, "chats", kpi(t, e, "chat_conversations"), 1)
	near(t, "cost per engaged account", kpi(t, e, "cost_per_engaged_account"), 300)
	near(t, "stakeholders", kpi(t, o, "stakeholders_per_account"), 1.5)
	near(t, "penetration", kpi(t, o, "account_penetration"), 1.5)
	near(t, "days to opportunity", kpi(t, o, "days_to_opportunity"), 9)
	near(t, "win rate of target accounts", kpi(t, w, "win_rate_target_accounts"), 1.0/3)
	near(t, "win rate of closed deals", kpi(t, w, "win_rate_closed_deals"), 0.5)
	near(t, "new won revenue", kpi(t, w, "new_won_revenue"), 1000)
	near(t, "cycle", kpi(t, w, "deal_cycle_days"), 20)
	near(t, "marketing touches", kpi(t, w, "marketing_touches_per_won_account"), 2)
	near(t, "cost per won account", kpi(t, w, "cost_per_won_account"), 600)
	near(t, "renewal rate", kpi(t, r.Stages[4], "renewal_rate"), 1)
	near(t, "total won revenue", kpi(t, ex, "total_won_revenue"), 2400)
	near(t, "NPS", kpi(t, ex, "nps"), 100.0/3)
	if r.LeadFunnel[0].Leads != 5 || r.LeadFunnel[1].Leads != 3 || r.LeadFunnel[2].Leads != 2 {
		t.Errorf("lead funnel %+v, want 5 → 3 → 2", r.LeadFunnel)
	}

	// Tier 1 keeps A1 and A3.
	r, err = BuildFunnel(context.Background(), ws, queries.OutcomeOptions{WindowSet: true}, queries.FunnelFilter{Tier: 1})
	if err != nil {
		t.Fatal(err)
	}
	if r.Stages[0].Accounts != 2 || r.Stages[1].Accounts != 2 || r.Stages[3].Accounts != 1 {
		t.Errorf("tier 1: %d/%d/%d", r.Stages[0].Accounts, r.Stages[1].Accounts, r.Stages[3].Accounts)
	}
}

func TestFunnelCostUsesAttributedSpend(t *testing.T) {
	// Spend: 300 on target account A1, 1,000 on A4 (not a target), 600
	// with no account. Unfiltered, the funnel's spend is 300 + 600 (A4's
	// is not ABM spend) over its 2 engaged accounts: 450. At tier 1 (A1
	// and A3, both engaged) the 600 cannot be split by tier and is left
	// out: 300 / 2 = 150, with a note saying so.
	files := map[string]string{}
	for k, v := range funnelFixture {
		files[k] = v
	}
	files["spend.csv"] = "date,amount,account_id\n2024-01-01,300,A1\n2024-01-01,1000,A4\n2024-02-01,600,\n"
	ws := loadFixture(t, files, 0)
	r, err := BuildFunnel(context.Background(), ws, queries.OutcomeOptions{WindowSet: true}, queries.FunnelFilter{})
	if err != nil {
		t.Fatal(err)
	}
	near(t, "cost per engaged account", kpi(t, r.Stages[1], "cost_per_engaged_account"), 450)
	r, err = BuildFunnel(context.Background(), ws, queries.OutcomeOptions{WindowSet: true}, queries.FunnelFilter{Tier: 1})
	if err != nil {
		t.Fatal(err)
	}
	near(t, "tier 1 cost per engaged account", kpi(t, r.Stages[1], "cost_per_engaged_account"), 150)
	found := false
	for _, n := range r.Notes {
		found = found || strings.Contains(n, "$600 with no account cannot be split")
	}
	if !found {
		t.Errorf("no note on the unattributed spend: %q", r.Notes)
	}
}

func TestFunnelSaysWhatIsMissing(t *testing.T) {
	ws := loadFixture(t, map[string]string{
		"accounts.csv": "account_id\nA\n",
		"leads.csv":    "lead_id,account_id\nx,A\n",
	}, 0)
	r, err := BuildFunnel(context.Background(), ws, queries.OutcomeOptions{}, queries.FunnelFilter{})
	if err != nil {
		t.Fatal(err)
	}
	missing := map[string]bool{}
	for _, u := range r.Unavailable {
		missing[u.KPI] = true
	}
	for _, k := range []string{"cost_per_engaged_account, cost_per_opportunity_account, cost_per_won_account", "nps", "engagement"} {
		if !missing[k] {
			t.Errorf("%q not reported unavailable: %v", k, r.Unavailable)
		}
	}
	for _, s := range r.Stages {
		for _, k := range s.KPIs {
			if k.Value != nil && (math.IsNaN(*k.Value) || math.IsInf(*k.Value, 0)) {
				t.Errorf("%s.%s = %v", s.Stage, k.Key, *k.Value)
			}
			// With no events table the engagement figures are unknown,
			// not zero.
			if s.Stage == "engaged" && k.Key != "cost_per_engaged_account" && k.Value != nil {
				t.Errorf("engaged.%s = %v with no events table, want null", k.Key, *k.Value)
			}
		}
	}
}

func TestLeadFunnelWithSDRReady(t *testing.T) {
	// Pricing page and chat are worth 10 each and the cutoff is 10: L1
	// (pricing on 01-02, before its opportunity) and L4 (chat on 02-03,
	// before its lost deal) are ready; L1 won. 5 → 2 → 2 → 1.
	ws := loadFixture(t, funnelFixture, 0)
	ctx := context.Background()
	opt := queries.OutcomeOptions{WindowSet: true}
	d, err := scoring.LoadData(ctx, ws, opt)
	if err != nil {
		t.Fatal(err)
	}
	cfg := scoring.Default()
	cfg.Pain = []scoring.Rule{{Factor: "event:pricing_page_view", Points: 10}, {Factor: "event:chat_conversation", Points: 10}}
	cfg.Cutoff = 10
	if _, err := d.Prepare(ctx, cfg); err != nil {
		t.Fatal(err)
	}
	s := d.Score(cfg, scoring.History)
	ready := make([]bool, d.N())
	for i := range ready {
		ready[i] = s.Score(i) >= cfg.Cutoff
	}
	if err := queries.MarkReady(ctx, ws, ready); err != nil {
		t.Fatal(err)
	}
	r, err := BuildFunnel(ctx, ws, opt, queries.FunnelFilter{SDRReady: true})
	if err != nil {
		t.Fatal(err)
	}
	var got []int64
	for _, s := range r.LeadFunnel {
		got = append(got, s.Leads)
	}
	if len(r.LeadFunnel) != 4 || r.LeadFunnel[1].Stage != "sdr_ready" || fmt.Sprint(got) != "[5 2 2 1]" {
		t.Errorf("lead funnel %+v", r.LeadFunnel)
	}
	// Counted in memory, as the workbench does, the same stages.
	if c := ReadyStages(d, s, cfg.Cutoff, nil); c != (ReadyCounts{Ready: 2, Opp: 2, Won: 1}) {
		t.Errorf("in memory: %+v", c)
	}
	plain, err := BuildFunnel(ctx, ws, opt, queries.FunnelFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if nested := plain.WithSDRReady(ReadyStages(d, s, cfg.Cutoff, nil)); !reflect.DeepEqual(nested.LeadFunnel, r.LeadFunnel) || !reflect.DeepEqual(nested.Notes, r.Notes) {
		t.Errorf("WithSDRReady %+v, SQL %+v", nested.LeadFunnel, r.LeadFunnel)
	}
}

func TestExpandedNestsInRetained(t *testing.T) {
	// Without its renewal, A1 expanded but never retained: the expanded
	// stage (a share of the retained) is empty, and the expansion rate of
	// won accounts says A1 expanded all the same.
	files := map[string]string{}
	for k, v := range funnelFixture {
		files[k] = v
	}
	files["deals.csv"] = strings.Replace(funnelFixture["deals.csv"], "D3,A1,,renewal,won,2025-01-20,2025-01-30,1100,12\n", "", 1)
	ws := loadFixture(t, files, 0)
	r, err := BuildFunnel(context.Background(), ws, queries.OutcomeOptions{WindowSet: true}, queries.FunnelFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if r.Stages[4].Accounts != 0 || r.Stages[5].Accounts != 0 {
		t.Errorf("retained %d, expanded %d; want 0 and 0", r.Stages[4].Accounts, r.Stages[5].Accounts)
	}
	near(t, "expansion rate", kpi(t, r.Stages[5], "expansion_rate"), 1)
}

func TestKPIText(t *testing.T) {
	v := func(x float64) *float64 { return &x }
	for _, c := range []struct {
		k    KPI
		want string
	}{
		{KPI{Unit: "share", Value: v(0.6315)}, "63.15%"},
		{KPI{Unit: "money", Value: v(10005534.4)}, "$10,005,534"},
		{KPI{Unit: "days", Value: v(51.83)}, "51.8"},
		{KPI{Unit: "count", Value: v(1312)}, "1,312"},
		{KPI{Unit: "count", Value: v(1.5)}, "1.50"},
		{KPI{Unit: "share"}, "—"},
	} {
		if got := c.k.Text(); got != c.want {
			t.Errorf("%+v: %q, want %q", c.k, got, c.want)
		}
	}
}

// With no events table the engaged stage is unknown, not 0, and the later
// stages count accounts without asking for engagement: the opportunity
// stage converts from the target accounts.
func TestFunnelWithoutEventsSkipsEngagement(t *testing.T) {
	ws := loadFixture(t, map[string]string{
		"accounts.csv": "account_id,target\nA,true\nB,true\nC,true\n",
		"leads.csv":    "lead_id,account_id,created_at\nx,A,2024-01-01\ny,B,2024-01-01\nz,C,2024-01-01\n",
		"deals.csv":    "deal_id,account_id,kind,status,amount,created_at,closed_at\nd1,A,new,won,100,2024-01-05,2024-01-10\nd2,B,new,open,100,2024-01-05,\n",
	}, 0)
	r, err := BuildFunnel(context.Background(), ws, queries.OutcomeOptions{}, queries.FunnelFilter{})
	if err != nil {
		t.Fatal(err)
	}
	engaged, opp, won := r.Stages[1], r.Stages[2], r.Stages[3]
	if engaged.Unknown == "" || engaged.Conversion != nil {
		t.Errorf("engaged stage %+v: want unknown with no conversion", engaged)
	}
	if opp.Accounts != 2 || won.Accounts != 1 {
		t.Errorf("opportunity %d, won %d accounts; want 2 and 1", opp.Accounts, won.Accounts)
	}
	if opp.Conversion == nil || math.Abs(*opp.Conversion-2.0/3) > 1e-12 {
		t.Errorf("opportunity converts at %v, want 2/3 of the target accounts", opp.Conversion)
	}
	b, err := json.Marshal(engaged)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), `"accounts":null`) {
		t.Errorf("engaged stage JSON %s: want accounts null", b)
	}
}

// TestFunnelOutcomesFollowSettings: BuildFunnel keeps the outcomes it
// computed for the next filter, but not once another view has replaced
// them under other settings: its lead funnel is the same as at first.
func TestFunnelOutcomesFollowSettings(t *testing.T) {
	ctx := context.Background()
	ws := loadFixture(t, map[string]string{
		"accounts.csv": "account_id,tier\nA,1\nB,2\n",
		"leads.csv":    "lead_id,account_id,created_at\na,A,2024-01-01\nb,A,2024-01-01\nc,B,2024-03-01\n",
		"deals.csv":    "deal_id,lead_id,account_id,kind,status,created_at,closed_at\nd1,a,A,new,won,2024-01-10,2024-05-10\nd2,c,B,new,won,2024-03-05,2024-03-20\n",
	}, 0)
	opt := queries.OutcomeOptions{WindowSet: true, WindowDays: 365}
	first, err := BuildFunnel(ctx, ws, opt, queries.FunnelFilter{})
	if err != nil {
		t.Fatal(err)
	}
	// a won after 130 days: won within a year, not within 30 days.
	if _, err := queries.ComputeOutcomes(ctx, ws, queries.OutcomeOptions{WindowSet: true, WindowDays: 30}); err != nil {
		t.Fatal(err)
	}
	again, err := BuildFunnel(ctx, ws, opt, queries.FunnelFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(again.LeadFunnel, first.LeadFunnel) {
		t.Errorf("lead funnel after outcomes under a 30-day window: %+v, want %+v", again.LeadFunnel, first.LeadFunnel)
	}
}
