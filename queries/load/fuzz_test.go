package load

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/leadlab/leadlab/queries/internal/testkit"
)

// FuzzParseManifest: no manifest text makes the parser panic, and every
// rejection is a ManifestError naming the file.
func FuzzParseManifest(f *testing.F) {
	for _, seed := range []string{
		"tables:\n  leads:\n    file: leads.csv\n",
		"name: x\nbase: ..\nmax_reject_share: 0.05\ntables:\n  leads:\n    file: a.csv\n    columns: {lead_id: id}\n    values: {source: {A: a}}\n    set: {converted: 'true'}\n    date_format: ['%d/%m/%Y']\n    ignore: [x]\n    join: [{file: b.csv, on: k}]\n",
		"tables: [1, 2]", "tables:\n  leads: 5\n", ": : :", "\xff\xfe", "max_reject_share: .nan\n",
		"tables:\n  leads:\n    file: a.csv\n    delimiter: ';;'\n",
		"tables:\n  leads:\n    file: a.csv\n    missing: [Select, unknown, \"N/A\"]\n    generate: {lead_id: row_number}\n",
		"tables:\n  leads:\n    file: a.csv\n    missing:\n      title: [unknown, '-']\n      Lead Source: Select\n    ignore: [x]\n",
		"tables:\n  leads:\n    file: a.csv\n    missing: {}\n    generate: {lead_id: uuid}\n    nulls: [x]\n",
		"tables:\n  events:\n    file: e.csv\n    generate: {event: row_number}\n    missing: [[x]]\n",
		// The list form: several files for one table, each its own mapping.
		"tables:\n  leads: {file: l.csv}\n  events:\n    - file: Task.csv\n      columns: {lead_id: WhoId, event: TaskSubtype}\n" +
			"    - file: Event.csv\n      columns: {lead_id: WhoId, event: Type}\n      missing: ['-']\n      ignore: [Location]\n",
		"tables:\n  leads:\n    - {file: a.csv, generate: {lead_id: row_number}}\n    - {file: a.csv, nulls: 1}\n",
		"tables:\n  leads: []\n  events: [5, [x], {file: e.csv}, ~]\n",
		"x: &e {file: e.csv}\ntables:\n  leads: [*e, *e]\n  deals:\n    - {file: d.csv, amount_basis: annual}\n    - {file: e.csv, amount_basis: contract}\n",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		_, err := ParseManifest("m.yaml", data)
		if err == nil {
			return
		}
		var me *ManifestError
		if !errors.As(err, &me) {
			t.Fatalf("error of type %T: %v", err, err)
		}
		if !strings.Contains(err.Error(), "m.yaml") {
			t.Fatalf("message does not name the file: %v", err)
		}
	})
}

// FuzzLoadCSV: any bytes as leads.csv either load or fail with a
// LoadError, and a failed load leaves the workspace as it was. No panic,
// no half-loaded state.
func FuzzLoadCSV(f *testing.F) {
	for _, seed := range []string{
		goodLeads, "lead_id\n", "", "lead_id,created_at\nx,2024-13-45\n", "a;b\n1;2\n",
		"lead_id,title\nx,\"multi\nline\"\n", "lead_id\nx\nx\n", "lead_id,title\nx,\xff\xfe\n",
		"\"lead_id\nx\n", "lead_id,converted\nx,maybe\n",
	} {
		f.Add([]byte(seed))
	}
	ws := testkit.OpenWS(f)
	loadDir(f, ws, testkit.WriteDir(f, testkit.OutcomeFixture))
	var before int64
	if err := ws.DB.QueryRow("SELECT count(*) FROM leads").Scan(&before); err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		plan, _, err := PlanDir(testkit.WriteDir(t, map[string]string{"leads.csv": string(data)}))
		if err != nil {
			t.Fatal(err)
		}
		_, err = Load(context.Background(), ws, plan)
		if err == nil {
			// Restore the baseline for the next input.
			loadDir(t, ws, testkit.WriteDir(t, testkit.OutcomeFixture))
			return
		}
		var le *LoadError
		if !errors.As(err, &le) {
			t.Fatalf("error of type %T: %v", err, err)
		}
		var after int64
		if err := ws.DB.QueryRow("SELECT count(*) FROM leads").Scan(&after); err != nil || after != before {
			t.Fatalf("failed load changed the workspace: %d leads, was %d (%v)", after, before, err)
		}
	})
}
