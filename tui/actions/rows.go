package actions

import (
	"cmp"
	"slices"
	"strings"

	"github.com/leadlab/leadlab/analysis"
)

// sortColumn is a column the table can be ordered by; s cycles through
// them in this order.
type sortColumn int

const (
	byFactor sortColumn = iota
	byKind
	byLeads
	byRateWith
	byLift
	byOdds
	byQ
	byPoints
	sortColumns
)

var sortNames = [sortColumns]string{"factor", "kind", "leads with", "rate with", "lift", "odds ratio", "q", "points"}

func (c sortColumn) String() string { return sortNames[c] }

// highFirst says the column's natural order is largest first: an analyst
// looks for the strongest lifts and the most points, but the smallest q.
func (c sortColumn) highFirst() bool {
	switch c {
	case byLeads, byRateWith, byLift, byOdds, byPoints:
		return true
	}
	return false
}

func compareBy(c sortColumn, a, b *analysis.Factor) int {
	switch c {
	case byKind:
		return strings.Compare(a.Kind, b.Kind)
	case byLeads:
		return cmp.Compare(a.LeadsWith, b.LeadsWith)
	case byRateWith:
		return cmp.Compare(a.RateWith, b.RateWith)
	case byLift:
		return cmp.Compare(a.LiftPP, b.LiftPP)
	case byOdds:
		return cmp.Compare(a.OddsRatio, b.OddsRatio)
	case byQ:
		return cmp.Compare(a.QValue, b.QValue)
	case byPoints:
		return cmp.Compare(a.SuggestedPoints, b.SuggestedPoints)
	}
	return strings.Compare(a.Factor, b.Factor)
}

// filter is what the table shows of the report.
type filter struct {
	kind      string // "", "fit" or "pain"
	text      string // a substring of the factor's name, any case
	hideMuted bool   // leave out rare and vanity factors
}

// nextKind cycles all → fit → pain → all.
func nextKind(kind string) string {
	switch kind {
	case "":
		return "fit"
	case "fit":
		return "pain"
	}
	return ""
}

func kindLabel(kind string) string {
	if kind == "" {
		return "all"
	}
	return kind
}

// muted factors are shown greyed out (or hidden with v): too few leads to
// trust, or vanity signals that never earn points (docs/statistics.md).
func muted(f *analysis.Factor) bool {
	return slices.Contains(f.Flags, "rare") || slices.Contains(f.Flags, "vanity")
}

func (fl filter) keep(f *analysis.Factor) bool {
	if fl.kind != "" && f.Kind != fl.kind {
		return false
	}
	if fl.hideMuted && muted(f) {
		return false
	}
	return fl.text == "" || strings.Contains(strings.ToLower(f.Factor), strings.ToLower(fl.text))
}

// visible returns the indexes of the factors the filter keeps, ordered by
// the column. Only the chosen column is reversed by desc; ties fall to
// lift (highest first) and then to the name, so the order never depends
// on the order the query returned.
func visible(fs []analysis.Factor, fl filter, by sortColumn, desc bool) []int {
	idx := make([]int, 0, len(fs))
	for i := range fs {
		if fl.keep(&fs[i]) {
			idx = append(idx, i)
		}
	}
	slices.SortStableFunc(idx, func(i, j int) int {
		a, b := &fs[i], &fs[j]
		c := compareBy(by, a, b)
		if desc {
			c = -c
		}
		if c != 0 {
			return c
		}
		if c := cmp.Compare(b.LiftPP, a.LiftPP); c != 0 {
			return c
		}
		return strings.Compare(a.Factor, b.Factor)
	})
	return idx
}

// window is a cursor over n rows and the first row of the page on view:
// only the page is rendered, however many rows there are.
type window struct{ cursor, offset int }

// fit keeps the cursor on one of n rows and on a page of h rows.
func (w *window) fit(n, h int) {
	h = max(h, 1)
	w.cursor = max(min(w.cursor, n-1), 0)
	if w.cursor < w.offset {
		w.offset = w.cursor
	}
	if w.cursor >= w.offset+h {
		w.offset = w.cursor - h + 1
	}
	w.offset = max(min(w.offset, n-h), 0)
}
