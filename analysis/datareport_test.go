package analysis

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/leadlab/leadlab/queries"
	"github.com/leadlab/leadlab/queries/load"
	sampledata "github.com/leadlab/leadlab/sample-data"
)

func loadFixture(t *testing.T, files map[string]string, share float64) *queries.Workspace {
	t.Helper()
	dir := t.TempDir()
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return loadDirWS(t, dir, share)
}

// loadDirWS loads a folder into a fresh in-memory workspace, allowing the
// given share of rejects.
func loadDirWS(t testing.TB, dir string, share float64) *queries.Workspace {
	t.Helper()
	ws, err := queries.Open(context.Background(), "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ws.Close() })
	plan, _, err := load.PlanDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	plan.MaxRejectShare = share
	if _, err := load.Load(context.Background(), ws, plan); err != nil {
		t.Fatal(err)
	}
	return ws
}

func TestDataReport(t *testing.T) {
	// Three leads: a won in 10 days, b never won, c created 5 days before
	// the as-of date (maturing with the 10-day default window); d is a bad
	// row. Close rate = 1 / (1 + 1).
	ws := loadFixture(t, map[string]string{
		"leads.csv":  "lead_id,created_at\na,2024-01-01\nb,2024-01-01\nc,2024-03-27\nd,someday\n",
		"deals.csv":  "deal_id,lead_id,status,created_at,closed_at\nd1,a,won,2024-01-05,2024-01-11\n",
		"events.csv": "event,lead_id,occurred_at\nlogin,b,2024-04-01\n",
	}, 0.5)
	rep, err := BuildDataReport(context.Background(), ws, queries.OutcomeOptions{}, time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	o := rep.Outcome
	if o.WindowDays != 10 || o.Leads != 3 || o.Won != 1 || o.NotWon != 1 || o.Maturing != 1 {
		t.Errorf("outcome %+v; want window 10, 3 leads, 1 won, 1 not won, 1 maturing", o)
	}
	if o.CloseRate == nil || *o.CloseRate != 0.5 {
		t.Errorf("close rate %v, want 0.5", o.CloseRate)
	}
	if want := "only its own events strictly before its exposure cutoff: its first opportunity or the end of its 10-day window, whichever is earlier (with neither, every event through the as-of date)"; !strings.Contains(o.ExposureRule, want) {
		t.Errorf("exposure rule %q lacks %q", o.ExposureRule, want)
	}
	if !o.AsOf.Equal(time.Date(2024, 4, 1, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("as-of %v, want 2024-04-01", o.AsOf)
	}
	if rep.Deals["new"]["won"] != 1 || len(rep.Deals) != 1 {
		t.Errorf("deal counts %v, want one new won deal", rep.Deals)
	}
	leads := rep.Tables["leads"]
	if !leads.Loaded || leads.Rows != 3 || leads.Rejected != 1 || leads.From.Format("2006-01-02") != "2024-01-01" {
		t.Errorf("leads table %+v", leads)
	}
	if rep.Tables["nps"].Loaded || rep.Tables["nps"].Rows != 0 {
		t.Errorf("nps should be reported as not loaded: %+v", rep.Tables["nps"])
	}
	if rep.Rejected != 1 || len(rep.Rejects) != 1 || rep.Rejects[0].Line != 5 || rep.Rejects[0].Column != "created_at" {
		t.Errorf("rejects %d %+v", rep.Rejected, rep.Rejects)
	}
	// The JSON keys are a documented contract.
	data, err := json.Marshal(rep)
	if err != nil {
		t.Fatal(err)
	}
	var generic map[string]any
	json.Unmarshal(data, &generic)
	for _, k := range []string{"tables", "outcome", "rejects", "warnings"} {
		if _, ok := generic[k]; !ok {
			t.Errorf("JSON lacks %q", k)
		}
	}
	out := generic["outcome"].(map[string]any)
	for _, k := range []string{"window_days", "as_of", "leads", "won", "maturing"} {
		if _, ok := out[k]; !ok {
			t.Errorf("JSON outcome lacks %q", k)
		}
	}
}

// loadSample loads the embedded sample into a fresh workspace.
func loadSample(t *testing.T) *queries.Workspace {
	t.Helper()
	return loadSampleInto(t, t.TempDir())
}

func loadSampleInto(t testing.TB, dir string) *queries.Workspace {
	t.Helper()
	if err := sampledata.Extract(dir); err != nil {
		t.Fatal(err)
	}
	return loadDirWS(t, dir, load.DefaultMaxRejectShare)
}

// TestExposureRuleFollowsSettings: the rule in words names only the
// bounds that exist under the settings in force.
func TestExposureRuleFollowsSettings(t *testing.T) {
	for _, c := range []struct {
		o          queries.Outcomes
		has, lacks []string
	}{
		{queries.Outcomes{Basis: "deals", WindowDays: 30}, []string{"first opportunity", "30-day window, whichever is earlier", "as-of date"}, nil},
		{queries.Outcomes{Basis: "deals"}, []string{"first opportunity (with none, every event through the as-of date)"}, []string{"window"}},
		{queries.Outcomes{Basis: "converted", WindowDays: 30}, []string{"the end of its 30-day window"}, []string{"opportunity"}},
		{queries.Outcomes{Basis: "none"}, []string{"every event of its own through the as-of date", "no window and no deal"}, []string{"opportunity"}},
	} {
		got := exposureWords(c.o)
		for _, w := range c.has {
			if !strings.Contains(got, w) {
				t.Errorf("%+v: %q lacks %q", c.o, got, w)
			}
		}
		for _, w := range c.lacks {
			if strings.Contains(got, w) {
				t.Errorf("%+v: %q says %q", c.o, got, w)
			}
		}
		if !strings.Contains(got, "events with no time never count") {
			t.Errorf("%+v: %q does not say untimed events never count", c.o, got)
		}
	}
}
