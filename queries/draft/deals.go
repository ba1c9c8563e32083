package draft

import (
	"fmt"
	"regexp"
	"slices"
)

// kindOf reads a deal type as leadlab's kind: Salesforce's New Business,
// Existing Business and Renewal (or New Customer, Existing Customer -
// Upgrade, - Replacement, - Downgrade), HubSpot's newbusiness and
// existingbusiness. Business with a customer that is not a renewal is
// an expansion. "" when the value says none of these.
func kindOf(v string) string {
	switch {
	case renewalWord.MatchString(v):
		return "renewal"
	case expansionWord.MatchString(v):
		return "expansion"
	case newWord.MatchString(v):
		return "new"
	}
	return ""
}

var (
	renewalWord   = regexp.MustCompile(`(?i)renew|replacement|downgrade`)
	expansionWord = regexp.MustCompile(`(?i)existing|upgrade|upsell|up-sell|cross.?sell|expan|add.?on`)
	newWord       = regexp.MustCompile(`(?i)new`)
)

// guessKind maps deals.kind from a deal type column when most of its
// values read as new, renewal or expansion; the others are mapped to new,
// the default, and said to be guesses.
func (t *tableDraft) guessKind() {
	if _, own := t.profiles["kind"]; own {
		return
	}
	p, ok := t.find([]string{"dealtype", "opportunitytype", "type", "kind"}, func(p profile) bool {
		known := 0
		for v := range p.Counts {
			if kindOf(v) != "" {
				known++
			}
		}
		return known > 0 && 2*known >= len(p.Counts) && len(p.Counts) <= 20
	})
	if !ok {
		return
	}
	vm := valueMap{Column: "kind", Why: p.Name + " values: new business is new, business with an existing customer expansion, a renewal renewal"}
	for _, v := range keysByCount(p.Counts) {
		k, why := kindOf(v), rows(p.Counts[v])
		if k == "" {
			k, why = "new", why+"; not recognised, so new, the default: check it"
		}
		vm.Pairs = append(vm.Pairs, pair{v, k, why})
	}
	t.mapColumn("kind", p.Name, "the deal type; only new deals make a lead won, so check the mapping below")
	t.Values = append(t.Values, vm)
	if empty := len(t.File.Rows) - p.Filled; empty > 0 {
		t.Notes = append(t.Notes, fmt.Sprintf("%s rows have no %s: they load as new, the default", count(empty), p.Name))
	}
}

// dropExpectedCloseDates keeps an open deal's close date out of the load:
// in Salesforce and HubSpot it is the date the deal is expected to close,
// often ahead of the export, and as a timestamp of the data it would move
// the as-of date (and so which leads are maturing) to a day that has not
// happened. A manifest cannot empty a column by another column's value,
// so the dates found only on open deals are listed under missing:. A
// date an open deal shares with a won or lost one stays; such dates are
// on or before the last close, so they do not move the as-of date past it.
func (t *tableDraft) dropExpectedCloseDates(status []string) {
	src := t.source("closed_at")
	if src == "" || status == nil {
		return
	}
	open, closed := map[string]int{}, map[string]bool{}
	for r, v := range t.File.values(t.profiles[src].Index) {
		if v == "" {
			continue
		}
		if status[r] == "open" {
			open[v]++
		} else {
			closed[v] = true
		}
	}
	var dates []string
	shared, rowsOpen := 0, 0
	for v, n := range open {
		rowsOpen += n
		if closed[v] {
			shared += n
			continue
		}
		dates = append(dates, v)
	}
	if len(dates) == 0 {
		return
	}
	slices.Sort(dates)
	why := fmt.Sprintf("%s on open deals is the expected close date, not a close: read as missing on the %s open deals that have one, "+
		"so that a day not yet come does not become the data's as-of date", src, count(rowsOpen))
	if shared > 0 {
		why += fmt.Sprintf("; %s open deals share their date with a won or lost deal and keep it", count(shared))
	}
	t.Missing = append(t.Missing, valueMap{Column: "closed_at", Why: why, Pairs: pairsOf(dates)})
}

func pairsOf(values []string) []pair {
	out := make([]pair, len(values))
	for i, v := range values {
		out[i] = pair{Key: v}
	}
	return out
}
