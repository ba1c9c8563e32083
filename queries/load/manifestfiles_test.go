package load

import (
	"context"
	"errors"
	"path/filepath"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/leadlab/leadlab/queries/internal/sqltext"
	"github.com/leadlab/leadlab/queries/internal/testkit"
)

// severalFiles is a Salesforce-like export whose activities come in two
// files with different columns, and a third in NDJSON.
var severalFiles = map[string]string{
	"Lead.csv": "Id,CreatedDate\nL1,2024-01-01\nL2,2024-01-02\nL3,2024-01-03\n",
	// Line 4: a date that is none; line 5: a lead that is not there.
	"Task.csv": "Id,WhoId,TaskSubtype,CreatedDate\n" +
		"T1,L1,Call,2024-02-01\n" +
		"T2,L2,Email,2024-02-02\n" +
		"T3,L3,Call,someday\n" +
		"T4,L9,Call,2024-02-04\n" +
		"T5,L3,Email,2024-02-05\n",
	// Different columns; "-" is a placeholder here only, and the types
	// are mapped to names of this file's own.
	"Event.csv": "Id,WhoId,Type,CreatedDate,Location\n" +
		"E1,L1,Meeting,2024-03-01,Zoom\n" +
		"E2,L2,Demo,-,Office\n" +
		"E3,L9,Meeting,2024-03-03,Zoom\n",
	// Record 2 (line 3) has a bad time.
	"Member.ndjson": `{"LeadId": "L1", "Status": "Responded", "At": "2024-04-01"}` + "\n" +
		`{"LeadId": "L2", "Status": "Sent", "At": "never"}` + "\n",
}

const severalManifest = `max_reject_share: 0.5
tables:
  leads:
    file: Lead.csv
    columns: {lead_id: Id, created_at: CreatedDate}
  events:
    - file: Task.csv
      columns: {lead_id: WhoId, event: TaskSubtype, occurred_at: CreatedDate}
      set: {category: sales}
    - file: Event.csv
      columns: {lead_id: WhoId, event: Type, occurred_at: CreatedDate}
      values: {event: {Demo: demo_held}}
      missing: ["-"]
      set: {category: sales}
    - file: Member.ndjson
      columns: {lead_id: LeadId, event: Status, occurred_at: At}
      set: {category: marketing}
`

// TestManifestSeveralFiles: a table listed as several files reads each
// with its own mapping into one table; every reject keeps its own file
// and line, and the load records each file with its own counts.
func TestManifestSeveralFiles(t *testing.T) {
	files := map[string]string{"manifest.yaml": severalManifest}
	for k, v := range severalFiles {
		files[k] = v
	}
	ws, res := loadManifestDir(t, files)
	// Task: 5 rows, T3 (bad date) and T4 (L9) rejected: 3 loaded.
	// Event: 3 rows, E3 (L9) rejected: 2 loaded, E2 with no time.
	// Member: 2 records, the second (bad date) rejected: 1 loaded.
	if n := testkit.Count(t, ws, "SELECT count(*) FROM events"); n != 6 {
		t.Errorf("%d events, want 6", n)
	}
	for q, want := range map[string]int64{
		"SELECT count(*) FROM events WHERE event = 'Call'":                                     1,
		"SELECT count(*) FROM events WHERE event = 'Email'":                                    2,
		"SELECT count(*) FROM events WHERE event = 'Meeting' AND lead_id = 'L1'":               1,
		"SELECT count(*) FROM events WHERE event = 'demo_held' AND occurred_at IS NULL":        1,
		"SELECT count(*) FROM events WHERE event = 'Responded' AND category = 'marketing'":     1,
		"SELECT count(*) FROM events WHERE category = 'sales'":                                 5,
		"SELECT count(*) FROM events WHERE occurred_at = TIMESTAMP '2024-02-05'":               1,
		"SELECT count(*) FROM _sources WHERE \"table\" = 'events'":                             3,
		"SELECT count(*) FROM _sources WHERE file LIKE '%Event.csv' AND rows_rejected = 1":     1,
		"SELECT count(*) FROM _sources WHERE file LIKE '%Task.csv' AND rows_loaded = 3":        1,
		"SELECT count(*) FROM _sources WHERE file LIKE '%Member.ndjson' AND rows_read = 2":     1,
		"SELECT count(*) FROM _rejects WHERE \"table\" = 'events'":                             4,
		"SELECT count(*) FROM events WHERE event = 'Meeting' AND lead_id = 'L9'":               0,
		"SELECT count(*) FROM events WHERE event = 'Sent'":                                     0,
		"SELECT count(*) FROM events WHERE event IN ('Call', 'Email') AND lead_id = 'L3'":      1,
		"SELECT count(*) FROM events WHERE event = 'Meeting' AND occurred_at IS NOT NULL":      1,
		"SELECT count(*) FROM events WHERE event = 'demo_held' AND lead_id = 'L2'":             1,
		"SELECT count(*) FROM events WHERE event = 'Responded' AND occurred_at IS NOT NULL":    1,
		"SELECT count(*) FROM events WHERE event = 'Email' AND occurred_at IS NOT NULL":        2,
		"SELECT count(*) FROM events WHERE event = 'Call' AND lead_id = 'L1'":                  1,
		"SELECT count(*) FROM events WHERE lead_id = 'L2'":                                     2, // T2 and E2; the member record is rejected
		"SELECT count(*) FROM events WHERE lead_id = 'L1'":                                     3,
		"SELECT count(*) FROM events WHERE lead_id = 'L3'":                                     1,
		"SELECT count(*) FROM events WHERE event = 'Demo'":                                     0, // mapped in Event.csv
		"SELECT count(*) FROM events WHERE event = 'Call' AND occurred_at = '2024-02-01'":      1,
		"SELECT count(*) FROM events WHERE event = 'Meeting' AND occurred_at = '2024-03-01'":   1,
		"SELECT count(*) FROM events WHERE event = 'Responded' AND occurred_at = '2024-04-01'": 1,
	} {
		if n := testkit.Count(t, ws, q); n != want {
			t.Errorf("%s: %d, want %d", q, n, want)
		}
	}
	got := map[string]string{}
	for _, r := range res.Rejects {
		if r.Table == "events" {
			got[filepath.Base(r.File)+" "+i64s(r.Line)+" "+r.Column] = r.Reason
		}
	}
	want := []string{"Event.csv 4 lead_id", "Member.ndjson 2 occurred_at", "Task.csv 4 occurred_at", "Task.csv 5 lead_id"}
	if keys := sortedKeys(got); !reflect.DeepEqual(keys, want) {
		t.Errorf("rejects at %v, want %v", keys, want)
	}
	var ev TableLoad
	for _, tl := range res.Tables {
		if tl.Table == "events" {
			ev = tl
		}
	}
	if ev.Read != 10 || ev.Loaded != 6 || ev.Rejected != 4 || len(ev.Files) != 3 || filepath.Base(ev.File) != "Task.csv" {
		t.Errorf("events summary %+v", ev)
	}
	info, err := ws.Info(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range info.Sources {
		if s.Table != "events" {
			continue
		}
		var names []string
		for _, f := range s.Files {
			names = append(names, filepath.Base(f.File))
		}
		if s.RowsRead != 10 || s.Loaded != 6 || !reflect.DeepEqual(names, []string{"Task.csv", "Event.csv", "Member.ndjson"}) {
			t.Errorf("stored events source %+v, files %v", s, names)
		}
	}
}

// TestManifestSeveralFilesDuplicates: an id given by two files is
// rejected in the later one, the reason naming the file that has it
// first; a duplicate within one file reads as before.
func TestManifestSeveralFilesDuplicates(t *testing.T) {
	_, res := loadManifestDir(t, map[string]string{
		"Lead.csv":    "Id,Title\nP1,CEO\nP2,CTO\nP2,CFO\n",
		"Contact.csv": "ContactId,Title\nP3,VP\nP1,Intern\n",
		"manifest.yaml": "max_reject_share: 0.5\ntables:\n  leads:\n" +
			"    - file: Lead.csv\n      columns: {lead_id: Id}\n" +
			"    - file: Contact.csv\n      columns: {lead_id: ContactId}\n",
	})
	got := map[string]string{}
	for _, r := range res.Rejects {
		got[filepath.Base(r.File)+" "+i64s(r.Line)] = r.Reason
	}
	if why := got["Contact.csv 3"]; !strings.Contains(why, "a row of Lead.csv has the same id") {
		t.Errorf("P1 of Contact.csv line 3: %q; rejects %v", why, got)
	}
	if why := got["Lead.csv 4"]; !strings.Contains(why, "an earlier row has the same id") {
		t.Errorf("P2 of Lead.csv line 4: %q; rejects %v", why, got)
	}
	if len(got) != 2 {
		t.Errorf("rejects %v, want 2", got)
	}
}

// TestManifestOneEntryList: a list of one entry loads exactly as the
// entry written as a mapping.
func TestManifestOneEntryList(t *testing.T) {
	files := map[string]string{
		"leads.csv": "Id,When,Src\nx1,2024-01-02,Select\nx2,soon,Web\nx1,2024-01-03,Ads\n",
	}
	entry := "file: leads.csv\n      columns: {lead_id: Id, created_at: When, source: Src}\n      missing: [Select]\n"
	dump := func(body string) []string {
		f := map[string]string{"manifest.yaml": "max_reject_share: 1\ntables:\n  leads:\n" + body}
		for k, v := range files {
			f[k] = v
		}
		ws, res := loadManifestDir(t, f)
		out := []string{i64s(res.RejectCount)}
		for _, r := range res.Rejects {
			out = append(out, r.String())
		}
		rows, err := ws.DB.Query("SELECT lead_id || '|' || coalesce(CAST(created_at AS VARCHAR), '') || '|' || coalesce(source, '') FROM leads ORDER BY 1")
		if err != nil {
			t.Fatal(err)
		}
		ss, err := sqltext.ScanColumn[string](rows)
		if err != nil {
			t.Fatal(err)
		}
		return append(out, ss...)
	}
	mapping := dump("    " + strings.ReplaceAll(entry, "      ", "    "))
	list := dump("    - " + entry)
	if !reflect.DeepEqual(mapping, list) {
		t.Errorf("mapping %v\nlist    %v", mapping, list)
	}
	if len(mapping) != 4 { // the count, 2 rejects, one lead
		t.Errorf("loaded %v", mapping)
	}
}

// TestManifestSeveralFilesAllOrNothing: when one file of a table fails,
// the load fails naming it, and the workspace keeps its old dataset.
func TestManifestSeveralFilesAllOrNothing(t *testing.T) {
	files := map[string]string{"manifest.yaml": severalManifest}
	for k, v := range severalFiles {
		files[k] = v
	}
	files["Event.csv"] = "Id,Who,Type,CreatedDate\nE1,L1,Meeting,2024-03-01\n" // WhoId is not there
	dir := testkit.WriteDir(t, files)
	ws := testkit.OpenWS(t)
	loadDir(t, ws, testkit.WriteDir(t, map[string]string{"leads.csv": "lead_id\nold1\n"}))
	plan, err := LoadManifest(filepath.Join(dir, "manifest.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	_, err = Load(context.Background(), ws, plan)
	var le *LoadError
	if !errors.As(err, &le) || !strings.Contains(err.Error(), "Event.csv") || !strings.Contains(err.Error(), `"WhoId"`) {
		t.Fatalf("err = %v", err)
	}
	if n := testkit.Count(t, ws, "SELECT count(*) FROM leads WHERE lead_id = 'old1'"); n != 1 {
		t.Errorf("the old dataset is gone")
	}
}

// TestManifestSeveralFilesErrors: the list form's mistakes name the
// entry and its line.
func TestManifestSeveralFilesErrors(t *testing.T) {
	for _, c := range []struct{ text, want string }{
		{"tables:\n  leads: {file: l.csv}\n  events:\n    - file: a.csv\n    - file: b.csv\n      nulls: [x]\n",
			"line 6: unknown key nulls (did you mean missing?)"},
		{"tables:\n  leads: {file: l.csv}\n  events: []\n", "line 3: tables.events: the list of files is empty"},
		{"tables:\n  leads: {file: l.csv}\n  events:\n    - file: a.csv\n    - file: ./a.csv\n",
			"line 5: tables.events[2]: ./a.csv is already read by the entry on line 4"},
		{"tables:\n  leads:\n    - file: a.csv\n    - file: b.csv\n      generate: {lead_id: row_number}\n",
			"line 5: tables.leads[2]: generate: numbers each file's records from 1"},
		{"tables:\n  leads: {file: l.csv}\n  events:\n    - file: a.csv\n    - file: b.csv\n      columns: {leadid: x}\n",
			`line 6: tables.events[2]: "leadid" is not a column of events (did you mean lead_id?)`},
		{"tables:\n  leads: {file: l.csv}\n  events:\n    - file: a.csv\n    - columns: {lead_id: x}\n",
			"line 5: tables.events[2]: file is missing"},
		{"tables:\n  leads: {file: l.csv}\n  deals:\n    - {file: a.csv, amount_basis: annual}\n    - {file: b.csv, amount_basis: contract}\n",
			"line 5: tables.deals[2].amount_basis: contract, but line 4 says annual"},
		{"tables:\n  leads: {file: l.csv}\n  events:\n    - 5\n", "line 4: cannot unmarshal"},
	} {
		_, err := ParseManifest("m.yaml", []byte(c.text))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q:\n got %v\nwant %q", c.text, err, c.want)
		}
	}
}

func i64s(n int64) string { return strconv.FormatInt(n, 10) }

func sortedKeys[V any](m map[string]V) []string {
	out := keysOf(m)
	sort.Strings(out)
	return out
}
