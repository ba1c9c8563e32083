package gen

import (
	"slices"
	"strconv"
	"testing"
)

// TestReferencesValid parses every table and checks that each id it refers
// to exists, that values stay in their documented sets, and that headers
// start with the canonical columns.
func TestReferencesValid(t *testing.T) {
	dir, st := generate(t, Options{Leads: 5000, Seed: 3, Gzip: true})
	asOf, start := defaultAsOf.Unix(), defaultAsOf.AddDate(0, -18, 0).Unix()
	canonical := map[string][]string{
		"accounts":  {"account_id", "name", "domain", "industry", "region", "employees", "target", "tier"},
		"leads":     {"lead_id", "account_id", "created_at", "email", "title", "role", "country", "source"},
		"events":    {"event", "lead_id", "account_id", "occurred_at", "category", "campaign"},
		"deals":     {"deal_id", "account_id", "lead_id", "kind", "status", "created_at", "closed_at", "amount", "contract_months"},
		"campaigns": {"campaign", "type", "segmented", "segment"},
		"spend":     {"date", "channel", "campaign", "account_id", "amount"},
		"nps":       {"account_id", "responded_at", "score"},
	}
	for table, cols := range canonical {
		scan(t, dir, table, func(r row) {
			for _, c := range cols {
				if _, ok := r.idx[c]; !ok {
					t.Fatalf("%s lacks column %s", table, c)
				}
			}
		})
	}
	if st.Files["leads"] != 5000 {
		t.Errorf("wrote %d leads, want 5000", st.Files["leads"])
	}

	unique := func(table string, seen map[string]bool, id string) {
		if id == "" || seen[id] {
			t.Errorf("%s: empty or duplicate id %q", table, id)
		}
		seen[id] = true
	}
	inTime := func(table, s string) {
		if v := parseTS(t, s); v < start || v >= asOf {
			t.Errorf("%s: time %s outside the data", table, s)
		}
	}

	accounts, targets := map[string]bool{}, 0
	scan(t, dir, "accounts", func(r row) {
		unique("accounts", accounts, r.get("account_id"))
		target, tier := r.get("target"), r.get("tier")
		switch {
		case target == "true" && (tier == "1" || tier == "2" || tier == "3"):
			targets++
		case target == "false" && tier == "":
		default:
			t.Errorf("account %s: target %q with tier %q", r.get("account_id"), target, tier)
		}
		if n, err := strconv.Atoi(r.get("employees")); err != nil || n <= 0 {
			t.Errorf("account %s: employees %q", r.get("account_id"), r.get("employees"))
		}
	})
	if share := float64(targets) / float64(len(accounts)); share < 0.2 || share > 0.3 {
		t.Errorf("target accounts are %.2f of all, want about 0.25", share)
	}

	leadAccount := map[string]string{}
	scan(t, dir, "leads", func(r row) {
		id := r.get("lead_id")
		if _, dup := leadAccount[id]; dup {
			t.Errorf("duplicate lead %s", id)
		}
		if !accounts[r.get("account_id")] {
			t.Errorf("lead %s: unknown account %s", id, r.get("account_id"))
		}
		leadAccount[id] = r.get("account_id")
		inTime("leads", r.get("created_at"))
	})

	campaigns := map[string]bool{}
	drip := []string{"welcome", "onboarding", "nurture", "product_engagement", "customer_onboarding", "upsell", "renewal", "transactional"}
	scan(t, dir, "campaigns", func(r row) {
		unique("campaigns", campaigns, r.get("campaign"))
		if !slices.Contains(drip, r.get("type")) {
			t.Errorf("campaign %s: type %q", r.get("campaign"), r.get("type"))
		}
		if (r.get("segmented") == "true") != (r.get("segment") != "") {
			t.Errorf("campaign %s: segmented %s with segment %q", r.get("campaign"), r.get("segmented"), r.get("segment"))
		}
	})

	categories := []string{"product", "marketing", "email", "ad", "web", "sales", "other"}
	scan(t, dir, "events", func(r row) {
		ev, lead, acct := r.get("event"), r.get("lead_id"), r.get("account_id")
		if !accounts[acct] {
			t.Fatalf("event %s: unknown account %s", ev, acct)
		}
		if lead != "" && leadAccount[lead] != acct {
			t.Fatalf("event %s: lead %s is not at account %s", ev, lead, acct)
		}
		if (ev == "ad_impression" || ev == "ad_click") != (lead == "") && r.get("category") != "sales" {
			t.Fatalf("event %s: lead_id %q; only ad events are account-level", ev, lead)
		}
		if !slices.Contains(categories, r.get("category")) {
			t.Fatalf("event %s: category %q", ev, r.get("category"))
		}
		if c := r.get("campaign"); c != "" && !campaigns[c] {
			t.Fatalf("event %s: unknown campaign %s", ev, c)
		}
		inTime("events", r.get("occurred_at"))
	})

	deals := map[string]bool{}
	scan(t, dir, "deals", func(r row) {
		id, lead := r.get("deal_id"), r.get("lead_id")
		unique("deals", deals, id)
		if !accounts[r.get("account_id")] {
			t.Errorf("deal %s: unknown account", id)
		}
		if lead != "" && leadAccount[lead] != r.get("account_id") {
			t.Errorf("deal %s: lead %s not at account %s", id, lead, r.get("account_id"))
		}
		if !slices.Contains([]string{"new", "renewal", "expansion"}, r.get("kind")) {
			t.Errorf("deal %s: kind %q", id, r.get("kind"))
		}
		created, closed := parseTS(t, r.get("created_at")), parseTS(t, r.get("closed_at"))
		switch status := r.get("status"); {
		case status == "open" && closed == 0:
		case (status == "won" || status == "lost") && closed > created:
			inTime("deals", r.get("closed_at"))
		default:
			t.Errorf("deal %s: status %q created %s closed %q", id, status, r.get("created_at"), r.get("closed_at"))
		}
		inTime("deals", r.get("created_at"))
		if a, err := strconv.ParseFloat(r.get("amount"), 64); err != nil || a <= 0 {
			t.Errorf("deal %s: amount %q", id, r.get("amount"))
		}
		if m := r.get("contract_months"); m != "12" && m != "24" {
			t.Errorf("deal %s: contract_months %q", id, m)
		}
	})

	scan(t, dir, "spend", func(r row) {
		if c := r.get("campaign"); c != "" && !campaigns[c] {
			t.Errorf("spend: unknown campaign %s", c)
		}
		if a := r.get("account_id"); a != "" && !accounts[a] {
			t.Errorf("spend: unknown account %s", a)
		}
		if !slices.Contains([]string{"search", "social", "display", "events", "email"}, r.get("channel")) {
			t.Errorf("spend: channel %q", r.get("channel"))
		}
		if a, err := strconv.ParseFloat(r.get("amount"), 64); err != nil || a <= 0 {
			t.Errorf("spend: amount %q", r.get("amount"))
		}
	})

	scan(t, dir, "nps", func(r row) {
		if !accounts[r.get("account_id")] {
			t.Errorf("nps: unknown account %s", r.get("account_id"))
		}
		if s, err := strconv.Atoi(r.get("score")); err != nil || s < 0 || s > 10 {
			t.Errorf("nps: score %q", r.get("score"))
		}
		inTime("nps", r.get("responded_at"))
	})
}
