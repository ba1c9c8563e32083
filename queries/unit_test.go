package queries

// The tests of unexported pieces that need no loaded workspace stay
// inside the package; the tests that load data are in package
// queries_test, which can import queries/load.

import (
	"fmt"
	"math"
	"testing"
	"time"
)

// TestStrayCutoff works the rule out by hand on a small distribution.
func TestStrayCutoff(t *testing.T) {
	day := func(d int) time.Time { return time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, d) }
	// 1,000 values: 250 on each of days 0, 100, 200, 300. Q25 = day 0,
	// Q75 = day 200 (the 750th value), Q99.9 = day 300; IQR 200 days,
	// margin 300 days, so strays are on day 601 or later.
	days := []dayCount{{day: day(0), n: 250}, {day: day(100), n: 250}, {day: day(200), n: 250}, {day: day(300), n: 250}}
	cut, _, ok := strayCutoff(days)
	if !ok || !cut.Equal(day(601)) {
		t.Errorf("cutoff %v, want %v", cut, day(601))
	}
	// All on one day: the 30-day floor.
	cut, _, _ = strayCutoff([]dayCount{{day: day(0), n: 5000}})
	if !cut.Equal(day(31)) {
		t.Errorf("cutoff %v, want %v", cut, day(31))
	}
	if _, _, ok := strayCutoff(nil); ok {
		t.Error("a cutoff with no data")
	}
}

// TestMergeBandsByHand: the merge on prebins counted by hand, below the
// data: a dominant value at the bottom keeps its own edge, one at the top
// takes inf, a stretch too small to be a band joins the dominant band
// beside it, and no band is ever smaller than the minimum.
func TestMergeBandsByHand(t *testing.T) {
	inf := math.Inf(1)
	pb := func(lo float64, point bool, n, w int64) prebin { return prebin{lo: lo, point: point, n: n, w: w} }
	// 0 held by 70% of 1000 leads with a value: [0,1); the rest, 1 to 9,
	// rising, in two bands.
	bands := mergeBands([]prebin{pb(0, true, 700, 70), pb(1, false, 150, 30), pb(5, false, 150, 90)}, 1000)
	want := []band{{0, 1, 700, 70}, {1, 5, 150, 30}, {5, inf, 150, 90}}
	if fmt.Sprint(bands) != fmt.Sprint(want) {
		t.Errorf("dominant at the bottom: %v, want %v", bands, want)
	}
	// Only 3% of the leads lie below the dominant 0: too few for a band
	// (5% of 1000 is 50), so they join it, which then starts at -inf.
	bands = mergeBands([]prebin{pb(math.Inf(-1), false, 30, 3), pb(0, true, 670, 67), pb(1, false, 300, 150)}, 1000)
	want = []band{{math.Inf(-1), 1, 700, 70}, {1, inf, 300, 150}}
	if fmt.Sprint(bands) != fmt.Sprint(want) {
		t.Errorf("small stretch below: %v, want %v", bands, want)
	}
	// A dominant value at the top, the rest flat: two bands, the value's
	// reaching to inf.
	bands = mergeBands([]prebin{pb(math.Inf(-1), false, 400, 40), pb(2, false, 400, 40), pb(9, true, 200, 100)}, 1000)
	want = []band{{math.Inf(-1), 9, 800, 80}, {9, inf, 200, 100}}
	if fmt.Sprint(bands) != fmt.Sprint(want) {
		t.Errorf("dominant at the top: %v, want %v", bands, want)
	}
	// Empty prebins are skipped; a single stretch with no trend is one
	// band, which comes back as none.
	if bands = mergeBands([]prebin{pb(math.Inf(-1), false, 0, 0), pb(3, false, 500, 50), pb(4, false, 500, 50)}, 1000); bands != nil {
		t.Errorf("flat: %v", bands)
	}
}
