package queries

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/leadlab/leadlab/queries/internal/sqltext"
)

// FactorCount is one candidate factor (docs/statistics.md) with its 2×2
// counts over the settled (non-maturing) leads.
type FactorCount struct {
	Factor  string // event:x, event:x>=N, attr:col=v, attr:col[lo,hi), account:col=v
	Kind    string // fit or pain
	Event   string // the event name, for pain factors
	With    int64  // leads with the factor
	WonWith int64  // of whom won
	// Predicate is, for fit factors, the SQL condition over
	// derived.action_leads a, lead_profile lp and account_profile ap that
	// a lead has the factor: what FactorPatterns needs to fit a model on
	// several factors at once.
	Predicate string
	// AtLeast is, for pain factors, how many times the lead did Event;
	// FactorPatterns reads those from the event counts.
	AtLeast int64
	// Among and WonAmong are the leads the factor is compared within, and how
	// many of them won, when that is not every settled lead (both 0 then):
	// for a value or band of an account attribute, the leads whose account
	// records the attribute, so that it is not compared with leads that have
	// no account, or an account without it (docs/statistics.md). Its leads
	// are always among them. AmongName says who they are, as report actions
	// prints it (compared_among).
	Among, WonAmong int64
	AmongName       string
}

// ActionCounts holds every candidate factor and the population totals.
type ActionCounts struct {
	Leads, Won int64
	// BandLeads are the leads the bands of numeric attributes were
	// chosen on: Leads, or fewer when held-out leads are counted too.
	BandLeads int64
	Factors   []FactorCount
	// Merged are factors left out because a factor in Factors, with a
	// simpler name, has exactly the same leads (identical.go).
	Merged []Merged
	banded []bandedColumn // the numeric columns' bands, for recountBands
}

// topValues is how many values of a categorical attribute become factors;
// the rest are lumped into "other".
const topValues = 15

// leadAttributes are the lead columns that are profile attributes; ids,
// dates, free text and the outcome itself (converted) never are.
var leadAttributes = []string{"role", "country", "source", "email_type", "seniority"}

// accountAttributes likewise for accounts.
var accountAttributes = []string{"industry", "region", "size_band", "target", "tier"}

// ActionFactorCounts counts leads and wins for every candidate factor
// over the settled leads not held out (SplitHoldout), the bands of
// numeric attributes chosen on them: tune's correlation table.
// ComputeOutcomes must have run: it defines who is settled and which
// events each lead may be judged by.
func ActionFactorCounts(ctx context.Context, ws *Workspace) (ActionCounts, error) {
	return actionFactorCounts(ctx, ws, false)
}

// ActionFactorCountsWithHoldout counts every settled lead, held-out ones
// included, but chooses the bands of numeric attributes on the leads not
// held out: report actions, whose bands are then tune's, edge for edge,
// without tune ever choosing a band on its holdout.
func ActionFactorCountsWithHoldout(ctx context.Context, ws *Workspace) (ActionCounts, error) {
	return actionFactorCounts(ctx, ws, true)
}

func actionFactorCounts(ctx context.Context, ws *Workspace, withHoldout bool) (ActionCounts, error) {
	var a ActionCounts
	if _, err := ws.exec(ctx, SQL("actions-population"), withHoldout, sampleScale); err != nil {
		return a, fmt.Errorf("actions: %s", sqltext.CleanErr(err))
	}
	channels, other, weeks := channelList()
	if _, err := ws.exec(ctx, fmt.Sprintf(SQL("actions-event-counts"), channels, other, weeks)); err != nil {
		return a, fmt.Errorf("actions: %s", sqltext.CleanErr(err))
	}
	var noAccount FactorCount
	if err := ws.queryRow(ctx, SQL("actions-totals")).Scan(&a.Leads, &a.Won, &noAccount.With, &noAccount.WonWith, &a.BandLeads); err != nil {
		return a, fmt.Errorf("actions: %s", sqltext.CleanErr(err))
	}
	if err := a.events(ctx, ws); err != nil {
		return a, err
	}
	info, err := ws.Info(ctx)
	if err != nil {
		return a, err
	}
	extras := map[string][]string{}
	types := map[string]map[string]string{}
	for _, s := range info.Sources {
		extras[s.Table] = s.Extras
	}
	for _, t := range []string{"leads", "accounts"} {
		if types[t], err = columnTypes(ctx, ws, t); err != nil {
			return a, err
		}
	}
	var cols []attrColumn
	for _, c := range withExtras(leadAttributes, extras["leads"]) {
		cols = append(cols, newAttrColumn("attr", "lp", c, types["leads"][c]))
	}
	if _, ok := extras["accounts"]; ok {
		for _, c := range withExtras(accountAttributes, extras["accounts"]) {
			cols = append(cols, newAttrColumn("account", "ap", c, types["accounts"][c]))
		}
		// Having an account at all is a factor of its own, since the
		// account attributes are compared only among leads whose account
		// records them: "no account" is the lead's account_id missing, a
		// rule score and the SQL export already evaluate.
		if _, ok := types["leads"]["account_id"]; ok && noAccount.With > 0 && noAccount.With < a.Leads {
			noAccount.Kind, noAccount.Factor = "fit", NoAccountFactor
			noAccount.Predicate = ProfileFactor{Column: "account_id", Missing: true}.Condition()
			a.Factors = append(a.Factors, noAccount)
		}
	}
	if err := a.attributes(ctx, ws, cols); err != nil {
		return a, err
	}
	if err := a.recountBands(ctx, ws); err != nil {
		return a, err
	}
	if err := a.mergeIdentical(ctx, ws); err != nil {
		return a, err
	}
	return a, nil
}

// withExtras lists the attribute columns as stored: the canonical ones and
// the extra attributes under their stored names.
func withExtras(canonical, extras []string) []string {
	out := slices.Clone(canonical)
	for _, e := range extras {
		out = append(out, ExtraColumn(e))
	}
	return out
}

func (a *ActionCounts) events(ctx context.Context, ws *Workspace) error {
	rows, err := ws.query(ctx, SQL("actions-events"))
	if err != nil {
		return fmt.Errorf("actions: %s", sqltext.CleanErr(err))
	}
	for rows.Next() {
		f := FactorCount{Kind: "pain"}
		if err := rows.Scan(&f.Event, &f.With, &f.WonWith); err != nil {
			rows.Close()
			return err
		}
		f.Factor, f.AtLeast = "event:"+f.Event, 1
		a.Factors = append(a.Factors, f)
	}
	rows.Close()
	rows, err = ws.query(ctx, SQL("actions-event-repeats"))
	if err != nil {
		return fmt.Errorf("actions: %s", sqltext.CleanErr(err))
	}
	defer rows.Close()
	for rows.Next() {
		f := FactorCount{Kind: "pain"}
		var k int64
		if err := rows.Scan(&f.Event, &k, &f.With, &f.WonWith); err != nil {
			return err
		}
		f.Factor, f.AtLeast = fmt.Sprintf("event:%s>=%d", f.Event, k), k
		a.Factors = append(a.Factors, f)
	}
	return rows.Err()
}

// attrColumn is a profile attribute whose values, or bands, are factors.
type attrColumn struct {
	prefix  string // attr (the lead's) or account
	alias   string // lp or ap: the profile, as actions-attributes joins it
	name    string
	banded  bool     // a number: bands (bands.go) rather than values
	prebins []prebin // the bands' prebins, once measured
}

func newAttrColumn(prefix, alias, name, typ string) attrColumn {
	return attrColumn{prefix: prefix, alias: alias, name: name,
		banded: typ == "DOUBLE" || (typ == "BIGINT" && name != "tier")}
}

// ref is the column as the queries over the profiles name it.
func (c attrColumn) ref() string { return c.alias + "." + sqltext.QuoteIdent(c.name) }

// key is what the attribute's leads are grouped by: the value as text
// ((missing) for none), or the prebin (−1 for none).
func (c attrColumn) key() string {
	if !c.banded {
		return fmt.Sprintf("coalesce(CAST(%s AS VARCHAR), '(missing)')", c.ref())
	}
	return prebinKey(c.ref(), c.prebins)
}

// profileFactor is the test of one of the column's values or bands, as
// score and the SQL export make it: a factor's Predicate is that test, so
// that tune's models see the leads the scorer will.
func (c attrColumn) profileFactor() ProfileFactor {
	return ProfileFactor{Account: c.prefix == "account", Column: c.name}
}

// attrGroup is one value, or prebin, of a column with its leads and
// wins, and those among the leads bands are chosen on.
type attrGroup struct {
	value          string
	band           int64
	with, wonW     int64
	bandN, bandWon int64
}

// attributes adds the factors of the attribute columns: for a number,
// bands that follow closing (bands.go); otherwise the top values, the
// rest lumped as other. Two queries over the settled leads joined to
// their profiles, whatever the number of attributes: the quantiles of
// the numbers, then every attribute's counts at once (grouping sets; for
// a number, per prebin), which a copy of the profiles and a query per
// attribute took twice as long to give. The prebins are merged into
// bands in Go, from those counts.
func (a *ActionCounts) attributes(ctx context.Context, ws *Workspace, cols []attrColumn) error {
	if err := measurePrebins(ctx, ws, cols); err != nil {
		return err
	}
	cols = slices.DeleteFunc(cols, func(c attrColumn) bool { return c.banded && len(c.prebins) == 0 })
	if len(cols) == 0 {
		return nil
	}
	var keys []string
	names, sets := make([]string, len(cols)), make([]string, len(cols))
	var nexts []string
	nextAt := make([]int, len(cols)) // column i's first nextAbove aggregate
	for i, c := range cols {
		names[i] = fmt.Sprintf("c%d", i)
		keys = append(keys, c.key()+" AS "+names[i])
		sets[i] = "(" + names[i] + ")"
		nextAt[i] = len(nexts)
		if more := nextAbove(fmt.Sprintf("x%d", i), c.prebins); len(more) > 0 {
			nexts = append(nexts, more...)
			keys = append(keys, fmt.Sprintf("CAST(%s AS DOUBLE) AS x%d", c.ref(), i))
		}
	}
	extra := ""
	if len(nexts) > 0 {
		extra = ", " + strings.Join(nexts, ", ")
	}
	q := fmt.Sprintf(SQL("actions-attributes"), strings.Join(keys, ",\n        "), strings.Join(names, ", "), strings.Join(sets, ", "), extra)
	rows, err := ws.query(ctx, q)
	if err != nil {
		return fmt.Errorf("actions (attributes): %s", sqltext.CleanErr(err))
	}
	defer rows.Close()
	groups := make([][]attrGroup, len(cols))
	dest := make([]any, len(cols)+4+len(nexts))
	vals := make([]any, len(cols))
	next := make([]*float64, len(nexts)) // the smallest over every row
	nextRow := make([]any, len(nexts))
	for rows.Next() {
		var g attrGroup
		for i := range vals {
			vals[i] = nil
			dest[i] = &vals[i]
		}
		dest[len(cols)], dest[len(cols)+1], dest[len(cols)+2], dest[len(cols)+3] = &g.with, &g.wonW, &g.bandN, &g.bandWon
		for k := range nextRow {
			nextRow[k] = nil
			dest[len(cols)+4+k] = &nextRow[k]
		}
		if err := rows.Scan(dest...); err != nil {
			return err
		}
		for k, v := range nextRow {
			if f, ok := v.(float64); ok && (next[k] == nil || f < *next[k]) {
				next[k] = &f
			}
		}
		for i, v := range vals {
			switch v := v.(type) {
			case nil:
				continue
			case string:
				g.value = v
			case int64:
				g.band = v
			case int32:
				g.band = int64(v)
			default:
				return fmt.Errorf("actions (%s): a value of type %T", cols[i].name, v)
			}
			groups[i] = append(groups[i], g)
			break
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	for i, c := range cols {
		first := len(a.Factors)
		if c.banded {
			k := nextAt[i]
			for j := range c.prebins {
				if c.prebins[j].after != nil {
					c.prebins[j].lo = math.Inf(1)
					if next[k] != nil {
						c.prebins[j].lo = *next[k]
					}
					k++
				}
			}
			for _, g := range groups[i] {
				if g.band >= 0 && int(g.band) < len(c.prebins) {
					c.prebins[g.band].n, c.prebins[g.band].w = g.bandN, g.bandWon
				}
			}
			a.bandFactors(c)
		}
		var recorded FactorCount // the leads with a value, and their wins
		for _, g := range groups[i] {
			switch {
			case c.banded && g.band < 0, !c.banded && g.value == MissingValue:
				pf := c.profileFactor()
				pf.Missing = true
				a.Factors = append(a.Factors, FactorCount{Kind: "fit", With: g.with, WonWith: g.wonW,
					Factor: fmt.Sprintf("%s:%s=%s", c.prefix, c.name, MissingValue), Predicate: pf.Condition()})
			default:
				recorded.With += g.with
				recorded.WonWith += g.wonW
			}
		}
		if !c.banded {
			a.valueFactors(c, groups[i])
		}
		if c.prefix != "account" {
			continue
		}
		for j := first; j < len(a.Factors); j++ {
			if f := &a.Factors[j]; !strings.HasSuffix(f.Factor, "="+MissingValue) {
				f.Among, f.WonAmong = recorded.With, recorded.WonWith
				f.AmongName = fmt.Sprintf("account:%s recorded", c.name)
			}
		}
	}
	return nil
}

// MissingValue is how a factor names an absent attribute value.
const MissingValue = "(missing)"

// NoAccountFactor is the factor of leads with no account.
const NoAccountFactor = "attr:account_id=" + MissingValue

// bandFactors adds a numeric column's bands, merged from its counted
// prebins; its missing values are added with the values'.
func (a *ActionCounts) bandFactors(c attrColumn) {
	bands := mergeBands(c.prebins, a.BandLeads)
	if len(bands) > 0 {
		a.banded = append(a.banded, bandedColumn{col: c, bands: bands, first: len(a.Factors)})
	}
	for _, b := range bands {
		pf := c.profileFactor()
		pf.Band, pf.Lo, pf.Hi = true, b.lo, b.hi
		a.Factors = append(a.Factors, FactorCount{Kind: "fit", With: b.n, WonWith: b.w,
			Factor:    fmt.Sprintf("%s:%s[%s,%s)", c.prefix, c.name, edge(b.lo), edge(b.hi)),
			Predicate: pf.Condition()})
	}
}

// bandedColumn is a numeric column's bands, as factors from first on.
type bandedColumn struct {
	col   attrColumn
	bands []band
	first int
}

// recountBands counts the bands' leads and wins over every lead counted,
// when the bands were chosen on fewer of them (the prebins' counts are
// then those leads' only): the leads the bands were not chosen on are
// added, each by the test score makes, lo <= x < hi, in one query for
// every banded column. Counting every lead again gave the same figures
// and took 0.12 s at a million leads.
func (a *ActionCounts) recountBands(ctx context.Context, ws *Workspace) error {
	if a.BandLeads == a.Leads || len(a.banded) == 0 {
		return nil
	}
	keys, names, sets := make([]string, len(a.banded)), make([]string, len(a.banded)), make([]string, len(a.banded))
	for i, bc := range a.banded {
		names[i] = fmt.Sprintf("c%d", i)
		keys[i] = bandKey(bc.col.ref(), bc.bands) + " AS " + names[i]
		sets[i] = "(" + names[i] + ")"
	}
	q := fmt.Sprintf(SQL("actions-band-counts"), strings.Join(keys, ",\n        "), strings.Join(names, ", "), strings.Join(sets, ", "))
	rows, err := ws.query(ctx, q)
	if err != nil {
		return fmt.Errorf("actions (bands): %s", sqltext.CleanErr(err))
	}
	defer rows.Close()
	vals := make([]sql.NullInt64, len(a.banded))
	dest := make([]any, len(a.banded)+2)
	for i := range vals {
		dest[i] = &vals[i]
	}
	var n, w int64
	dest[len(vals)], dest[len(vals)+1] = &n, &w
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return err
		}
		for i, v := range vals {
			if v.Valid && v.Int64 >= 0 && int(v.Int64) < len(a.banded[i].bands) {
				f := &a.Factors[a.banded[i].first+int(v.Int64)]
				f.With, f.WonWith = f.With+n, f.WonWith+w
			}
		}
	}
	return rows.Err()
}

// bandKey is the SQL that numbers a lead's band, by lo <= x < hi: -1 for
// no value, -2 below the first band (which may start at a value).
func bandKey(ref string, bands []band) string {
	x := fmt.Sprintf("CAST(%s AS DOUBLE)", ref)
	var b strings.Builder
	fmt.Fprintf(&b, "CASE WHEN %s IS NULL THEN -1", ref)
	if lo := bands[0].lo; !math.IsInf(lo, -1) {
		fmt.Fprintf(&b, " WHEN %s < %s THEN -2", x, edge(lo))
	}
	for k, bd := range bands[:len(bands)-1] {
		fmt.Fprintf(&b, " WHEN %s < %s THEN %d", x, edge(bd.hi), k)
	}
	fmt.Fprintf(&b, " ELSE %d END", len(bands)-1)
	return b.String()
}

// valueFactors adds the commonest values of a column but missing (which
// is a factor of its own), the rest lumped as other.
func (a *ActionCounts) valueFactors(c attrColumn, gs []attrGroup) {
	gs = slices.DeleteFunc(slices.Clone(gs), func(g attrGroup) bool { return g.value == MissingValue })
	// The most common values first, ties by value.
	slices.SortFunc(gs, func(x, y attrGroup) int {
		if x.with != y.with {
			return cmp.Compare(y.with, x.with)
		}
		return strings.Compare(x.value, y.value)
	})
	var other FactorCount
	var top []string
	for _, g := range gs {
		if len(top) < topValues {
			a.Factors = append(a.Factors, FactorCount{Kind: "fit", With: g.with, WonWith: g.wonW,
				Factor:    fmt.Sprintf("%s:%s=%s", c.prefix, c.name, g.value),
				Predicate: c.key() + " = " + sqltext.QuoteLit(g.value)})
			top = append(top, sqltext.QuoteLit(g.value))
		} else {
			other.With += g.with
			other.WonWith += g.wonW
		}
	}
	if other.With > 0 {
		other.Factor, other.Kind = fmt.Sprintf("%s:%s=(other)", c.prefix, c.name), "fit"
		// Missing is not other: it has a factor of its own.
		other.Predicate = fmt.Sprintf("%s NOT IN (%s)", c.key(), strings.Join(append(top, sqltext.QuoteLit(MissingValue)), ", "))
		a.Factors = append(a.Factors, other)
	}
}

func columnTypes(ctx context.Context, ws *Workspace, table string) (map[string]string, error) {
	rows, err := ws.query(ctx, SQL("column-types"), table)
	if err != nil {
		return nil, fmt.Errorf("column types of %s: %s", table, sqltext.CleanErr(err))
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var name string
		var typ sql.NullString
		if err := rows.Scan(&name, &typ); err != nil {
			return nil, err
		}
		out[name] = typ.String
	}
	return out, rows.Err()
}

// FactorPatterns groups the settled leads by which of the factors they
// have: one row per combination that occurs, with how many leads have it
// and how many of them won. A model on 0/1 factors needs nothing more
// (FitLogisticWeighted), and a million leads fall into a few hundred
// combinations, so the data that crosses into Go is that small: reading
// one 0/1 column per factor per lead took a second at a million leads,
// and tune fits a dozen models. ActionFactorCounts must have run over the
// same leads: the patterns read the tables it made. The event factors'
// bits come from one pivot of the event counts, in one pass for all of
// them; a fit factor's from its Predicate.
//
// With share below 1 only a seeded random share of the leads is read: a
// lead is in it when a hash of its number falls below the share, the same
// leads every time for the same data (a model needs no more than a few
// tens of thousands, and at a million leads reading them all took 1.2 s).
func FactorPatterns(ctx context.Context, ws *Workspace, factors []FactorCount, share float64) (Patterns, error) {
	var p Patterns
	words := (len(factors) + 63) / 64
	masks := make([][]string, max(words, 1))
	ev := []string{"lead_no"}
	var events []string
	for i, f := range factors {
		var has string
		switch {
		case f.Event != "" && f.AtLeast > 0:
			name := fmt.Sprintf("e%d", i)
			ev = append(ev, fmt.Sprintf("bool_or(event = %s AND n >= %d) AS %s", sqltext.QuoteLit(f.Event), f.AtLeast, name))
			events = append(events, sqltext.QuoteLit(f.Event))
			has = "ev." + name
		case f.Predicate == "":
			return p, fmt.Errorf("factor %s has no predicate", f.Factor)
		default:
			has = f.Predicate
		}
		masks[i/64] = append(masks[i/64], fmt.Sprintf("(CAST(coalesce(%s, false) AS UBIGINT) << %d)", has, i%64))
	}
	cols := make([]string, len(masks))
	for w, m := range masks {
		if len(m) == 0 {
			m = []string{"CAST(0 AS UBIGINT)"}
		}
		cols[w] = fmt.Sprintf("%s AS m%d", strings.Join(m, " | "), w)
	}
	// The leads of the share, by their sample_key (a hash of the id: see
	// actions-population); the events' pivot keeps only theirs.
	sampled, pivotSampled := "true", "true"
	if share < 1 {
		sampled = fmt.Sprintf("a.sample_key < %d", int64(math.Ceil(share*sampleScale)))
		pivotSampled = "lead_no IN (SELECT a.lead_no FROM derived.action_leads a WHERE " + sampled + ")"
	}
	pivot := "SELECT lead_no FROM derived.lead_event_counts WHERE false"
	if len(events) > 0 {
		pivot = fmt.Sprintf("SELECT %s FROM derived.lead_event_counts WHERE event IN (%s) AND %s GROUP BY lead_no",
			strings.Join(ev, ", "), strings.Join(events, ", "), pivotSampled)
	}
	q := fmt.Sprintf(SQL("actions-patterns"), strings.Join(cols, ", "), pivot, sampled)
	rows, err := ws.query(ctx, q)
	if err != nil {
		return p, fmt.Errorf("factor patterns: %s", sqltext.CleanErr(err))
	}
	defer rows.Close()
	dest := make([]any, len(masks)+2)
	for rows.Next() {
		r := Pattern{Bits: make([]uint64, len(masks))}
		for w := range masks {
			dest[w] = &r.Bits[w]
		}
		dest[len(masks)], dest[len(masks)+1] = &r.Leads, &r.Won
		if err := rows.Scan(dest...); err != nil {
			return p, err
		}
		p.Rows = append(p.Rows, r)
	}
	return p, rows.Err()
}

// sampleScale is the resolution of FactorPatterns' share: leads are kept
// by the hash of their id modulo it (action_leads' sample_key).
const sampleScale = 1_000_000

// Patterns is the settled leads grouped by the factors they have.
type Patterns struct {
	Rows []Pattern
}

// Pattern is one combination of factors: bit j of Bits (word j/64, bit
// j%64) says whether its leads have factor j.
type Pattern struct {
	Bits       []uint64
	Leads, Won int64
}

// Has reports whether the pattern's leads have factor j.
func (p Pattern) Has(j int) bool { return p.Bits[j/64]>>(j%64)&1 == 1 }

// Design is grouped data to fit a model on: one row per combination of
// some factors, with its 0/1 values, its number of leads, how many of
// them won and their close rate (Won/Leads, what FitLogisticWeighted
// takes as the outcome).
type Design struct {
	X                [][]float64
	Leads, Won, Rate []float64
}

// Design groups the leads by just some of the factors (cols, by their
// place in the list): combinations that differ only in other factors are
// merged.
func (p Patterns) Design(cols []int) Design {
	var d Design
	at := map[string]int{}
	key := make([]byte, len(cols))
	for _, r := range p.Rows {
		for i, j := range cols {
			key[i] = 0
			if r.Has(j) {
				key[i] = 1
			}
		}
		i, ok := at[string(key)]
		if !ok {
			i = len(d.X)
			at[string(key)] = i
			row := make([]float64, len(cols))
			for c, b := range key {
				row[c] = float64(b)
			}
			d.X = append(d.X, row)
			d.Leads, d.Won = append(d.Leads, 0), append(d.Won, 0)
		}
		d.Leads[i] += float64(r.Leads)
		d.Won[i] += float64(r.Won)
	}
	d.Rate = make([]float64, len(d.X))
	for i := range d.Rate {
		d.Rate[i] = d.Won[i] / d.Leads[i]
	}
	return d
}
