package queries_test

import (
	"context"
	"math"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/leadlab/leadlab/queries"
	"github.com/leadlab/leadlab/queries/internal/testkit"
	"github.com/leadlab/leadlab/queries/load"
	"github.com/leadlab/leadlab/sample-data/gen"
)

// viewFilters are the funnel filters the oracle tests try: none, each
// account filter alone, and two together.
func viewFilters(tb testing.TB, ws *queries.Workspace) []queries.FunnelFilter {
	tb.Helper()
	var industry, region string
	var first time.Time
	if err := ws.DB.QueryRow(`SELECT coalesce(min(industry), ''), coalesce(max(region), '') FROM accounts`).Scan(&industry, &region); err != nil {
		tb.Fatal(err)
	}
	if err := ws.DB.QueryRow(`SELECT min(created_at) FROM leads`).Scan(&first); err != nil {
		tb.Fatal(err)
	}
	from, to := first.AddDate(0, 2, 0), first.AddDate(0, 5, 0)
	return []queries.FunnelFilter{
		{},
		{Tier: 1},
		{Tier: 3},
		{Industry: strings.ToUpper(industry)},
		{Region: region},
		{CohortFrom: from, CohortTo: to},
		{Tier: 2, Industry: industry},
	}
}

// checkViewsMatchEvents requires the funnel and the campaigns read from
// the view summaries to equal, figure for figure, what the queries over
// the events (the code before the summaries) give.
func checkViewsMatchEvents(t *testing.T, ws *queries.Workspace) {
	t.Helper()
	ctx := context.Background()
	if _, err := queries.ComputeOutcomes(ctx, ws, queries.OutcomeOptions{}); err != nil {
		t.Fatal(err)
	}
	for _, f := range viewFilters(t, ws) {
		want, err := queries.FunnelFromEvents(ctx, ws, f)
		if err != nil {
			t.Fatal(err)
		}
		wantAccounts, err := queries.FunnelStageAccounts(ctx, ws, 3, 1000)
		if err != nil {
			t.Fatal(err)
		}
		got, err := queries.Funnel(ctx, ws, f)
		if err != nil {
			t.Fatal(err)
		}
		gotAccounts, err := queries.FunnelStageAccounts(ctx, ws, 3, 1000)
		if err != nil {
			t.Fatal(err)
		}
		// A mean of doubles summed in another order may differ in the
		// last bits (DuckDB's own order varies with its threads); shown
		// to one decimal, it is the same figure.
		if g, w := got.DaysToOpportunity, want.DaysToOpportunity; g.Valid == w.Valid && math.Abs(g.Float64-w.Float64) <= 1e-9*math.Abs(w.Float64) {
			got.DaysToOpportunity = want.DaysToOpportunity
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("filter %+v: summaries give\n%+v\nthe events give\n%+v", f, got, want)
		}
		if !reflect.DeepEqual(gotAccounts, wantAccounts) {
			t.Errorf("filter %+v: won accounts differ: %d against %d", f, len(gotAccounts), len(wantAccounts))
		}
		if want.Stages[0] == 0 && f == (queries.FunnelFilter{}) {
			t.Errorf("the unfiltered funnel is empty: the check proves nothing")
		}
	}
	for _, days := range []int{1, 7, 400} {
		want, err := queries.CampaignStatsFromEvents(ctx, ws, days)
		if err != nil {
			t.Fatal(err)
		}
		got, err := queries.CampaignStats(ctx, ws, days)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("campaigns within %d days: summaries give\n%+v\nthe events give\n%+v", days, got, want)
		}
	}
}

func TestViewSummariesMatchEventsOnSample(t *testing.T) {
	ws := testkit.OpenWS(t)
	loadDir(t, ws, testkit.SampleDir(t))
	checkViewsMatchEvents(t, ws)
}

func TestViewSummariesMatchEventsOnGenerated(t *testing.T) {
	if testing.Short() {
		t.Skip("generates a dataset")
	}
	dir := t.TempDir()
	if _, err := gen.Generate(context.Background(), gen.Options{Out: dir, Seed: 11, Leads: 2500, Drift: true}); err != nil {
		t.Fatal(err)
	}
	ws := testkit.OpenWS(t)
	loadDir(t, ws, dir)
	checkViewsMatchEvents(t, ws)
}

// TestViewSummariesKeyedByText: with the leads keyed by their ids, as
// when two ids share a hash, the summaries give the same figures.
func TestViewSummariesKeyedByText(t *testing.T) {
	queries.KeyLeadsByText(t)
	ws := testkit.OpenWS(t)
	loadDir(t, ws, testkit.SampleDir(t))
	checkViewsMatchEvents(t, ws)
	if n := testkit.Count(t, ws, "SELECT count(*) FROM view_campaign_days"); n == 0 {
		t.Fatal("no campaign day bins: the check proves nothing")
	}
}

// TestViewLeadKeys: the sample's lead ids hash to distinct numbers, so
// its summaries key leads by hash; the temporary key is gone afterwards.
func TestViewLeadKeys(t *testing.T) {
	ws := testkit.OpenWS(t)
	loadDir(t, ws, testkit.SampleDir(t))
	if n := testkit.Count(t, ws, "SELECT count(*) FROM leads WHERE "+
		"hash(lead_id) IN (SELECT hash(lead_id) FROM leads GROUP BY 1 HAVING count(*) > 1)"); n != 0 {
		t.Fatalf("%d sample leads share a hash", n)
	}
	var distinct bool
	if err := ws.DB.QueryRow(queries.SQL("view-lead-keys")).Scan(&distinct); err != nil || !distinct {
		t.Errorf("view-lead-keys says %v, %v; want true", distinct, err)
	}
	if n := testkit.Count(t, ws, "SELECT count(*) FROM duckdb_functions() WHERE function_name = 'view_lead_key'"); n != 0 {
		t.Errorf("the summaries' lead key macro outlived the load")
	}
}

// TestViewSummariesByHand checks the edges the generated data may miss:
// an event placed at its lead's account, an event without a time, a
// product event exactly 7 days after a send (within 7 days) and one a
// second later than 7 days after another (not within them), one at the
// very time of a send (not after it), and the touches before a won
// account's first win.
func TestViewSummariesByHand(t *testing.T) {
	ws := testkit.OpenWS(t)
	loadDir(t, ws, testkit.WriteDir(t, map[string]string{
		"accounts.csv":  "account_id,tier,target\nA,1,true\nB,2,true\nC,,false\n",
		"leads.csv":     "lead_id,account_id,created_at\na,A,2024-01-01\nb,A,2024-01-01\nc,B,2024-01-01\nd,C,2024-01-01\ne,,2024-01-01\n",
		"deals.csv":     "deal_id,lead_id,account_id,kind,status,created_at,closed_at\nd1,a,A,new,won,2024-01-10,2024-02-10\nd2,c,B,new,open,2024-01-20,\n",
		"campaigns.csv": "campaign,type\nnur,nurture\n",
		"events.csv": `event,lead_id,account_id,occurred_at,category,campaign
email_sent,a,,2024-02-01 00:00:00,email,nur
email_sent,b,,2024-02-01 00:00:00,email,nur
email_sent,c,,2024-02-01 00:00:00,email,nur
email_sent,e,,2024-02-01 00:00:00,email,nur
login,a,,2024-02-08 00:00:00,product,
login,b,,2024-02-08 00:00:01,product,
login,c,,2024-02-01 00:00:00,product,
pricing_page_view,b,,2024-01-15,web,
call,a,,2024-01-05,sales,
call,,A,,sales,
ad_impression,,B,2024-01-03,ad,
ad_click,d,,2024-01-03,ad,
`,
	}))
	ctx := context.Background()
	if _, err := queries.ComputeOutcomes(ctx, ws, queries.OutcomeOptions{}); err != nil {
		t.Fatal(err)
	}
	d, err := queries.Funnel(ctx, ws, queries.FunnelFilter{})
	if err != nil {
		t.Fatal(err)
	}
	// A and B are the targets, both engaged (c logged in at the send) and
	// with an opportunity; A won. Before A's win on 2024-02-10: a's call (the
	// call without a time is not before it) and the email sends to a and b.
	if d.Stages[0] != 2 || d.Stages[1] != 2 || d.WonAccounts != 1 || d.SalesTouches != 1 || d.SendTouches != 2 ||
		d.AdImpressions != 1 || d.HighValueVisits != 1 || d.AdClicks != 0 || d.EngagedLeads != 3 {
		t.Errorf("funnel %+v", d)
	}
	c, err := queries.CampaignStats(ctx, ws, 7)
	if err != nil {
		t.Fatal(err)
	}
	// Within 7 days of the send: a (exactly 7 days), not b (a second
	// more), not c (at the send itself), not e (no product event).
	if len(c) != 1 || c[0].Recipients != 4 || c[0].Sends != 4 || c[0].Engaged != 1 {
		t.Errorf("campaigns %+v", c)
	}
	checkViewsMatchEvents(t, ws)
}

// dropViewSummaries makes ws look loaded by a leadlab from before the
// view summaries.
func dropViewSummaries(ws *queries.Workspace) error {
	for _, tbl := range []string{"view_account_activity", "view_account_leads", "view_campaign_counts", "view_campaign_days"} {
		if _, err := ws.DB.Exec("DROP TABLE " + tbl); err != nil {
			return err
		}
	}
	return nil
}

// campaignsFromOlderWorkspace drops ws's view summaries and reads the
// campaigns, which builds them in the session.
func campaignsFromOlderWorkspace(ctx context.Context, ws *queries.Workspace) error {
	if err := dropViewSummaries(ws); err != nil {
		return err
	}
	_, err := queries.CampaignStats(ctx, ws, 7)
	return err
}

// TestOlderWorkspaceBuildsSummaries: a workspace loaded before the view
// summaries existed has none; the first view builds them in the session
// and gives the same figures.
func TestOlderWorkspaceBuildsSummaries(t *testing.T) {
	ws := testkit.OpenWS(t)
	loadDir(t, ws, testkit.SampleDir(t))
	if err := dropViewSummaries(ws); err != nil {
		t.Fatal(err)
	}
	if ok, err := queries.HasViewSummaries(context.Background(), ws); err != nil || ok {
		t.Fatalf("queries.HasViewSummaries = %v, %v after dropping them", ok, err)
	}
	checkViewsMatchEvents(t, ws)
	if n := testkit.Count(t, ws, queries.SQL("view-tables-derived")); n != int64(queries.ViewTableCount) {
		t.Errorf("%d summaries in the session, want %d", n, queries.ViewTableCount)
	}
}

// TestFailedLoadKeepsSummaries: a load cancelled while it builds the
// summaries, in the swap's transaction, leaves the old dataset and its
// summaries as they were.
func TestFailedLoadKeepsSummaries(t *testing.T) {
	ws := testkit.OpenWS(t)
	loadDir(t, ws, testkit.SampleDir(t))
	before := testkit.Count(t, ws, "SELECT count(*) FROM view_account_activity")
	leadsBefore := testkit.Count(t, ws, "SELECT count(*) FROM leads")
	dir := t.TempDir()
	if _, err := gen.Generate(context.Background(), gen.Options{Out: dir, Seed: 3, Leads: 500}); err != nil {
		t.Fatal(err)
	}
	plan, _, err := load.PlanDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	reached := false
	plan.Progress = func(done, total int, what string) {
		if strings.HasPrefix(what, "summarising") {
			reached = true
			cancel()
		}
	}
	if _, err := load.Load(ctx, ws, plan); err == nil {
		t.Fatal("a load cancelled while summarising succeeded")
	}
	if !reached {
		t.Fatal("the load never reached the summaries")
	}
	if n := testkit.Count(t, ws, "SELECT count(*) FROM leads"); n != leadsBefore {
		t.Errorf("leads %d after the failed load, %d before", n, leadsBefore)
	}
	if n := testkit.Count(t, ws, "SELECT count(*) FROM view_account_activity"); n != before {
		t.Errorf("account summaries %d after the failed load, %d before", n, before)
	}
	if ok, err := queries.HasViewSummaries(context.Background(), ws); err != nil || !ok {
		t.Errorf("queries.HasViewSummaries = %v, %v after the failed load", ok, err)
	}
}

// TestOutcomesRemembered: the session remembers which settings
// derived.lead_outcomes was computed under, so a funnel filter change
// keeps it; outcomes under other settings, or a load, make it unknown.
func TestOutcomesRemembered(t *testing.T) {
	ctx := context.Background()
	ws := testkit.OpenWS(t)
	dir := testkit.SampleDir(t)
	loadDir(t, ws, dir)
	if _, ok := queries.CurrentOutcomes(ws, queries.OutcomeOptions{}); ok {
		t.Fatal("outcomes current before any were computed")
	}
	first, err := queries.ComputeOutcomes(ctx, ws, queries.OutcomeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if o, ok := queries.CurrentOutcomes(ws, queries.OutcomeOptions{}); !ok || o.Won != first.Won || o.WindowDays != first.WindowDays {
		t.Errorf("queries.CurrentOutcomes = %+v, %v; want the outcomes just computed", o, ok)
	}
	month := queries.OutcomeOptions{WindowSet: true, WindowDays: 30}
	if _, err := queries.ComputeOutcomes(ctx, ws, month); err != nil {
		t.Fatal(err)
	}
	if _, ok := queries.CurrentOutcomes(ws, queries.OutcomeOptions{}); ok {
		t.Error("outcomes under the default window still current after a 30-day window replaced them")
	}
	if _, ok := queries.CurrentOutcomes(ws, month); !ok {
		t.Error("the 30-day outcomes not current")
	}
	loadDir(t, ws, dir)
	if _, ok := queries.CurrentOutcomes(ws, month); ok {
		t.Error("outcomes current after a load replaced the dataset")
	}
}
