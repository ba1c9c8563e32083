package queries_test

import (
	"fmt"
	"maps"
	"strings"
	"testing"
	"time"

	"github.com/leadlab/leadlab/queries"
	"github.com/leadlab/leadlab/queries/internal/testkit"
)

// withFixture is testkit.OutcomeFixture with some files' extra lines appended.
func withFixture(extra map[string]string) map[string]string {
	files := maps.Clone(testkit.OutcomeFixture)
	for name, lines := range extra {
		files[name] += lines
	}
	return files
}

// TestFutureDateDoesNotMoveAsOf is issue 13's case: one lead created in
// 2999, won by a deal closed in 2024, moved the as-of date to 2999 and
// the mean cycle to a large negative number, so the window collapsed to
// one day and no lead could be won. Now the date is set aside and named,
// and the outcomes are those of the fixture without it.
func TestFutureDateDoesNotMoveAsOf(t *testing.T) {
	ws := testkit.OpenWS(t)
	loadDir(t, ws, testkit.WriteDir(t, withFixture(map[string]string{
		"leads.csv": "L8,A1,2999-01-01\n",
		"deals.csv": "D8,A1,L8,new,won,2024-01-10,2024-01-20\n",
	})))
	o, got := testkit.OutcomesFor(t, ws, queries.OutcomeOptions{})
	if want := time.Date(2024, 7, 1, 0, 0, 0, 0, time.UTC); !o.AsOf.Equal(want) {
		t.Errorf("as-of %v, want %v", o.AsOf, want)
	}
	if o.WindowDays != 57 || o.MeanCycleDays != 57 || o.WonWithDates != 3 {
		t.Errorf("window %d, mean cycle %v over %d; want 57, 57 over 3", o.WindowDays, o.MeanCycleDays, o.WonWithDates)
	}
	if o.CycleSetAside != 1 {
		t.Errorf("%d won leads left out of the cycle for a set-aside date, want 1", o.CycleSetAside)
	}
	a := o.SetAside
	if a.Count != 1 || a.AfterClock != 1 || a.Strays != 0 || len(a.Values) != 1 {
		t.Fatalf("set aside %+v, want one value after the clock", a)
	}
	v := a.Values[0]
	if v.Table != "leads" || v.Column != "created_at" || v.Value.Year() != 2999 || v.Rows != 1 || v.Reason != "after_clock" {
		t.Errorf("set-aside value %+v", v)
	}
	if !strings.Contains(o.AsOfSource, "1 set aside") || !strings.Contains(strings.Join(o.Notes, "\n"), "after the load's time") {
		t.Errorf("as-of source %q, notes %q: the set-aside value is not said", o.AsOfSource, o.Notes)
	}
	assertOutcomes(t, got, map[string]string{"L1": "won", "L2": "not_won", "L4": "maturing", "L5": "won", "L8": "maturing"})
	if o.Won != 2 {
		t.Errorf("won %d, want 2", o.Won)
	}
}

// TestCleanDataSetsNothingAside: the rule leaves ordinary data alone.
func TestCleanDataSetsNothingAside(t *testing.T) {
	ws := testkit.OpenWS(t)
	loadDir(t, ws, testkit.WriteDir(t, testkit.OutcomeFixture))
	o, _ := testkit.OutcomesFor(t, ws, queries.OutcomeOptions{})
	if o.SetAside.Count != 0 || len(o.SetAside.Values) != 0 || o.AsOfSource != "latest timestamp in the data" {
		t.Errorf("set aside %+v (%s) on clean data", o.SetAside, o.AsOfSource)
	}
}

// TestStrayFarBeyondBulkSetAside: a date before the clock but far beyond
// the rest of the data (2025 in data of early 2024) is a stray; a few
// late records just past the bulk are not.
func TestStrayFarBeyondBulkSetAside(t *testing.T) {
	var b strings.Builder
	b.WriteString("lead_id,created_at\n")
	start := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range 2000 {
		fmt.Fprintf(&b, "b%d,%s\n", i, start.Add(time.Duration(i)*2*time.Hour).Format("2006-01-02 15:04:05")) // to 2024-06-16
	}
	// A thin tail a week past the bulk: real late records, kept.
	b.WriteString("late1,2024-06-22 10:00:00\nlate2,2024-06-23 09:00:00\n")
	b.WriteString("stray,2025-06-01 00:00:00\n")
	ws := testkit.OpenWS(t)
	loadDir(t, ws, testkit.WriteDir(t, map[string]string{"leads.csv": b.String()}))
	o, _ := testkit.OutcomesFor(t, ws, queries.OutcomeOptions{})
	if want := time.Date(2024, 6, 23, 9, 0, 0, 0, time.UTC); !o.AsOf.Equal(want) {
		t.Errorf("as-of %v, want %v (the latest record of the bulk)", o.AsOf, want)
	}
	a := o.SetAside
	if a.Count != 1 || a.Strays != 1 || a.AfterClock != 0 || len(a.Values) != 1 || a.Values[0].Reason != "stray" || a.Cutoff == nil {
		t.Fatalf("set aside %+v, want the one stray", a)
	}
	if !a.Values[0].Value.Equal(time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("stray %v", a.Values[0])
	}
	if !strings.Contains(a.Rule, "99.9th percentile") {
		t.Errorf("rule %q does not say itself", a.Rule)
	}
	// --as-of still wins, and the stray is still reported.
	asOf := time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC)
	o, _ = testkit.OutcomesFor(t, ws, queries.OutcomeOptions{AsOf: asOf})
	if !o.AsOf.Equal(asOf) || o.SetAside.Count != 1 {
		t.Errorf("--as-of: as-of %v, set aside %d", o.AsOf, o.SetAside.Count)
	}
}

// TestWonBeforeCreatedNotInCycle: a won deal closed before its lead was
// created is a data error; it no longer pulls the mean cycle down (it
// made it negative), and it is counted.
func TestWonBeforeCreatedNotInCycle(t *testing.T) {
	ws := testkit.OpenWS(t)
	loadDir(t, ws, testkit.WriteDir(t, withFixture(map[string]string{
		"deals.csv": "D9,A2,L6,new,won,2024-01-20,2024-02-01\n", // L6 was created 2024-03-01
	})))
	o, _ := testkit.OutcomesFor(t, ws, queries.OutcomeOptions{})
	if o.MeanCycleDays != 57 || o.WonWithDates != 3 || o.CycleWonBeforeCreated != 1 {
		t.Errorf("mean cycle %v over %d, %d left out; want 57 over 3, 1 left out", o.MeanCycleDays, o.WonWithDates, o.CycleWonBeforeCreated)
	}
	if !strings.Contains(strings.Join(o.Notes, "\n"), "before the lead was created") {
		t.Errorf("notes %q do not say so", o.Notes)
	}
}
