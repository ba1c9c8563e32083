package gen

import (
	"testing"
)

// TestTimingRules checks the timing the effects depend on: sales activity
// only after its opportunity opened, planted behaviour only in the first
// weeks and before the opportunity, quiet periods, cycle bounds, and the
// account-level deals.
func TestTimingRules(t *testing.T) {
	dir, _ := generate(t, Options{Leads: 20000, Seed: 5})
	asOf := defaultAsOf.Unix()
	leads := loadLeads(t, dir)
	deals := loadDeals(t, dir)
	byID := map[string]leadRec{}
	byAccount := map[string][]leadRec{}
	for _, l := range leads {
		byID[l.id] = l
		byAccount[l.account] = append(byAccount[l.account], l)
	}

	// Each lead's new deal, and each account's earliest account-level one.
	linked := map[string]dealRec{}
	accountLevel := map[string]dealRec{}
	var wonNew, wonAccountLevel int
	for _, d := range deals {
		if d.kind != "new" {
			continue
		}
		if d.status == "won" {
			wonNew++
		}
		owner := d.lead
		if d.lead == "" {
			if d.status != "won" && d.status != "open" {
				t.Errorf("deal %s: account-level new deal with status %s", d.id, d.status)
			}
			if d.status == "won" {
				wonAccountLevel++
			}
			var before []leadRec
			for _, l := range byAccount[d.account] {
				if l.created < d.created {
					before = append(before, l)
				}
			}
			if len(before) != 1 {
				t.Errorf("deal %s: %d leads created before it, want exactly 1", d.id, len(before))
				continue
			}
			owner = before[0].id
			if a, ok := accountLevel[d.account]; !ok || d.created < a.created {
				accountLevel[d.account] = d
			}
		} else {
			if _, dup := linked[d.lead]; dup {
				t.Errorf("lead %s has two new deals", d.lead)
			}
			linked[d.lead] = d
		}
		l := byID[owner]
		if lag := d.created - l.created; lag < minOppDays*day || lag > maxOppDays*day {
			t.Errorf("deal %s opens %.1f days after its lead", d.id, float64(lag)/day)
		}
		if d.closed != 0 && d.closed-l.created > MaxCycleDays*day {
			t.Errorf("deal %s closes %.1f days after first touch, more than %d", d.id, float64(d.closed-l.created)/day, MaxCycleDays)
		}
		if d.status == "open" && l.created < asOf-MaxCycleDays*day {
			t.Errorf("deal %s still open although its lead is older than the longest cycle", d.id)
		}
	}
	share := float64(wonAccountLevel) / float64(wonNew)
	t.Logf("%d won new deals, %.1f%% account-level", wonNew, 100*share)
	if share < 0.06 || share > 0.14 {
		t.Errorf("account-level share of won new deals %.3f, want about 0.10", share)
	}

	planted := map[string]bool{
		"trial_signup": true, "demo_request": true, "pricing_page_view": true, "webinar_attended": true,
		"whitepaper_download": true, "docs_page_view": true, "careers_page_view": true,
		"faq_page_view": true, "chat_conversation": true,
	}
	var sales, pre int
	scan(t, dir, "events", func(r row) {
		ev, at := r.get("event"), parseTS(t, r.get("occurred_at"))
		if r.get("category") == "sales" {
			sales++
			d, ok := linked[r.get("lead_id")]
			if r.get("lead_id") == "" {
				d, ok = accountLevel[r.get("account_id")]
			}
			if !ok || at <= d.created {
				t.Fatalf("%s at %s is not after its opportunity (%v, %+v)", ev, r.get("occurred_at"), ok, d)
			}
			return
		}
		l, ok := byID[r.get("lead_id")]
		if !ok {
			return // account-level ad events
		}
		d, hasOpp := linked[l.id]
		if planted[ev] {
			pre++
			if at <= l.created || at >= l.created+engageDays*day || (hasOpp && at >= d.created) {
				t.Fatalf("lead %s: %s at %s is outside its engagement phase", l.id, ev, r.get("occurred_at"))
			}
		}
		// Between the opportunity and its close a lead does nothing but
		// sales activity, which is what keeps the leakage rule honest.
		if hasOpp && at >= d.created && (d.closed == 0 || at < d.closed) {
			t.Fatalf("lead %s: %s at %s during its sales cycle", l.id, ev, r.get("occurred_at"))
		}
		// Leads without a linked opportunity are quiet after their first
		// month until QuietDays, whatever window an analysis picks.
		if !hasOpp && at >= l.created+engageDays*day && at < l.created+QuietDays*day {
			t.Fatalf("lead %s: %s at %s in its quiet period", l.id, ev, r.get("occurred_at"))
		}
	})
	if sales == 0 || pre == 0 {
		t.Errorf("found %d sales events and %d planted events; the checks saw nothing", sales, pre)
	}
}
