package draft

import (
	"context"
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
