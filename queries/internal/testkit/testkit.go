// Package testkit holds what the tests of both halves of the data layer
// (queries' tests that load data, and queries/load's) share: the small
// datasets they load and the helpers that open, fill and count a
// workspace. A test of one package cannot import another's test files.
package testkit

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/leadlab/leadlab/queries"
	sampledata "github.com/leadlab/leadlab/sample-data"
)

// OutcomeFixture is a dataset small enough to work every outcome out by
// hand. Won leads and their cycles: L1 30 days, L2 100 days, L5 41 days
// (through an account-level deal), so the mean cycle is 57 days and the
// default window 57. The latest timestamp, and so the as-of date, is
// 2024-07-01 00:00.
var OutcomeFixture = map[string]string{
	"accounts.csv": "account_id\nA1\nA2\n",
	"leads.csv": `lead_id,account_id,created_at
L1,A1,2024-01-01
L2,A1,2024-01-01
L3,A1,2024-01-01
L4,A1,2024-06-20
L5,A2,2024-01-01
L6,A2,2024-03-01
L7,A1,2024-01-01
`,
	"deals.csv": `deal_id,account_id,lead_id,kind,status,created_at,closed_at
D1,A1,L1,new,won,2024-01-10,2024-01-31
D2,A1,L2,new,won,2024-02-01,2024-04-10
D5,A2,,new,won,2024-02-01,2024-02-11
D7,A1,L7,renewal,won,2024-01-05,2024-01-15
`,
	"events.csv": `event,lead_id,occurred_at
login,L1,2024-01-05 09:00:00
opp_day,L1,2024-01-10 00:00:00
meeting_held,L1,2024-01-12 10:00:00
webinar,L3,2024-02-26 12:00:00
webinar_late,L3,2024-02-28 12:00:00
last_seen,L3,2024-07-01 00:00:00
pricing,L6,2024-03-05 00:00:00
undated,L1,
`,
}

// TrickyClean is clean data in every shape the careful path accepts:
// padded values, enums in any case, whole numbers written 12.0 or 1e3,
// yes/no booleans, dates with and without times and offsets, quoted
// commas, empty and quoted-empty fields, numeric extras with and without
// leading zeros.
var TrickyClean = map[string]string{
	"accounts.csv": "account_id,name,employees,target,tier,zip,score\n" +
		" A1 , Acme ,12.0,yes,1,00123,1.5\n" +
		"A2,,  7 ,FALSE,,01000,2\n" +
		"A3,\"Quoted, Inc\",1e3,t,3,,\n",
	"leads.csv": "lead_id,account_id,created_at,email,converted\n" +
		"L1,A1,2024-01-01,a@x.com,1\n" +
		"L2,A2,2024-01-02T10:00:00Z,,no\n" +
		"L3,,2024-01-03 05:06:07+02:00,\"\",\n" +
		"L4,A3,2024-01-04T08:00:00.123,b@y.org,Y\n",
	"campaigns.csv": "campaign,type,segmented\nc1,Welcome,true\nc2,,\n",
	"deals.csv": "deal_id,status,lead_id,kind,amount,contract_months,closed_at\n" +
		"D1,Won,L1,,1000.50,12.0,2024-02-01\n" +
		"D2,LOST,L2,Renewal,,,\n",
	"events.csv": "event,lead_id,account_id,occurred_at,category,campaign\n" +
		"login,L1,,2024-01-05,Product,\n" +
		"visit,,A2,2024-01-06,,c1\n" +
		" webinar ,L3,A1,2024-01-07 10:00,marketing,c2\n",
	"nps.csv":   "score,account_id\n9,A1\n10.0,A2\n",
	"spend.csv": "amount,date,channel\n100,2024-01-01,search\n-5.5,,social\n",
}

// OpenWS opens an in-memory workspace closed at the end of the test.
func OpenWS(tb testing.TB) *queries.Workspace {
	tb.Helper()
	ws, err := queries.Open(context.Background(), "")
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { ws.Close() })
	return ws
}

// WriteDir writes files (name -> content) into a fresh temp folder.
func WriteDir(tb testing.TB, files map[string]string) string {
	tb.Helper()
	dir := tb.TempDir()
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	return dir
}

// SampleDir unpacks the embedded sample into a temp folder.
func SampleDir(tb testing.TB) string {
	tb.Helper()
	dir := tb.TempDir()
	if err := sampledata.Extract(dir); err != nil {
		tb.Fatal(err)
	}
	return dir
}

// Count runs a scalar count query.
func Count(tb testing.TB, ws *queries.Workspace, q string, args ...any) int64 {
	tb.Helper()
	var n int64
	if err := ws.DB.QueryRow(q, args...).Scan(&n); err != nil {
		tb.Fatalf("%s: %v", q, err)
	}
	return n
}

// OutcomesFor computes outcomes with opt and returns each lead's.
func OutcomesFor(tb testing.TB, ws *queries.Workspace, opt queries.OutcomeOptions) (queries.Outcomes, map[string]string) {
	tb.Helper()
	o, err := queries.ComputeOutcomes(context.Background(), ws, opt)
	if err != nil {
		tb.Fatal(err)
	}
	rows, err := ws.DB.Query("SELECT lead_id, outcome FROM derived.lead_outcomes")
	if err != nil {
		tb.Fatal(err)
	}
	defer rows.Close()
	got := map[string]string{}
	for rows.Next() {
		var id, out string
		if err := rows.Scan(&id, &out); err != nil {
			tb.Fatal(err)
		}
		got[id] = out
	}
	return o, got
}
