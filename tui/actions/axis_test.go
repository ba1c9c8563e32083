package actions

import (
	"fmt"
	"math"
	"testing"

	"github.com/leadlab/leadlab/analysis"
)

// On [-10, +10] over 21 cells each cell is one point and 0 is cell 10,
// so every string below can be checked by counting.
func TestWhisker(t *testing.T) {
	a := axis{lo: -10, hi: 10}
	for _, c := range []struct {
		name          string
		lo, point, hi float64
		want          string
	}{
		{"crosses 0", -3, 1, 4, "       ───┼●───      "},
		{"all negative", -8, -5, -2, "  ───●─── │          "},
		{"all positive", 2, 5, 9, "          │ ───●──── "},
		{"wider than the axis both ways", -15, 6, 30, "◂─────────┼─────●───▸"},
		{"beyond the axis: estimate not drawn", 12, 15, 20, "          │         ▸"},
		{"below the axis", -40, -30, -12, "◂         │          "},
		{"a point", 0, 0, 0, "          ●          "},
		{"not a number", math.NaN(), 1, 2, "          │          "},
	} {
		if got := whisker(c.lo, c.point, c.hi, a, 21); got != c.want {
			t.Errorf("%s: whisker(%g, %g, %g) =\n%q, want\n%q", c.name, c.lo, c.point, c.hi, got, c.want)
		}
	}
	// At two points a cell, an interval that clears 0 by less than a cell
	// would round onto the zero line; it is kept off it.
	for _, c := range []struct {
		lo, point, hi float64
		want          string
	}{
		{0.6, 2, 3, "     │●─   "},
		{-3, -2, -0.4, "    ●│     "},
		{-0.6, 1, 3, "     ┼●─   "},
	} {
		if got := whisker(c.lo, c.point, c.hi, a, 11); got != c.want {
			t.Errorf("whisker(%g, %g, %g) over 11 cells =\n%q, want\n%q", c.lo, c.point, c.hi, got, c.want)
		}
	}
	if got := whisker(-3, 1, 4, a, 0); got != "" {
		t.Errorf("zero width: %q", got)
	}
}

func TestScale(t *testing.T) {
	label := func(v float64) string { return fmt.Sprintf("%+g", v) }
	if got, want := scale(axis{-10, 10}, 21, label), "-10       0       +10"; got != want {
		t.Errorf("scale = %q, want %q", got, want)
	}
	// The low end would run into 0, so it is left out; at 5 cells the
	// high end would too.
	if got, want := scale(axis{-5, 25}, 7, label), " 0  +25"; got != want {
		t.Errorf("narrow scale = %q, want %q", got, want)
	}
	if got, want := scale(axis{-5, 25}, 5, label), " 0   "; got != want {
		t.Errorf("narrow scale = %q, want %q", got, want)
	}
}

func TestLiftAxis(t *testing.T) {
	fs := []analysis.Factor{
		{LiftPP: 15.2, LiftCILow: 12.1, LiftCIHigh: 18.7},
		{LiftPP: -5.3, LiftCILow: -6.4, LiftCIHigh: -4.2},
		{LiftPP: 26.8, LiftCILow: -17.6, LiftCIHigh: 52.1, Flags: []string{"rare"}},
		{LiftPP: 85, LiftCILow: 75, LiftCIHigh: 90, Flags: []string{"skewed"}},
		{LiftPP: math.NaN(), LiftCILow: math.NaN(), LiftCIHigh: math.NaN()},
	}
	if got, want := liftAxis(fs), (axis{-10, 20}); got != want {
		t.Errorf("liftAxis = %v, want %v (rare and skewed rows left out, rounded out to 5)", got, want)
	}
	if got, want := liftAxis(fs[2:3]), (axis{-20, 55}); got != want {
		t.Errorf("all rare: liftAxis = %v, want %v", got, want)
	}
	if got, want := liftAxis(nil), (axis{-5, 5}); got != want {
		t.Errorf("empty: liftAxis = %v, want %v", got, want)
	}
}
