package draft

import (
	"context"
	"maps"
	"path/filepath"
	"strings"
	"testing"

	"github.com/leadlab/leadlab/queries"
)

// The made-up Salesforce and HubSpot exports in testdata (see its README)
// are recognised, and their drafts load as written with the outcomes the
// rows were made to have.
func TestKnownLayouts(t *testing.T) {
	for _, c := range []struct {
		dir                    string
		leads, wonLeads        int64
		won, lost, open        int64
		wonRevenue             float64
		ignored, mapped, notes []string
	}{
		{
			dir: "salesforce", leads: 10, wonLeads: 2, won: 2, lost: 1, open: 2, wonRevenue: 57000,
			ignored: []string{"Status", "ConvertedOpportunityId", "ConvertedDate", "IsWon", "IsClosed", "Probability", "ForecastCategoryName"},
			mapped: []string{"file: Account.csv", "file: Lead.csv", "file: Opportunity.csv", "account_id: Id", "lead_id: Id", "deal_id: Id",
				"converted: IsConverted", "account_id: ConvertedAccountId", "status: StageName", "Closed Won: won", "Closed Lost: lost",
				"Negotiation/Review: open", "closed_at: CloseDate", "amount: Amount", "account_id: AccountId", "created_at: CreatedDate"},
			notes: []string{"Contact.csv: also looks like leads, which Lead.csv supplies", "ConvertedAccountId is filled only once a lead converts"},
		},
		{
			dir: "hubspot", leads: 6, wonLeads: 1, won: 1, lost: 1, open: 2, wonRevenue: 24000,
			ignored: []string{"Lifecycle Stage", "Became a Customer Date", "Closed Lost Reason"},
			mapped: []string{"lead_id: Record ID", "deal_id: Record ID", "account_id: Record ID", "created_at: Create Date",
				"status: Deal Stage", "Contract Sent: open", "closed_at: Close Date", "amount: Amount",
				"account_id: Associated Company ID", "lead_id: Associated Contact ID", "- '%Y-%m-%d %H:%M'"},
			notes: []string{`Job Title: "-" in 2 rows looks like a placeholder`},
		},
	} {
		t.Run(c.dir, func(t *testing.T) {
			ws, res, text := loadDraft(t, filepath.Join("testdata", c.dir))
			for _, col := range c.ignored {
				if !strings.Contains(text, "- "+scalar(col)+"   # ") {
					t.Errorf("%s is not proposed for ignore", col)
				}
			}
			for _, want := range append(c.mapped, c.notes...) {
				if !strings.Contains(text, want) {
					t.Errorf("draft lacks %q", want)
				}
			}
			if t.Failed() {
				t.Log(text)
			}
			if res.RejectCount != 0 {
				t.Errorf("rejects: %v", res.Rejects)
			}
			ctx := context.Background()
			o, err := queries.ComputeOutcomes(ctx, ws, queries.OutcomeOptions{WindowSet: true})
			if err != nil {
				t.Fatal(err)
			}
			if o.Leads != c.leads || o.Won != c.wonLeads {
				t.Errorf("leads %d won %d, want %d and %d", o.Leads, o.Won, c.leads, c.wonLeads)
			}
			var won, lost, open int64
			var revenue float64
			err = ws.DB.QueryRow(`SELECT count(*) FILTER (WHERE status = 'won'), count(*) FILTER (WHERE status = 'lost'),
				count(*) FILTER (WHERE status = 'open'), coalesce(sum(amount) FILTER (WHERE status = 'won'), 0) FROM deals`).Scan(&won, &lost, &open, &revenue)
			if err != nil {
				t.Fatal(err)
			}
			if won != c.won || lost != c.lost || open != c.open || revenue != c.wonRevenue {
				t.Errorf("deals won %d lost %d open %d revenue %v, want %d %d %d %v", won, lost, open, revenue, c.won, c.lost, c.open, c.wonRevenue)
			}
		})
	}
}

// sfID writes a made-up Salesforce lead id of the fixture (L001 →
// 00Q5g00000L001AAA); "-" stays, for an event with no lead.
func sfID(short string) string {
	if short == "-" {
		return short
	}
	return "00Q5g00000" + short + "AAA"
}

// eventCounts counts the loaded events by name and lead ("-" none).
func eventCounts(t *testing.T, ws *queries.Workspace) map[string]int {
	t.Helper()
	rows, err := ws.DB.Query(`SELECT event, coalesce(lead_id, '-'), count(*) FROM events GROUP BY ALL`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	got := map[string]int{}
	for rows.Next() {
		var event, lead string
		var n int
		if err := rows.Scan(&event, &lead, &n); err != nil {
			t.Fatal(err)
		}
		got[event+" "+lead] = n
	}
	return got
}

// The activity and campaign exports of the fixtures load as events,
// campaigns and spend; the deal types as kinds; and an open deal's
// expected close date is not a close. Every figure below is counted from
// the fixture rows (see testdata/README.md).
func TestKnownLayoutActivities(t *testing.T) {
	// Salesforce: CampaignMember, Event and Task are drafted together,
	// each with its own columns; LeadId names each member's lead, WhoId
	// the lead of a task or meeting, or the contact a converted lead
	// became, mapped back to the lead.
	ws, res, text := loadDraft(t, filepath.Join("testdata", "salesforce"))
	if res.RejectCount != 0 {
		t.Errorf("rejects: %v", res.Rejects)
	}
	want := map[string]int{}
	for _, l := range []string{"L001", "L002", "L003", "L005", "L008"} {
		want["Responded "+sfID(l)]++
	}
	for _, l := range []string{"L001", "L003", "L006", "L007", "L009", "L010"} {
		want["Sent "+sfID(l)]++
	}
	for k, n := range map[string]int{ // Task.csv
		"Call " + sfID("L001"): 1, "Call " + sfID("L002"): 1, "Call " + sfID("L006"): 1, "Call " + sfID("L009"): 1,
		"Email " + sfID("L001"): 1, "Email " + sfID("L005"): 1, "Task " + sfID("L008"): 1, "Task -": 1,
	} {
		want[k] += n
	}
	for k, n := range map[string]int{ // Event.csv
		"Meeting " + sfID("L001"): 1, "Meeting " + sfID("L003"): 1, "Meeting " + sfID("L006"): 1, "Call " + sfID("L008"): 1,
	} {
		want[k] += n
	}
	checkEvents(t, ws, want, text)
	checkScalar(t, ws, "SELECT count(*) FROM events", 11+8+4)
	checkScalar(t, ws, "SELECT count(*) FROM events WHERE occurred_at IS NOT NULL AND category = 'marketing'", 5)
	checkScalar(t, ws, "SELECT count(*) FROM events WHERE category = 'sales' AND occurred_at IS NOT NULL", 8+4)
	checkScalar(t, ws, "SELECT count(*) FROM events WHERE campaign = '7015g00000Cmp3AAA'", 6)
	checkScalar(t, ws, "SELECT count(*) FROM _sources WHERE \"table\" = 'events'", 3)
	checkScalar(t, ws, "SELECT count(*) FROM campaigns", 3)
	checkScalar(t, ws, "SELECT sum(amount) FROM spend", 18600)
	checkDeals(t, ws, map[string]int{"new": 4, "expansion": 1}, 3)
	// Without the expected close dates (2024-06-28, 2024-07-31) the
	// latest timestamp is the Spares opportunity's creation; the window
	// is the mean cycle of the two won leads (64.6 and 82.6 days) rounded
	// up, 74 days, so the 7 leads created after 6 February are maturing.
	checkAsOf(t, ws, "2024-04-20 15:00", 7)

	// HubSpot: the activity export; one meeting names only its company.
	ws, res, text = loadDraft(t, filepath.Join("testdata", "hubspot"))
	if res.RejectCount != 0 {
		t.Errorf("rejects: %v", res.Rejects)
	}
	checkEvents(t, ws, map[string]int{
		"EMAIL 501": 1, "EMAIL 502": 1, "EMAIL 504": 1, "CALL 501": 1, "CALL 503": 1,
		"MEETING 501": 1, "MEETING -": 1, "NOTE 503": 1, "TASK 505": 1,
	}, text)
	checkScalar(t, ws, "SELECT count(*) FROM events WHERE lead_id IS NULL AND account_id = '9002'", 1)
	checkDeals(t, ws, map[string]int{"new": 3, "expansion": 1}, 2)
	// The latest timestamp is the add-on deal's creation; the window is
	// the one won lead's 51.1 days, rounded up to 52: only the contact
	// created on 21 April is maturing.
	checkAsOf(t, ws, "2024-05-02 10:20", 1)
}

func checkEvents(t *testing.T, ws *queries.Workspace, want map[string]int, text string) {
	t.Helper()
	got := eventCounts(t, ws)
	if !maps.Equal(got, want) {
		t.Errorf("events by name and lead:\n got %v\nwant %v\n%s", got, want, text)
	}
}

func checkScalar(t *testing.T, ws *queries.Workspace, q string, want float64) {
	t.Helper()
	var got float64
	if err := ws.DB.QueryRow(q).Scan(&got); err != nil || got != want {
		t.Errorf("%s: %v (%v), want %v", q, got, err, want)
	}
}

// checkDeals checks the deals' kinds, that no open deal kept its
// expected close date, and that the won and lost ones kept theirs.
func checkDeals(t *testing.T, ws *queries.Workspace, kinds map[string]int, closedDated float64) {
	t.Helper()
	for k, n := range kinds {
		checkScalar(t, ws, "SELECT count(*) FROM deals WHERE kind = '"+k+"'", float64(n))
	}
	checkScalar(t, ws, "SELECT count(*) FROM deals WHERE status = 'open' AND closed_at IS NOT NULL", 0)
	checkScalar(t, ws, "SELECT count(*) FROM deals WHERE status <> 'open' AND closed_at IS NOT NULL", closedDated)
}

func checkAsOf(t *testing.T, ws *queries.Workspace, asOf string, maturing int64) {
	t.Helper()
	o, err := queries.ComputeOutcomes(context.Background(), ws, queries.OutcomeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if got := o.AsOf.Format("2006-01-02 15:04"); got != asOf || o.Maturing != maturing {
		t.Errorf("as of %s with %d maturing, want %s and %d", got, o.Maturing, asOf, maturing)
	}
}

func TestKindOf(t *testing.T) {
	for v, want := range map[string]string{
		"New Business": "new", "newbusiness": "new", "New Customer": "new",
		"Existing Business": "expansion", "existingbusiness": "expansion", "Existing Customer - Upgrade": "expansion", "Upsell": "expansion",
		"Renewal": "renewal", "Existing Customer - Replacement": "renewal", "Existing Customer - Downgrade": "renewal",
		"Partner": "", "": "",
	} {
		if got := kindOf(v); got != want {
			t.Errorf("%q: %q, want %q", v, got, want)
		}
	}
}

// An activity whose who is neither a lead nor a converted lead's contact
// leaves the lead link unmapped, with the reason; a campaign with no
// cost drafts no spend; both say so.
func TestActivityNotes(t *testing.T) {
	dir := writeDir(t, map[string]string{
		"Lead.csv":     "Id,CreatedDate\nq1,2024-01-01\nq2,2024-01-02\n",
		"Task.csv":     "Id,WhoId,TaskSubtype,CreatedDate\nt1,q1,Call,2024-01-03\nt2,c9,Email,2024-01-04\n",
		"Campaign.csv": "Id,Name,ActualCost\nk1,Webinar,100\nk2,Expo,\n",
	})
	d, err := Guess(dir)
	if err != nil {
		t.Fatal(err)
	}
	text := string(d.YAML(dir))
	for _, want := range []string{
		"WhoId looks like the link to leads, but 1 rows name a WhoId that is neither a lead of Lead.csv",
		"Task.csv: looks like events, but no column ties its rows to the leads or accounts drafted",
		"ActualCost is empty on 1 campaigns, and a spend row needs an amount: no spend table is drafted",
	} {
		if !strings.Contains(strings.Join(strings.Fields(strings.ReplaceAll(text, "#", "")), " "), want) {
			t.Errorf("draft lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "  events:") || strings.Contains(text, "  spend:") {
		t.Errorf("events or spend drafted:\n%s", text)
	}
}

// A HubSpot activity that names several contacts ("501;502") cannot be
// split by a manifest: the draft says how many rows do and what to do.
func TestActivitySeveralContacts(t *testing.T) {
	dir := writeDir(t, map[string]string{
		"contacts.csv":   "Record ID,Create Date\n501,2024-01-01\n502,2024-01-02\n",
		"activities.csv": "Activity ID,Activity type,Create date,Associated Contact IDs\n1,CALL,2024-01-03,501\n2,EMAIL,2024-01-04,501;502\n",
	})
	d, err := Guess(dir)
	if err != nil {
		t.Fatal(err)
	}
	text := string(d.YAML(dir))
	flat := strings.Join(strings.Fields(strings.ReplaceAll(text, "#", " ")), " ") // comments wrap
	if !strings.Contains(flat, "1 rows of Associated Contact IDs name several contacts separated by ;") {
		t.Errorf("no note of the row with several contacts:\n%s", text)
	}
}
