package analysis

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/leadlab/leadlab/queries"
	"github.com/leadlab/leadlab/queries/load"
)

// kpiFixture is one target account, T, that engaged in every way and won,
// and a second, U, that won with no term on its contract. Every figure
// below is counted by hand from these rows.
var kpiFixture = map[string]string{
	"accounts.csv": "account_id,target\nT,true\nU,true\n",
	"leads.csv":    "lead_id,account_id,created_at\nL1,T,2024-01-01\nL2,U,2024-01-01\n",
	// Before T's win on 2024-03-01: one sales touch (meeting), two
	// marketing touches (an email open, a pricing view), three ad
	// impressions and two email sends. After it: a proposal, not counted.
	"events.csv": `event,lead_id,account_id,occurred_at,category
meeting_held,L1,,2024-02-01,sales
email_open,L1,,2024-01-10,email
pricing_page_view,L1,,2024-01-11,web
ad_impression,,T,2024-01-02,ad
ad_impression,,T,2024-01-03,ad
ad_impression,,T,2024-01-04,ad
email_sent,L1,,2024-01-05,email
email_sent,L1,,2024-01-06,email
website_visit,L1,,2024-01-07,web
docs_page_view,L1,,2024-01-08,web
chat_conversation,L1,,2024-01-09,web
demo_request,L1,,2024-01-12,marketing
ad_click,,T,2024-01-13,ad
proposal_sent,L1,,2024-03-05,sales
`,
	// Won new deals: D1 (T) 2,400 over 24 months, D2 (T) 600 over 12,
	// D3 (U) 1,500 with no term; D4 is lost and D5 a renewal: neither
	// counts in ACV.
	"deals.csv": `deal_id,account_id,lead_id,kind,status,created_at,closed_at,amount,contract_months
D1,T,L1,new,won,2024-02-15,2024-03-01,2400,24
D2,T,,new,won,2024-02-20,2024-03-10,600,12
D3,U,L2,new,won,2024-02-01,2024-02-10,1500,
D4,T,,new,lost,2024-02-01,2024-02-20,5000,12
D5,T,,renewal,won,2025-03-01,2025-03-01,7000,12
`,
}

// loadManifestWS writes files and a manifest beside them, loads it into a
// fresh workspace, and returns the workspace and the load's error.
func loadManifestWS(t *testing.T, files map[string]string, manifest string) (*queries.Workspace, error) {
	t.Helper()
	dir := t.TempDir()
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	path := filepath.Join(dir, "m.yaml")
	if err := os.WriteFile(path, []byte(manifest), 0o644); err != nil {
		t.Fatal(err)
	}
	ws, err := queries.Open(context.Background(), "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ws.Close() })
	plan, err := load.LoadManifest(path)
	if err != nil {
		return ws, err
	}
	_, err = load.Load(context.Background(), ws, plan)
	return ws, err
}

const kpiTables = `tables:
  accounts: {file: accounts.csv}
  leads: {file: leads.csv}
  events: {file: events.csv}
`

func kpiLabel(t *testing.T, s Stage, key string) string {
	t.Helper()
	for _, k := range s.KPIs {
		if k.Key == key {
			return k.Label
		}
	}
	t.Fatalf("%s has no KPI %s", s.Stage, key)
	return ""
}

func buildKPIFunnel(t *testing.T, ws *queries.Workspace) FunnelReport {
	t.Helper()
	r, err := BuildFunnel(context.Background(), ws, queries.OutcomeOptions{WindowSet: true}, queries.FunnelFilter{})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestACVAnnualByDefault(t *testing.T) {
	// A folder load: amount is the annual value. ACV = (2,400 + 600 +
	// 1,500) / 3 = 1,500. Dividing by the term, as leadlab once did, gives
	// (1,200 + 600 + 1,500) / 3 = 1,100.
	r := buildKPIFunnel(t, loadFixture(t, kpiFixture, 0))
	ex := r.Stages[5]
	near(t, "ACV", kpi(t, ex, "acv"), 1500)
	if l := kpiLabel(t, ex, "acv"); !strings.Contains(l, "amount is annual") {
		t.Errorf("ACV label %q does not say amount is annual", l)
	}
	// The same with a manifest that says so.
	ws, err := loadManifestWS(t, kpiFixture, kpiTables+"  deals: {file: deals.csv, amount_basis: annual}\n")
	if err != nil {
		t.Fatal(err)
	}
	near(t, "ACV, amount_basis: annual", kpi(t, buildKPIFunnel(t, ws).Stages[5], "acv"), 1500)
}

func TestACVFromContractValue(t *testing.T) {
	// amount is the whole contract: D1 2,400 × 12 / 24 = 1,200, D2 600 ×
	// 12 / 12 = 600; D3 has no term and is left out, with a note.
	// ACV = (1,200 + 600) / 2 = 900 (annualising D3 by nothing, as
	// leadlab once did, gave (1,200 + 600 + 1,500) / 3 = 1,100). Revenue
	// stays the amounts as given.
	ws, err := loadManifestWS(t, kpiFixture, kpiTables+"  deals:\n    file: deals.csv\n    amount_basis: contract\n")
	if err != nil {
		t.Fatal(err)
	}
	r := buildKPIFunnel(t, ws)
	ex := r.Stages[5]
	near(t, "ACV", kpi(t, ex, "acv"), 900)
	if l := kpiLabel(t, ex, "acv"); !strings.Contains(l, "× 12 / contract_months") {
		t.Errorf("ACV label %q does not say how amount is annualised", l)
	}
	near(t, "new won revenue", kpi(t, r.Stages[3], "new_won_revenue"), 4500)
	found := false
	for _, n := range r.Notes {
		found = found || strings.Contains(n, "ACV leaves out 1 won new deal with no contract_months")
	}
	if !found {
		t.Errorf("no note on the deal left out of ACV: %q", r.Notes)
	}

	// With no term on any won deal there is no ACV, and the report says why.
	files := map[string]string{}
	for k, v := range kpiFixture {
		files[k] = v
	}
	files["deals.csv"] = "deal_id,account_id,kind,status,amount\nD1,T,new,won,2400\n"
	ws, err = loadManifestWS(t, files, kpiTables+"  deals: {file: deals.csv, amount_basis: contract}\n")
	if err != nil {
		t.Fatal(err)
	}
	r = buildKPIFunnel(t, ws)
	for _, k := range r.Stages[5].KPIs {
		if k.Key == "acv" && k.Value != nil {
			t.Errorf("ACV = %v with no contract_months to annualise by", *k.Value)
		}
	}
	if !hasUnavailable(r, "acv") {
		t.Errorf("ACV not reported unavailable: %+v", r.Unavailable)
	}
}

func hasUnavailable(r FunnelReport, key string) bool {
	for _, u := range r.Unavailable {
		if u.KPI == key {
			return true
		}
	}
	return false
}

func TestEngagementKPIsCountEachEventOnce(t *testing.T) {
	// T's engagement events, each under one KPI: ad impressions 3, ad
	// clicks 1 (ad_click), high-value pages 2 (pricing_page_view,
	// demo_request: the default, events named like pricing or demo),
	// chats 1, web visits 2 (website_visit, docs_page_view: the web events
	// left). Email sends are exposures; the email open, meeting and
	// proposal are engagement under no KPI. Counting every web event as a
	// visit gave 4.
	r := buildKPIFunnel(t, loadFixture(t, kpiFixture, 0))
	e := r.Stages[1]
	near(t, "ad impressions", kpi(t, e, "ad_impressions"), 3)
	near(t, "ad clicks", kpi(t, e, "ad_clicks"), 1)
	near(t, "high-value visits", kpi(t, e, "high_value_visits"), 2)
	near(t, "chats", kpi(t, e, "chat_conversations"), 1)
	near(t, "web visits", kpi(t, e, "web_visits"), 2)
	if l := kpiLabel(t, e, "high_value_visits"); l != "high-value page visits (demo_request, pricing_page_view)" {
		t.Errorf("high-value label %q does not name the default pages", l)
	}
}

func TestHighValuePagesFromManifest(t *testing.T) {
	// The manifest names docs_page_view and chat_conversation: high-value
	// 2 (docs, chat), chats 0 (the chat counts as a high-value page only),
	// web visits 2 (website_visit, pricing_page_view); demo_request is
	// under no KPI now.
	ws, err := loadManifestWS(t, kpiFixture, kpiTables+"  deals: {file: deals.csv}\nfunnel:\n  high_value_pages:\n    - docs_page_view\n    - chat_conversation\n")
	if err != nil {
		t.Fatal(err)
	}
	e := buildKPIFunnel(t, ws).Stages[1]
	near(t, "high-value visits", kpi(t, e, "high_value_visits"), 2)
	near(t, "chats", kpi(t, e, "chat_conversations"), 0)
	near(t, "web visits", kpi(t, e, "web_visits"), 2)
	if l := kpiLabel(t, e, "high_value_visits"); l != "high-value page visits (docs_page_view, chat_conversation)" {
		t.Errorf("high-value label %q does not name the manifest's pages", l)
	}

	// A name no event has fails the load, on its line, with a suggestion.
	_, err = loadManifestWS(t, kpiFixture, kpiTables+"funnel:\n  high_value_pages:\n    - docs_page_view\n    - pricing_page_veiw\n")
	if err == nil || !strings.Contains(err.Error(), `m.yaml line 8: funnel.high_value_pages: no loaded event is named "pricing_page_veiw" (did you mean pricing_page_view?)`) {
		t.Errorf("unknown high-value page: %v", err)
	}
}

func TestHighValuePagesUndefined(t *testing.T) {
	// No event named like pricing or demo, and no list: the KPI is not a
	// zero but unavailable, and says how to define it.
	files := map[string]string{}
	for k, v := range kpiFixture {
		files[k] = v
	}
	files["events.csv"] = "event,lead_id,occurred_at,category\nwebsite_visit,L1,2024-01-07,web\n"
	r := buildKPIFunnel(t, loadFixture(t, files, 0))
	for _, k := range r.Stages[1].KPIs {
		if k.Key == "high_value_visits" && k.Value != nil {
			t.Errorf("high-value visits = %v with no high-value page defined", *k.Value)
		}
	}
	if !hasUnavailable(r, "high_value_visits") {
		t.Errorf("high-value visits not reported unavailable: %+v", r.Unavailable)
	}
}

func TestTouchesApartFromExposures(t *testing.T) {
	// Two won accounts, T and U; U has no events. Before T's first win
	// (2024-03-01): sales touches 1 (the meeting; the proposal came
	// after), marketing touches 7 (email_open, pricing_page_view,
	// website_visit, docs_page_view, chat_conversation, demo_request,
	// ad_click), ad impressions 3, email sends 2. Per won account, half of
	// each. Counting the exposures as marketing touches gave 12 / 2 = 6.
	r := buildKPIFunnel(t, loadFixture(t, kpiFixture, 0))
	w := r.Stages[3]
	near(t, "sales touches", kpi(t, w, "sales_touches_per_won_account"), 0.5)
	near(t, "marketing touches", kpi(t, w, "marketing_touches_per_won_account"), 3.5)
	near(t, "ad impressions", kpi(t, w, "ad_impressions_per_won_account"), 1.5)
	near(t, "email sends", kpi(t, w, "email_sends_per_won_account"), 1)
	for key, word := range map[string]string{
		"sales_touches_per_won_account": "interactions", "marketing_touches_per_won_account": "interactions",
		"ad_impressions_per_won_account": "exposures", "email_sends_per_won_account": "exposures",
	} {
		if l := kpiLabel(t, w, key); !strings.Contains(l, word) {
			t.Errorf("%s label %q does not say %s", key, l, word)
		}
	}
}
