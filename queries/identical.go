package queries

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/leadlab/leadlab/queries/internal/sqltext"
)

// Merged is a factor left out of the candidates because another one, with
// a simpler name, has exactly the same leads.
type Merged struct {
	Factor string // left out
	Into   string // kept
}

// maxSameLeadChecks bounds the pairs one query checks: pairs with equal
// counts that are not nested are rare outside tiny factors, which are
// not checked.
const maxSameLeadChecks = 200

// mergeIdentical keeps one factor of each set of factors with the same
// leads, the one with the simplest name (simpler), and lists the others
// in a.Merged. Equal counts (leads, wins) are necessary, and enough when
// one factor's leads hold the other's: ">=N" times an event within "did
// it", an account attribute missing within "no account". Other pairs
// with equal counts are checked in the data, in one query for account
// factors (by account), one for other profile factors and one for
// events; a profile factor and an event are not
// compared, nor are factors held by fewer than min(25, 2% of the leads),
// which are flagged rare, nor values or bands of the same column, which
// never share a lead.
func (a *ActionCounts) mergeIdentical(ctx context.Context, ws *Workspace) error {
	floor := math.Min(rareLeads, rareShare*float64(a.Leads))
	byCounts := map[[2]int64][]int{}
	for i, f := range a.Factors {
		if f.With > 0 && float64(f.With) >= floor {
			k := [2]int64{f.With, f.WonWith}
			byCounts[k] = append(byCounts[k], i)
		}
	}
	drop := map[int]int{} // factor -> the one kept for it
	var fitPairs, accountPairs, eventPairs [][2]int
	for _, idx := range byCounts {
		if len(idx) < 2 {
			continue
		}
		slices.SortFunc(idx, func(x, y int) int { return simpler(a.Factors[x], a.Factors[y]) })
		for p, i := range idx {
			for _, j := range idx[p+1:] {
				fi, fj := a.Factors[i], a.Factors[j]
				switch {
				case nested(fi, fj):
					if _, done := drop[j]; !done {
						drop[j] = i
					}
				case fi.Kind == "fit" && fj.Kind == "fit" && column(fi.Factor) == column(fj.Factor):
				case strings.HasPrefix(fi.Factor, "account:") && strings.HasPrefix(fj.Factor, "account:"):
					accountPairs = append(accountPairs, [2]int{i, j})
				case fi.Kind == "fit" && fj.Kind == "fit":
					fitPairs = append(fitPairs, [2]int{i, j})
				case fi.Kind == "pain" && fj.Kind == "pain" && fi.Event != fj.Event:
					eventPairs = append(eventPairs, [2]int{i, j})
				}
			}
		}
	}
	for _, check := range []struct {
		pairs [][2]int
		query func([][2]int) string
	}{{fitPairs, a.fitBothQuery}, {accountPairs, a.accountBothQuery}, {eventPairs, a.eventBothQuery}} {
		pairs := check.pairs
		if len(pairs) == 0 {
			continue
		}
		slices.SortFunc(pairs, func(x, y [2]int) int { return cmp.Or(cmp.Compare(x[0], y[0]), cmp.Compare(x[1], y[1])) })
		pairs = pairs[:min(len(pairs), maxSameLeadChecks)]
		both := make([]int64, len(pairs))
		dest := make([]any, len(pairs))
		for k := range both {
			dest[k] = &both[k]
		}
		if err := ws.queryRow(ctx, check.query(pairs)).Scan(dest...); err != nil {
			return fmt.Errorf("actions (factors with the same leads): %s", sqltext.CleanErr(err))
		}
		for k, p := range pairs {
			if _, done := drop[p[1]]; !done && both[k] == a.Factors[p[0]].With {
				drop[p[1]] = p[0]
			}
		}
	}
	if len(drop) == 0 {
		return nil
	}
	// A factor kept for another that is itself left out hands it on to
	// the one kept for it.
	kept := func(i int) int {
		for {
			j, ok := drop[i]
			if !ok {
				return i
			}
			i = j
		}
	}
	var out []FactorCount
	for i, f := range a.Factors {
		if _, ok := drop[i]; ok {
			a.Merged = append(a.Merged, Merged{Factor: f.Factor, Into: a.Factors[kept(i)].Factor})
			continue
		}
		out = append(out, f)
	}
	a.Factors = out
	slices.SortFunc(a.Merged, func(x, y Merged) int { return strings.Compare(x.Factor, y.Factor) })
	return nil
}

// nested reports whether one factor's leads hold the other's, so that
// equal counts mean the same leads.
func nested(x, y FactorCount) bool {
	if x.Kind == "pain" && y.Kind == "pain" {
		return x.Event == y.Event
	}
	noAccount := func(f FactorCount) bool { return f.Factor == NoAccountFactor }
	accountMissing := func(f FactorCount) bool {
		return strings.HasPrefix(f.Factor, "account:") && strings.HasSuffix(f.Factor, "="+MissingValue)
	}
	return noAccount(x) && accountMissing(y) || noAccount(y) && accountMissing(x)
}

// column is the part of a profile factor's name before its value or band.
func column(factor string) string {
	if i := strings.IndexAny(factor, "=["); i >= 0 {
		return factor[:i]
	}
	return factor
}

// simpler orders factors simplest first, the one kept of a set with the
// same leads: "did it" before ">=N" (fewer times first), no account before
// an account attribute, a value before a band, then the shorter name.
func simpler(x, y FactorCount) int {
	rank := func(f FactorCount) int {
		switch {
		case f.Kind == "pain":
			return 0
		case f.Factor == NoAccountFactor:
			return 1
		case strings.Contains(f.Factor, "["):
			return 3
		}
		return 2
	}
	return cmp.Or(cmp.Compare(rank(x), rank(y)), cmp.Compare(x.AtLeast, y.AtLeast),
		cmp.Compare(len(x.Factor), len(y.Factor)), strings.Compare(x.Factor, y.Factor))
}

// fitBothQuery counts, per pair of profile factors, the leads with both.
func (a *ActionCounts) fitBothQuery(pairs [][2]int) string {
	aggs := make([]string, len(pairs))
	for k, p := range pairs {
		aggs[k] = fmt.Sprintf("count(*) FILTER (WHERE coalesce(%s, false) AND coalesce(%s, false))",
			a.Factors[p[0]].Predicate, a.Factors[p[1]].Predicate)
	}
	return fmt.Sprintf(SQL("actions-same-leads-fit"), strings.Join(aggs, ", "))
}

// accountBothQuery counts, per pair of account factors, the leads with
// both: by account, since an account factor is the same for all of an
// account's leads, which spares the join of every lead to its profiles
// (a second at a million leads).
func (a *ActionCounts) accountBothQuery(pairs [][2]int) string {
	aggs := make([]string, len(pairs))
	for k, p := range pairs {
		aggs[k] = fmt.Sprintf("coalesce(sum(n) FILTER (WHERE coalesce(%s, false) AND coalesce(%s, false)), 0)",
			a.Factors[p[0]].Predicate, a.Factors[p[1]].Predicate)
	}
	return fmt.Sprintf(SQL("actions-same-leads-accounts"), strings.Join(aggs, ", "))
}

// eventBothQuery counts, per pair of event factors, the leads with both.
func (a *ActionCounts) eventBothQuery(pairs [][2]int) string {
	var has, events []string
	at := map[int]string{}
	for _, p := range pairs {
		for _, i := range p {
			if _, ok := at[i]; ok {
				continue
			}
			f := a.Factors[i]
			at[i] = fmt.Sprintf("e%d", len(has))
			has = append(has, fmt.Sprintf("bool_or(event = %s AND n >= %d) AS %s", sqltext.QuoteLit(f.Event), f.AtLeast, at[i]))
			if q := sqltext.QuoteLit(f.Event); !slices.Contains(events, q) {
				events = append(events, q)
			}
		}
	}
	aggs := make([]string, len(pairs))
	for k, p := range pairs {
		aggs[k] = fmt.Sprintf("count(*) FILTER (WHERE %s AND %s)", at[p[0]], at[p[1]])
	}
	return fmt.Sprintf(SQL("actions-same-leads-events"), strings.Join(aggs, ", "), strings.Join(has, ", "), strings.Join(events, ", "))
}
