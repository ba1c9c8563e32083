package queries_test

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/leadlab/leadlab/queries"
)

// TestDriftEventCounts checks drift's counts of behaviours on leads built
// by hand around each edge. Under a 30-day window a lead's exposure
// cutoff is its deal's creation or 30 days after it was created.
//   - n1 is created exactly at the as-of date, so it is newer; its login
//     at exactly its cutoff (the deal's creation) is not before it, so
//     only its chat counts;
//   - n2 logs in twice (one lead, counted once), n3 once, and n3's
//     demo_request (the model's own) and email_open (a vanity signal)
//     are left out;
//   - m1 is still maturing, so its login is not counted;
//   - before the date: n0, created a second before it, o1 and o2 logged
//     in; o2's chat at exactly its window's end does not count.
func TestDriftEventCounts(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"leads.csv": "lead_id,created_at\n" +
			"o1,2025-01-01 00:00:00\no2,2025-01-05 00:00:00\nn0,2025-02-28 23:59:59\n" +
			"n1,2025-03-01 00:00:00\nn2,2025-03-02 00:00:00\nn3,2025-03-03 00:00:00\nm1,2025-05-20 00:00:00\n",
		"deals.csv": "deal_id,lead_id,status,created_at,closed_at\n" +
			"d1,o1,won,2025-01-10 00:00:00,2025-01-20 00:00:00\n" +
			"d2,n1,won,2025-03-05 12:00:00,2025-03-08 00:00:00\n" +
			"d3,n3,won,2025-03-10 00:00:00,2025-03-12 00:00:00\n",
		"events.csv": "event,lead_id,occurred_at\n" +
			"login,n1,2025-03-05 12:00:00\nlogin,n1,2025-03-06 00:00:00\nchat,n1,2025-03-04 00:00:00\n" +
			"login,n2,2025-03-10 00:00:00\nlogin,n2,2025-03-11 00:00:00\n" +
			"login,n3,2025-03-04 00:00:00\ndemo_request,n3,2025-03-04 00:00:00\nemail_open,n3,2025-03-04 00:00:00\n" +
			"login,m1,2025-05-21 00:00:00\nchat,m1,2025-05-25 00:00:00\n" +
			"login,o1,2025-01-05 00:00:00\nlogin,o2,2025-01-06 00:00:00\nchat,o2,2025-02-04 00:00:00\n" +
			"login,n0,2025-03-01 00:00:00\n",
	}
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	ctx := context.Background()
	ws, err := queries.Open(ctx, filepath.Join(t.TempDir(), "ws.duckdb"))
	if err != nil {
		t.Fatal(err)
	}
	defer ws.Close()
	loadDir(t, ws, dir)
	if _, err := queries.ComputeOutcomes(ctx, ws, queries.OutcomeOptions{WindowSet: true, WindowDays: 30}); err != nil {
		t.Fatal(err)
	}
	if _, err := queries.ScoringLeads(ctx, ws); err != nil {
		t.Fatal(err)
	}
	since := time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)
	newer, err := queries.DriftEventLeads(ctx, ws, since, []string{"", "demo_request", "email_open"})
	if err != nil {
		t.Fatal(err)
	}
	want := []queries.CohortCount{{Name: "chat", Newer: true, With: 1, WonWith: 1}, {Name: "login", Newer: true, With: 2, WonWith: 1}}
	if !slices.Equal(newer, want) {
		t.Errorf("newer leads' behaviours %+v, want %+v", newer, want)
	}
	older, err := queries.DriftEventLeadsBefore(ctx, ws, since, []string{"login", "chat"})
	if err != nil {
		t.Fatal(err)
	}
	want = []queries.CohortCount{{Name: "login", With: 3, WonWith: 1}}
	if !slices.Equal(older, want) {
		t.Errorf("older leads' behaviours %+v, want %+v", older, want)
	}
}
