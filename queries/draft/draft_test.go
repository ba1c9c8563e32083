package draft

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/leadlab/leadlab/queries"
	"github.com/leadlab/leadlab/queries/load"
)

func writeDir(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestGuessDateForm(t *testing.T) {
	for _, c := range []struct {
		values []string
		ok     bool
		format string
		why    string
	}{
		{[]string{"2024-03-01", "2024-12-31"}, true, "", "ISO 8601"},
		{[]string{"2024-03-01 09:30:00", "2024-03-01T09:30:00Z"}, false, "", ""}, // two forms in one column
		{[]string{"2024-03-01T09:30:00Z", "2024-03-02T10:00:00+02:00"}, true, "", "ISO 8601"},
		{[]string{"25/03/2024", "01/04/2024"}, true, "%d/%m/%Y", "every value reads as %d/%m/%Y"},
		{[]string{"03/25/2024", "4/1/2024"}, true, "%m/%d/%Y", "every value reads as %m/%d/%Y"},
		{[]string{"03/01/2024", "04/02/2024"}, true, "%m/%d/%Y", "ambiguous"},
		{[]string{"25.03.2024 14:05"}, true, "%d.%m.%Y %H:%M", "every value"},
		{[]string{"2024-03-01 09:30"}, true, "%Y-%m-%d %H:%M", "every value"},
		{[]string{"12", "2024"}, false, "", ""},
		{[]string{"Closed Won"}, false, "", ""},
		{[]string{"2024-03-01", "soon"}, false, "", ""},
	} {
		got := guessDateForm(c.values)
		if got.OK != c.ok || got.Format != c.format || !strings.Contains(got.Why, c.why) {
			t.Errorf("%v: got %+v, want ok %v format %q why ~%q", c.values, got, c.ok, c.format, c.why)
		}
	}
}

func TestOutcomeOf(t *testing.T) {
	for v, want := range map[string]string{
		"Closed Won": "won", "Closed Lost": "lost", "Won": "won", "lost": "lost", "closedwon": "won",
		"Negotiation/Review": "open", "Prospecting": "open", "Wonderland": "open", "": "open",
	} {
		if got := outcomeOf(v); got != want {
			t.Errorf("%q: %s, want %s", v, got, want)
		}
	}
}

// exports is a tiny CRM export: contacts, opportunities with a stage, a
// loss reason and an onboarding owner known only after the outcome, day-
// first dates, a placeholder, and a lookup of reps with one spelt apart.
var exports = map[string]string{
	"crm_contacts.csv": "Contact ID,Created,Industry,Owner\n" +
		"c1,25/01/2024,Retail,Ann Lee\nc2,26/01/2024,Select,Bo Chen\nc3,02/02/2024,Select,Ann Lee\n" +
		"c4,13/02/2024,Health,Bo Chen\nc5,14/02/2024,Retail,Ann Lee\nc6,15/02/2024,Health,Bo Chen\n" +
		"c7,16/02/2024,Retail,Ann Lee\nc8,17/02/2024,Retail,Bo Chen\n",
	"opportunities.csv": "Opportunity ID,Contact ID,Stage,Close Date,Amount,Loss Detail,Onboarding Owner,Owner\n" +
		"o1,c1,Closed Won,20/02/2024,1000,,Kim,Ann Lee\n" +
		"o2,c2,Closed Lost,21/02/2024,,price,,BoChen\n" +
		"o3,c3,Closed Won,22/02/2024,500,,Kim,Ann Lee\n" +
		"o4,c4,Negotiation,,800,,,Bo Chen\n" +
		"o5,c5,Qualification,,,,,Ann Lee\n" +
		"o6,c6,Proposal,,,,,Bo Chen\n" +
		"o7,c7,Qualification,,,,,Ann Lee\n" +
		"o8,c8,Proposal,,,,,Bo Chen\n",
	"reps.csv":  "Owner,Team\nAnn Lee,East\nBo Chen,West\n",
	"notes.txt": "Table,Field\nx,y\nx,z\n",
}

func TestGuessTinyExport(t *testing.T) {
	dir := writeDir(t, exports)
	d, err := Guess(dir)
	if err != nil {
		t.Fatal(err)
	}
	text := string(d.YAML(dir))
	for _, want := range []string{
		"leads:\n    file: crm_contacts.csv   # named like leads (\"contacts\")",
		"lead_id: Contact ID   # named like an id",
		"created_at: Created   # a date column named like created_at; every value reads as %d/%m/%Y",
		"deals:\n    file: opportunities.csv   # named like deals (\"opportunities\")",
		"deal_id: Opportunity ID",
		"status: Stage",
		"Closed Won: won   # 2 rows",
		"Closed Lost: lost   # 1 row\n",
		"Qualification: open   # 2 rows",
		"closed_at: Close Date",
		"amount: Amount",
		"lead_id: Contact ID   # every value is found in Contact ID of crm_contacts.csv",
		"- '%d/%m/%Y'",
		"- Loss Detail   # named like an outcome field",
		"- Onboarding Owner   # filled on 2 won or lost rows and on none of the 5 open ones",
		`Industry: "Select" in 2 rows looks like a placeholder for missing`,
		"- file: reps.csv   # lists every Owner of this file once; adds Team",
		"BoChen: Bo Chen   # 1 row; differs from it only in case, spaces or punctuation",
		"notes.txt (columns Table, Field): not recognised",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("draft lacks %q:\n%s", want, text)
		}
	}
	// The Amount of an open deal is not a leak: it is filled on one open row.
	if strings.Contains(text, "- Amount") {
		t.Errorf("Amount proposed for ignore:\n%s", text)
	}

	// The draft loads as written, with day-first dates read right.
	path := filepath.Join(t.TempDir(), "m.yaml")
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	plan, err := load.LoadManifest(path)
	if err != nil {
		t.Fatalf("%v\n%s", err, text)
	}
	ws, err := queries.Open(context.Background(), "")
	if err != nil {
		t.Fatal(err)
	}
	defer ws.Close()
	res, err := load.Load(context.Background(), ws, plan)
	if err != nil {
		t.Fatalf("%v\n%s", err, text)
	}
	if res.RejectCount != 0 {
		t.Errorf("rejects: %v", res.Rejects)
	}
	var won, lost, open int
	var firstClose string
	err = ws.DB.QueryRow(`SELECT count(*) FILTER (WHERE status = 'won'), count(*) FILTER (WHERE status = 'lost'),
		count(*) FILTER (WHERE status = 'open'), strftime(min(closed_at), '%Y-%m-%d') FROM deals`).Scan(&won, &lost, &open, &firstClose)
	if err != nil {
		t.Fatal(err)
	}
	if won != 2 || lost != 1 || open != 5 || firstClose != "2024-02-20" {
		t.Errorf("won %d lost %d open %d first close %s, want 2 1 5 2024-02-20", won, lost, open, firstClose)
	}
	var team string
	if err := ws.DB.QueryRow(`SELECT "Team" FROM leads WHERE lead_id = 'c2'`).Scan(&team); err != nil || team != "West" {
		t.Errorf("joined team of c2: %q (%v), want West", team, err)
	}
}

func TestGuessNeedsLeads(t *testing.T) {
	dir := writeDir(t, map[string]string{"products.csv": "product,price\nA,1\n"})
	if _, err := Guess(dir); err == nil || !strings.Contains(err.Error(), "no file looks like a lead list") {
		t.Errorf("err %v", err)
	}
}

// A lead column filled only for leads whose deal closed (a customer
// success owner) is proposed for ignore; a lead column filled for leads
// with and without deals is not.
func TestGuessLeadLeakThroughDeals(t *testing.T) {
	leads := "lead_id,created_at,csm,segment\n"
	for i, row := range []string{"Kim,smb", ",smb", ",mid", ",mid", ",smb", ",ent", "Lou,ent"} {
		leads += "l" + string(rune('1'+i)) + ",2024-01-0" + string(rune('1'+i)) + "," + row + "\n"
	}
	dir := writeDir(t, map[string]string{
		"leads.csv": leads,
		"deals.csv": "deal_id,lead_id,status\nd1,l1,won\nd2,l7,lost\nd3,l2,open\n",
	})
	d, err := Guess(dir)
	if err != nil {
		t.Fatal(err)
	}
	text := string(d.YAML(dir))
	if !strings.Contains(text, "- csm   # filled on 2 won or lost rows and on none of the 5 open ones") {
		t.Errorf("csm is not proposed for ignore:\n%s", text)
	}
	if strings.Contains(text, "- segment") {
		t.Errorf("segment is proposed for ignore:\n%s", text)
	}
}

// A generic own id (Record ID) is never taken for a link to another
// table, even when its numbers happen to be ids there too.
func TestGuessOwnIDIsNoLink(t *testing.T) {
	dir := writeDir(t, map[string]string{
		"contacts.csv": "Record ID,Create Date\n1,2024-01-01\n2,2024-01-02\n3,2024-01-03\n4,2024-01-04\n",
		"deals.csv":    "Record ID,Deal Stage,Associated Contact ID\n1,Closed Won,3\n2,Closed Lost,4\n",
	})
	d, err := Guess(dir)
	if err != nil {
		t.Fatal(err)
	}
	text := string(d.YAML(dir))
	if !strings.Contains(text, "lead_id: Associated Contact ID") || strings.Contains(text, "lead_id: Record ID   # every value") {
		t.Errorf("the deals' lead link is wrong:\n%s", text)
	}
}

// A lead list with no id column but a unique email address is keyed by the
// address, and deals that name it link to it.
func TestGuessEmailAsLeadID(t *testing.T) {
	dir := writeDir(t, map[string]string{
		"Leads.csv":         "Email,Lead Source,Created\nana@acme.com,Web,2024-01-03\nbo@gmail.com,Select,2024-01-05\ncy@initech.com,Partner,2024-01-07\n",
		"Opportunities.csv": "Opportunity ID,Lead Email,Stage\nO1,ana@acme.com,Closed Won\nO2,cy@initech.com,Closed Lost\n",
	})
	d, err := Guess(dir)
	if err != nil {
		t.Fatal(err)
	}
	text := string(d.YAML(dir))
	for _, want := range []string{"lead_id: Email   # no id column; an email address", "lead_id: Lead Email   # every value"} {
		if !strings.Contains(text, want) {
			t.Errorf("no %q in\n%s", want, text)
		}
	}
}
