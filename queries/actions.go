package queries

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// FactorCount is one candidate factor of SPEC §4 with its 2×2 counts over
// the settled (non-maturing) leads.
type FactorCount struct {
	Factor  string // event:x, event:x>=N, attr:col=v, attr:col[lo,hi), account:col=v
	Kind    string // fit or pain
	Event   string // the event name, for pain factors
	With    int64  // leads with the factor
	WonWith int64  // of whom won
	// Predicate is the SQL condition, over derived.action_leads a,
	// lead_profile lp and account_profile ap, that a lead has the factor:
	// what FactorPatterns needs to fit a model on several factors at once.
	Predicate string
	// AtLeast is, for pain factors, how many times the lead did Event.
	AtLeast int64
}

// ActionCounts holds every candidate factor and the population totals.
type ActionCounts struct {
	Leads, Won int64
	Factors    []FactorCount
}

// topValues is how many values of a categorical attribute become factors;
// the rest are lumped into "other".
const topValues = 15

// leadAttributes are the lead columns that are profile attributes; ids,
// dates, free text and the outcome itself (converted) never are.
var leadAttributes = []string{"role", "country", "source", "email_type", "seniority"}

// accountAttributes likewise for accounts.
var accountAttributes = []string{"industry", "region", "size_band", "target", "tier"}

// ActionFactorCounts counts leads and wins for every candidate factor.
// ComputeOutcomes must have run: it defines who is settled and which
// events each lead may be judged by.
func ActionFactorCounts(ctx context.Context, ws *Workspace) (ActionCounts, error) {
	var a ActionCounts
	channels, other, weeks := channelList()
	for _, q := range []string{SQL("actions-population"), fmt.Sprintf(SQL("actions-event-counts"), channels, other, weeks)} {
		if _, err := ws.DB.ExecContext(ctx, q); err != nil {
			return a, fmt.Errorf("actions: %s", cleanDuckErr(err))
		}
	}
	if err := ws.DB.QueryRowContext(ctx, SQL("actions-totals")).Scan(&a.Leads, &a.Won); err != nil {
		return a, fmt.Errorf("actions: %s", cleanDuckErr(err))
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
	leadCols := withExtras(leadAttributes, extras["leads"])
	if err := settledProfile(ctx, ws, "lead_profile", "lead_id", leadCols); err != nil {
		return a, err
	}
	for _, col := range leadCols {
		if err := a.attribute(ctx, ws, "attr", "lead_profile", col, types["leads"][col]); err != nil {
			return a, err
		}
	}
	// The account copy is made even without accounts: the factor matrix
	// joins it.
	accountCols := withExtras(accountAttributes, extras["accounts"])
	if err := settledProfile(ctx, ws, "account_profile", "account_id", accountCols); err != nil {
		return a, err
	}
	if _, ok := extras["accounts"]; ok {
		for _, col := range accountCols {
			if err := a.attribute(ctx, ws, "account", "account_profile", col, types["accounts"][col]); err != nil {
				return a, err
			}
		}
	}
	return a, nil
}

// withExtras lists the attribute columns as stored: the canonical ones and
// the extra attributes under their stored names.
func withExtras(canonical, extras []string) []string {
	out := slices.Clone(canonical)
	for _, e := range extras {
		out = append(out, extraName(e))
	}
	return out
}

func (a *ActionCounts) events(ctx context.Context, ws *Workspace) error {
	rows, err := ws.DB.QueryContext(ctx, SQL("actions-events"))
	if err != nil {
		return fmt.Errorf("actions: %s", cleanDuckErr(err))
	}
	for rows.Next() {
		f := FactorCount{Kind: "pain"}
		if err := rows.Scan(&f.Event, &f.With, &f.WonWith); err != nil {
			rows.Close()
			return err
		}
		f.Factor, f.AtLeast = "event:"+f.Event, 1
		f.Predicate = eventPredicate(f.Event, 1)
		a.Factors = append(a.Factors, f)
	}
	rows.Close()
	rows, err = ws.DB.QueryContext(ctx, SQL("actions-event-repeats"))
	if err != nil {
		return fmt.Errorf("actions: %s", cleanDuckErr(err))
	}
	defer rows.Close()
	for rows.Next() {
		f := FactorCount{Kind: "pain"}
		var k int64
		if err := rows.Scan(&f.Event, &k, &f.With, &f.WonWith); err != nil {
			return err
		}
		f.Factor, f.AtLeast = fmt.Sprintf("event:%s>=%d", f.Event, k), k
		f.Predicate = eventPredicate(f.Event, k)
		a.Factors = append(a.Factors, f)
	}
	return rows.Err()
}

// attribute adds the factors of one attribute column of rel (lead_profile
// or account_profile): quartile bands for a number, the top values (the
// rest lumped as other) for anything else. The counts read the settled
// leads' copy of the profile (actions-profiles); the predicates, the view.
func (a *ActionCounts) attribute(ctx context.Context, ws *Workspace, prefix, rel, col, typ string) error {
	c := "p." + quoteIdent(col)
	if typ == "DOUBLE" || (typ == "BIGINT" && col != "tier") {
		return a.bands(ctx, ws, prefix, rel, col)
	}
	rows, err := ws.DB.QueryContext(ctx, fmt.Sprintf(SQL("actions-categorical"), c, settledCopy(rel)))
	if err != nil {
		return fmt.Errorf("actions (%s): %s", col, cleanDuckErr(err))
	}
	defer rows.Close()
	var other FactorCount
	var top []string
	value := fmt.Sprintf("coalesce(CAST(%s.%s AS VARCHAR), '(missing)')", alias(rel), quoteIdent(col))
	for rows.Next() {
		var v string
		var f FactorCount
		if err := rows.Scan(&v, &f.With, &f.WonWith); err != nil {
			return err
		}
		if len(top) < topValues {
			f.Factor, f.Kind = fmt.Sprintf("%s:%s=%s", prefix, col, v), "fit"
			f.Predicate = value + " = " + quoteLit(v)
			a.Factors = append(a.Factors, f)
			top = append(top, quoteLit(v))
		} else {
			other.With += f.With
			other.WonWith += f.WonWith
		}
	}
	if other.With > 0 {
		other.Factor, other.Kind = fmt.Sprintf("%s:%s=(other)", prefix, col), "fit"
		other.Predicate = fmt.Sprintf("%s NOT IN (%s)", value, strings.Join(top, ", "))
		a.Factors = append(a.Factors, other)
	}
	return rows.Err()
}

func (a *ActionCounts) bands(ctx context.Context, ws *Workspace, prefix, rel, col string) error {
	c := "p." + quoteIdent(col)
	var edges []any
	var present int64
	if err := ws.DB.QueryRowContext(ctx, fmt.Sprintf(SQL("actions-quartiles"), c, settledCopy(rel))).Scan(&edges, &present); err != nil {
		return fmt.Errorf("actions (%s): %s", col, cleanDuckErr(err))
	}
	var cuts []float64
	for _, e := range edges {
		if v, ok := e.(float64); ok && (len(cuts) == 0 || v > cuts[len(cuts)-1]) {
			cuts = append(cuts, v)
		}
	}
	if present == 0 || len(cuts) == 0 {
		return nil
	}
	band := func(c string) string {
		var b strings.Builder
		fmt.Fprintf(&b, "CASE WHEN %s IS NULL THEN -1", c)
		for i, cut := range cuts {
			fmt.Fprintf(&b, " WHEN CAST(%s AS DOUBLE) < %s THEN %d", c, strconv.FormatFloat(cut, 'g', -1, 64), i)
		}
		fmt.Fprintf(&b, " ELSE %d END", len(cuts))
		return b.String()
	}
	rows, err := ws.DB.QueryContext(ctx, fmt.Sprintf(SQL("actions-bands"), band(c), settledCopy(rel)))
	if err != nil {
		return fmt.Errorf("actions (%s): %s", col, cleanDuckErr(err))
	}
	defer rows.Close()
	for rows.Next() {
		var b int
		f := FactorCount{Kind: "fit"}
		if err := rows.Scan(&b, &f.With, &f.WonWith); err != nil {
			return err
		}
		f.Factor = fmt.Sprintf("%s:%s%s", prefix, col, bandLabel(b, cuts))
		f.Predicate = fmt.Sprintf("(%s) = %d", band(alias(rel)+"."+quoteIdent(col)), b)
		a.Factors = append(a.Factors, f)
	}
	return rows.Err()
}

func bandLabel(band int, cuts []float64) string {
	num := func(v float64) string { return strconv.FormatFloat(v, 'g', 6, 64) }
	switch {
	case band < 0:
		return "=(missing)"
	case band == 0:
		return fmt.Sprintf("[-inf,%s)", num(cuts[0]))
	case band == len(cuts):
		return fmt.Sprintf("[%s,inf)", num(cuts[band-1]))
	}
	return fmt.Sprintf("[%s,%s)", num(cuts[band-1]), num(cuts[band]))
}

func columnTypes(ctx context.Context, ws *Workspace, table string) (map[string]string, error) {
	rows, err := ws.DB.QueryContext(ctx, SQL("column-types"), table)
	if err != nil {
		return nil, fmt.Errorf("column types of %s: %s", table, cleanDuckErr(err))
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

// alias is the name FactorPatterns gives each profile relation.
// settledProfile copies the attribute columns of a profile for the
// settled leads (actions-profile).
func settledProfile(ctx context.Context, ws *Workspace, rel, key string, cols []string) error {
	sel := make([]string, len(cols))
	for i, c := range cols {
		sel[i] = "p." + quoteIdent(c)
	}
	q := fmt.Sprintf(SQL("actions-profile"), settledCopy(rel), strings.Join(sel, ", "), rel, key)
	if _, err := ws.DB.ExecContext(ctx, q); err != nil {
		return fmt.Errorf("actions (%s): %s", rel, cleanDuckErr(err))
	}
	return nil
}

// settledCopy is the settled leads' copy of a profile.
func settledCopy(rel string) string { return "derived.action_" + rel }

func alias(rel string) string {
	if rel == "account_profile" {
		return "ap"
	}
	return "lp"
}

func eventPredicate(event string, atLeast int64) string {
	return fmt.Sprintf("EXISTS (SELECT 1 FROM derived.lead_event_counts c WHERE c.lead_id = a.lead_id AND c.event = %s AND c.n >= %d)",
		quoteLit(event), atLeast)
}

// FactorPatterns groups the settled leads by which of the factors they
// have: one row per combination that occurs, with how many leads have it
// and how many of them won. A model on 0/1 factors needs nothing more
// (FitLogisticWeighted), and a million leads fall into a few hundred
// combinations, so the data that crosses into Go is that small: reading
// one 0/1 column per factor per lead took a second at a million leads,
// and tune fits a dozen models. ActionFactorCounts must have run over the
// same leads: the patterns read the tables it made. An event factor's bit
// comes from one pivot of the event counts, which gives what its
// Predicate would, in one pass for all of them.
func FactorPatterns(ctx context.Context, ws *Workspace, factors []FactorCount) (Patterns, error) {
	p := Patterns{Factors: len(factors)}
	words := (len(factors) + 63) / 64
	masks := make([][]string, max(words, 1))
	ev := []string{"lead_id"}
	var events []string
	for i, f := range factors {
		var has string
		switch {
		case f.Event != "" && f.AtLeast > 0:
			name := fmt.Sprintf("e%d", i)
			ev = append(ev, fmt.Sprintf("bool_or(event = %s AND n >= %d) AS %s", quoteLit(f.Event), f.AtLeast, name))
			events = append(events, quoteLit(f.Event))
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
	pivot := "SELECT lead_id FROM derived.lead_event_counts WHERE false"
	if len(events) > 0 {
		pivot = fmt.Sprintf("SELECT %s FROM derived.lead_event_counts WHERE event IN (%s) GROUP BY lead_id",
			strings.Join(ev, ", "), strings.Join(events, ", "))
	}
	q := fmt.Sprintf(SQL("actions-patterns"), strings.Join(cols, ", "), pivot)
	rows, err := ws.DB.QueryContext(ctx, q)
	if err != nil {
		return p, fmt.Errorf("factor patterns: %s", cleanDuckErr(err))
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

// Patterns is the settled leads grouped by the factors they have.
type Patterns struct {
	Factors int // how many factors the bits stand for
	Rows    []Pattern
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
