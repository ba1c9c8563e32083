package load

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/leadlab/leadlab/queries"
	"github.com/leadlab/leadlab/queries/internal/testkit"
)

// loadManifestDir writes files (one of them manifest.yaml) and loads the
// manifest into a fresh workspace.
func loadManifestDir(t *testing.T, files map[string]string) (*queries.Workspace, LoadResult) {
	t.Helper()
	return loadManifestWS(t, filepath.Join(testkit.WriteDir(t, files), "manifest.yaml"))
}

// TestManifestMissing: the placeholders of missing: become missing before
// typing, so "N/A" in a date column is no reject; a table's list applies
// to every column, extra attributes included, and a column's list only to
// that column.
func TestManifestMissing(t *testing.T) {
	ws, res := loadManifestDir(t, map[string]string{
		"export.csv": "Id,First Touch,Lead Source,Specialization,Title\n" +
			"x1,2024-01-02,Google,Select,unknown\n" +
			"x2,N/A,Select,Finance,CEO\n" +
			"x3,2024-01-04,Unknown,-,-\n",
		"manifest.yaml": "tables:\n  leads:\n    file: export.csv\n" +
			"    columns: {lead_id: Id, created_at: First Touch, source: Lead Source, title: Title}\n" +
			"    missing: [Select, \"N/A\", unknown]\n",
	})
	if res.RejectCount != 0 {
		t.Fatalf("%d rejects: %v", res.RejectCount, res.Rejects)
	}
	for q, want := range map[string]int64{
		"SELECT count(*) FROM leads WHERE created_at IS NULL":                              1, // N/A
		"SELECT count(*) FROM leads WHERE source IS NULL":                                  1, // Select
		"SELECT count(*) FROM leads WHERE source = 'Unknown'":                              1, // matched exactly: Unknown is not unknown
		`SELECT count(*) FROM leads WHERE "Specialization" IS NULL`:                        1, // an extra attribute
		`SELECT count(*) FROM leads WHERE "Specialization" = '-' AND title = '-'`:          1, // not listed
		"SELECT count(*) FROM leads WHERE title IS NULL AND lead_id = 'x1'":                1,
		"SELECT count(*) FROM leads WHERE lead_id = 'x2' AND title = 'CEO'":                1,
		"SELECT count(*) FROM leads WHERE lead_id = 'x2' AND source IS NULL":               1,
		`SELECT count(*) FROM leads WHERE lead_id = 'x2' AND "Specialization" = 'Finance'`: 1,
	} {
		if n := testkit.Count(t, ws, q); n != want {
			t.Errorf("%s: %d, want %d", q, n, want)
		}
	}

	// A column's own list: "-" is missing in Title only.
	ws, _ = loadManifestDir(t, map[string]string{
		"export.csv": "Id,Specialization,Title\nx1,-,-\nx2,Finance,CEO\n",
		"manifest.yaml": "tables:\n  leads:\n    file: export.csv\n    columns: {lead_id: Id}\n" +
			"    missing:\n      title: ['-']\n",
	})
	if n := testkit.Count(t, ws, `SELECT count(*) FROM leads WHERE title IS NULL AND "Specialization" = '-'`); n != 1 {
		t.Errorf("title's list should apply to title only: %d rows", n)
	}
}

// TestManifestGeneratedID: generate: {lead_id: row_number} numbers a file
// with no id in its physical order, the same on every load, and deals
// can refer to those numbers.
func TestManifestGeneratedID(t *testing.T) {
	files := map[string]string{
		"leads.csv": "Email,Title\nb@corp.example,CFO\na@corp.example,CEO\nc@corp.example,VP Sales\n",
		"deals.csv": "deal,lead,stage\nd1,2,Closed Won\n",
		"manifest.yaml": "tables:\n  leads:\n    file: leads.csv\n    generate: {lead_id: row_number}\n" +
			"  deals:\n    file: deals.csv\n    columns: {deal_id: deal, lead_id: lead, status: stage}\n" +
			"    values: {status: {Closed Won: won}}\n",
	}
	for range 2 {
		ws, res := loadManifestDir(t, files)
		if res.RejectCount != 0 {
			t.Fatalf("%d rejects: %v", res.RejectCount, res.Rejects)
		}
		got := []string{}
		rows, err := ws.DB.Query("SELECT lead_id || ':' || email FROM leads ORDER BY CAST(lead_id AS INT)")
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var s string
			if err := rows.Scan(&s); err != nil {
				t.Fatal(err)
			}
			got = append(got, s)
		}
		rows.Close()
		if want := "1:b@corp.example 2:a@corp.example 3:c@corp.example"; strings.Join(got, " ") != want {
			t.Errorf("ids %q, want %q (the file's order)", strings.Join(got, " "), want)
		}
		if n := testkit.Count(t, ws, "SELECT count(*) FROM deals JOIN leads USING (lead_id) WHERE email = 'a@corp.example' AND status = 'won'"); n != 1 {
			t.Error("the deal did not find its lead by the generated id")
		}
	}
}

// TestManifestNewKeysRefused: missing: and generate: are checked when the
// manifest is read, on their own lines.
func TestManifestNewKeysRefused(t *testing.T) {
	const head = "tables:\n  leads:\n    file: leads.csv\n"
	checkManifestErrors(t, []manifestErrorCase{
		{"missing empty", head + "    missing: []\n", "line 4", []string{"missing:", "empty"}},
		{"missing blank entry", head + "    missing: [Select, \"\"]\n", "line 4", []string{"missing:", "missing already"}},
		{"missing nested", head + "    missing:\n      - [Select]\n", "line 5", []string{"one placeholder"}},
		{"missing column unknown", "tables:\n  leads:\n    file: leads.csv\n  events:\n    file: e.csv\n    missing:\n      evnt: [x]\n", "line 7", []string{`"evnt"`, "did you mean event"}},
		{"missing on an ignored column", head + "    ignore: [Industry]\n    missing:\n      industry: [Select]\n", "line 6", []string{"missing: names column industry, which ignore: drops"}},
		{"missing misspelt as nulls", head + "    nulls: [Select]\n", "line 4", []string{"unknown key nulls (did you mean missing?)"}},
		{"generate not the id", head + "    generate: {email: row_number}\n", "line 4", []string{"generate: email is not the id of leads", "lead_id"}},
		{"generate another way", head + "    generate: {lead_id: uuid}\n", "line 4", []string{`"uuid"`, "row_number"}},
		{"generate and map", head + "    columns: {lead_id: Id}\n    generate: {lead_id: row_number}\n", "line 5", []string{"both mapped from a column and generated"}},
		{"generate without id", head + "  events:\n    file: e.csv\n    generate: {event: row_number}\n", "line 6", []string{"events has no id column"}},
	})
}

// TestTrailingEmptyColumnIgnored: a stray delimiter ending every line
// makes an unnamed, empty last column; it is left out with a warning,
// never kept as the attribute column3. An unnamed column with values is
// kept, as before.
func TestTrailingEmptyColumnIgnored(t *testing.T) {
	ws := testkit.OpenWS(t)
	res := loadDir(t, ws, testkit.WriteDir(t, map[string]string{
		"leads.csv": "lead_id,Industry,title,\r\nx1,Retail,CEO,\r\nx2,Banking,CFO, \r\n",
	}))
	tl := res.Tables[0]
	if len(tl.Extras) != 1 || tl.Extras[0] != "Industry" {
		t.Errorf("extras %v, want [Industry]", tl.Extras)
	}
	if len(tl.Notes) != 1 || !strings.Contains(tl.Notes[0], "column 4 has no header and no values") {
		t.Errorf("notes %q, want one about column 4", tl.Notes)
	}
	if n := testkit.Count(t, ws, "SELECT count(*) FROM information_schema.columns WHERE table_name = 'leads' AND column_name = 'column3'"); n != 0 {
		t.Error("the empty column was kept as an attribute")
	}

	res = loadDir(t, testkit.OpenWS(t), testkit.WriteDir(t, map[string]string{
		"leads.csv": "lead_id,Industry,\nx1,Retail,a\nx2,Banking,\n",
	}))
	if tl := res.Tables[0]; len(tl.Extras) != 2 || len(tl.Notes) != 0 {
		t.Errorf("an unnamed column with a value: extras %v, notes %q; want it kept, no note", tl.Extras, tl.Notes)
	}
}

// TestIgnoreCanonicalName: ignore: drops a column even when its name is
// a canonical one, which would otherwise be read as that column (a CRM's
// campaign Type holds channels, not leadlab's drip types, and would
// reject every campaign).
func TestIgnoreCanonicalName(t *testing.T) {
	ws, res := loadManifestDir(t, map[string]string{
		"leads.csv":     "lead_id\nl1\n",
		"Campaign.csv":  "Id,Type\nc1,Webinar\nc2,Trade Show\n",
		"manifest.yaml": "tables:\n  leads:\n    file: leads.csv\n  campaigns:\n    file: Campaign.csv\n    columns: {campaign: Id}\n    ignore: [Type]\n",
	})
	if res.RejectCount != 0 {
		t.Fatalf("%d rejects: %v", res.RejectCount, res.Rejects)
	}
	if n := testkit.Count(t, ws, "SELECT count(*) FROM campaigns WHERE type IS NULL"); n != 2 {
		t.Errorf("%d campaigns without a type, want 2", n)
	}
}
