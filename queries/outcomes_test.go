package queries_test

import (
	"context"
	"testing"
	"time"

	"github.com/leadlab/leadlab/queries"
	"github.com/leadlab/leadlab/queries/internal/testkit"
)

func exposed(t *testing.T, ws *queries.Workspace) map[string]bool {
	t.Helper()
	rows, err := ws.DB.Query("SELECT event FROM derived.exposed_events")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	got := map[string]bool{}
	for rows.Next() {
		var e string
		if err := rows.Scan(&e); err != nil {
			t.Fatal(err)
		}
		got[e] = true
	}
	return got
}

func assertOutcomes(t *testing.T, got, want map[string]string) {
	t.Helper()
	for id, w := range want {
		if got[id] != w {
			t.Errorf("lead %s: outcome %q, want %q", id, got[id], w)
		}
	}
}

func TestOutcomesDefaultWindow(t *testing.T) {
	ws := testkit.OpenWS(t)
	loadDir(t, ws, testkit.WriteDir(t, testkit.OutcomeFixture))
	o, got := testkit.OutcomesFor(t, ws, queries.OutcomeOptions{})
	if o.WindowDays != 57 || o.MeanCycleDays != 57 {
		t.Errorf("window %d, mean cycle %v; want 57 and 57", o.WindowDays, o.MeanCycleDays)
	}
	if want := time.Date(2024, 7, 1, 0, 0, 0, 0, time.UTC); !o.AsOf.Equal(want) {
		t.Errorf("as-of %v, want %v", o.AsOf, want)
	}
	assertOutcomes(t, got, map[string]string{
		"L1": "won",      // 30 days <= 57
		"L2": "not_won",  // won after 100 days: outside the window
		"L3": "not_won",  // never won, window long over
		"L4": "maturing", // created 11 days before as-of
		"L5": "won",      // account-level deal, lead created before it
		"L6": "not_won",  // created after the account's deal: not its win
		"L7": "not_won",  // a renewal is not a new win
	})
	if o.Leads != 7 || o.Won != 2 || o.Maturing != 1 || o.NotWon != 4 {
		t.Errorf("counts leads=%d won=%d maturing=%d not_won=%d; want 7, 2, 1, 4", o.Leads, o.Won, o.Maturing, o.NotWon)
	}
	ev := exposed(t, ws)
	for e, want := range map[string]bool{
		"login":        true,  // before L1's opportunity
		"opp_day":      false, // at the opportunity's creation: strictly before only
		"meeting_held": false, // post-opportunity sales activity
		"webinar":      true,  // before L3's window ends (2024-02-27)
		"webinar_late": false, // after it
		"last_seen":    false,
		"pricing":      false, // L6 joined an account already in an opportunity
		"undated":      false, // cannot be placed before the cutoff
	} {
		if ev[e] != want {
			t.Errorf("event %s exposed=%v, want %v", e, ev[e], want)
		}
	}
}

func TestOutcomesNoWindow(t *testing.T) {
	ws := testkit.OpenWS(t)
	loadDir(t, ws, testkit.WriteDir(t, testkit.OutcomeFixture))
	o, got := testkit.OutcomesFor(t, ws, queries.OutcomeOptions{WindowSet: true, WindowDays: 0})
	assertOutcomes(t, got, map[string]string{"L1": "won", "L2": "won", "L4": "not_won", "L5": "won", "L6": "not_won"})
	if o.Won != 3 || o.Maturing != 0 {
		t.Errorf("won=%d maturing=%d; want 3 and 0", o.Won, o.Maturing)
	}
	ev := exposed(t, ws)
	// With no window and no opportunity, everything up to and including
	// the as-of date counts.
	for _, e := range []string{"webinar", "webinar_late", "last_seen"} {
		if !ev[e] {
			t.Errorf("event %s should be exposed with no window", e)
		}
	}
	if ev["meeting_held"] {
		t.Error("post-opportunity event leaked with no window")
	}
}

func TestOutcomesExplicitWindowAndAsOf(t *testing.T) {
	ws := testkit.OpenWS(t)
	loadDir(t, ws, testkit.WriteDir(t, testkit.OutcomeFixture))
	o, got := testkit.OutcomesFor(t, ws, queries.OutcomeOptions{WindowSet: true, WindowDays: 120})
	assertOutcomes(t, got, map[string]string{"L2": "won", "L4": "maturing", "L6": "not_won"})
	if o.Won != 3 {
		t.Errorf("won=%d, want 3", o.Won)
	}
	// Moving the as-of date back puts L6 (window ends 2024-06-29) in the
	// maturing group.
	asOf := time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC)
	o, got = testkit.OutcomesFor(t, ws, queries.OutcomeOptions{WindowSet: true, WindowDays: 120, AsOf: asOf})
	assertOutcomes(t, got, map[string]string{"L6": "maturing", "L3": "not_won"})
	if !o.AsOf.Equal(asOf) {
		t.Errorf("as-of %v, want %v", o.AsOf, asOf)
	}
	// As of 2024-04-20 the windows of the leads created on 2024-01-01 end
	// on 2024-04-30: they are all maturing, the three already won (L1, L2
	// and L5) included. Keeping those wins while their not-won peers wait
	// would condition on the outcome and inflate close rates.
	o, got = testkit.OutcomesFor(t, ws, queries.OutcomeOptions{WindowSet: true, WindowDays: 120, AsOf: time.Date(2024, 4, 20, 0, 0, 0, 0, time.UTC)})
	assertOutcomes(t, got, map[string]string{"L1": "maturing", "L2": "maturing", "L3": "maturing", "L5": "maturing"})
	if o.Won != 0 || o.NotWon != 0 || o.Maturing != 7 || o.MaturingWon != 3 {
		t.Errorf("won=%d not_won=%d maturing=%d maturing_won=%d; want 0, 0, 7, 3", o.Won, o.NotWon, o.Maturing, o.MaturingWon)
	}
}

func TestOutcomesConvertedColumn(t *testing.T) {
	ws := testkit.OpenWS(t)
	loadDir(t, ws, testkit.WriteDir(t, map[string]string{
		"leads.csv": "lead_id,created_at,converted\na,2024-01-01,yes\nb,2024-01-02,no\nc,2024-05-01,\n",
	}))
	o, got := testkit.OutcomesFor(t, ws, queries.OutcomeOptions{})
	if o.Basis != "converted" || o.WindowDays != 0 {
		t.Errorf("basis %q window %d; want converted and no window", o.Basis, o.WindowDays)
	}
	assertOutcomes(t, got, map[string]string{"a": "won", "b": "not_won", "c": "not_won"})
}

func TestOutcomesRejectsAbsurdWindow(t *testing.T) {
	ws := testkit.OpenWS(t)
	loadDir(t, ws, testkit.WriteDir(t, testkit.OutcomeFixture))
	if _, err := queries.ComputeOutcomes(context.Background(), ws, queries.OutcomeOptions{WindowSet: true, WindowDays: -3}); err == nil {
		t.Fatal("a negative window was accepted")
	}
}

func TestWarningsCountImpossibleDates(t *testing.T) {
	ws := testkit.OpenWS(t)
	loadDir(t, ws, testkit.WriteDir(t, map[string]string{
		"leads.csv": "lead_id,created_at\na,2024-03-01\nb,2024-01-01\nc,2031-01-01\n",
		"deals.csv": "deal_id,lead_id,status,created_at,closed_at\nd1,a,won,2024-01-01,2024-02-01\nd2,b,won,2024-01-10,2024-01-05\nd3,b,lost,2024-01-10,\n",
	}))
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	asOf := time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC)
	ws1, err := queries.Warnings(context.Background(), ws, asOf, now)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]int64{}
	for _, w := range ws1 {
		got[w.Code] = w.Count
	}
	want := map[string]int64{"won_before_created": 1, "closed_before_opened": 1, "closed_without_date": 1, "after_as_of": 1, "in_the_future": 1}
	for code, n := range want {
		if got[code] != n {
			t.Errorf("%s = %d, want %d (all: %v)", code, got[code], n, got)
		}
	}
}
