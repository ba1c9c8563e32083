package actions

import (
	"slices"
	"testing"

	"github.com/leadlab/leadlab/analysis"
)

func names(fs []analysis.Factor, idx []int) []string {
	out := make([]string, len(idx))
	for i, j := range idx {
		out[i] = fs[j].Factor
	}
	return out
}

func TestSort(t *testing.T) {
	fs := []analysis.Factor{
		{Factor: "event:b", Kind: "pain", LeadsWith: 100, RateWith: 0.2, LiftPP: 10, OddsRatio: 3, QValue: 0.001, SuggestedPoints: 10},
		{Factor: "attr:a", Kind: "fit", LeadsWith: 300, RateWith: 0.1, LiftPP: 3, OddsRatio: 1.5, QValue: 0.01},
		{Factor: "event:c", Kind: "pain", LeadsWith: 200, RateWith: 0.05, LiftPP: -2, OddsRatio: 0.7, QValue: 0.2},
		{Factor: "attr:d", Kind: "fit", LeadsWith: 100, RateWith: 0.3, LiftPP: 12, OddsRatio: 4, QValue: 0.001, SuggestedPoints: 12},
	}
	for _, c := range []struct {
		by   sortColumn
		desc bool
		want []string
	}{
		{byLift, true, []string{"attr:d", "event:b", "attr:a", "event:c"}},
		{byLift, false, []string{"event:c", "attr:a", "event:b", "attr:d"}},
		{byFactor, false, []string{"attr:a", "attr:d", "event:b", "event:c"}},
		// Ties (kind, leads, q, points) fall to lift, highest first,
		// whichever way the column is ordered.
		{byKind, false, []string{"attr:d", "attr:a", "event:b", "event:c"}},
		{byKind, true, []string{"event:b", "event:c", "attr:d", "attr:a"}},
		{byLeads, true, []string{"attr:a", "event:c", "attr:d", "event:b"}},
		{byRateWith, true, []string{"attr:d", "event:b", "attr:a", "event:c"}},
		{byOdds, true, []string{"attr:d", "event:b", "attr:a", "event:c"}},
		{byQ, false, []string{"attr:d", "event:b", "attr:a", "event:c"}},
		{byPoints, true, []string{"attr:d", "event:b", "attr:a", "event:c"}},
		{byPoints, false, []string{"attr:a", "event:c", "event:b", "attr:d"}},
	} {
		got := names(fs, visible(fs, filter{}, c.by, c.desc))
		if !slices.Equal(got, c.want) {
			t.Errorf("by %s desc=%v: %v, want %v", c.by, c.desc, got, c.want)
		}
	}
}

func TestFilter(t *testing.T) {
	fs := fixedReport().Factors
	count := func(fl filter) int { return len(visible(fs, fl, byLift, true)) }
	if n := count(filter{}); n != len(fs) {
		t.Errorf("no filter: %d rows, want %d", n, len(fs))
	}
	fit, pain := 0, 0
	for _, f := range fs {
		if f.Kind == "fit" {
			fit++
		} else {
			pain++
		}
	}
	if n := count(filter{kind: "fit"}); n != fit {
		t.Errorf("fit: %d rows, want %d", n, fit)
	}
	if n := count(filter{kind: "pain"}); n != pain {
		t.Errorf("pain: %d rows, want %d", n, pain)
	}
	got := names(fs, visible(fs, filter{text: "DOCUMENT_created>="}, byFactor, false))
	want := []string{"event:document_created>=3", "event:document_created>=4", "event:document_created>=5"}
	if !slices.Equal(got, want) {
		t.Errorf("text filter, any case: %v, want %v", got, want)
	}
	// Four vanity rows and two rare ones are muted; v hides them.
	if n := count(filter{hideMuted: true}); n != len(fs)-6 {
		t.Errorf("rare and vanity hidden: %d rows, want %d", n, len(fs)-6)
	}
	if n := count(filter{kind: "pain", text: "email", hideMuted: true}); n != 0 {
		t.Errorf("pain, email, no vanity: %d rows, want 0", n)
	}
}

func TestWindow(t *testing.T) {
	var w window
	w.cursor = 30
	w.fit(100, 10)
	if w.cursor != 30 || w.offset != 21 {
		t.Errorf("down to 30: %+v, want cursor 30 offset 21", w)
	}
	w.cursor = 5
	w.fit(100, 10)
	if w.offset != 5 {
		t.Errorf("back up to 5: offset %d, want 5", w.offset)
	}
	w.cursor = 500
	w.fit(12, 10)
	if w.cursor != 11 || w.offset != 2 {
		t.Errorf("past the end: %+v, want cursor 11 offset 2", w)
	}
	w.fit(0, 10)
	if w.cursor != 0 || w.offset != 0 {
		t.Errorf("no rows: %+v", w)
	}
}
