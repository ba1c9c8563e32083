// Package export writes a scoring model for production: as SQL that
// creates a view scoring every lead exactly as leadlab does, for DuckDB
// and for PostgreSQL (the README's "Export for production").
package export

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/leadlab/leadlab/analysis/scoring"
	"github.com/leadlab/leadlab/queries"
)

// DefaultView is the view's name unless the mapping or a flag names it.
const DefaultView = "lead_scores"

// Options say what SQL to write.
type Options struct {
	Dialect queries.Dialect
	Mapping Mapping
	// AsOf pins the time every lead is scored as of (what `leadlab score
	// --now` does with the data's as-of date); nil scores as of the
	// database's clock, in UTC, every time the view is read.
	AsOf *time.Time
	// Lead and Account are the columns of the workspace's lead and
	// account profiles with their DuckDB types (queries.ProfileColumns):
	// what attr: and account: rules may name, and how their values compare.
	Lead, Account map[string]string
	// Header is put at the top as comments: where the model came from
	// and how it measured.
	Header []string
}

// SQL writes the script that creates the scoring view: one statement in
// a transaction, with a CTE per rule group and a comment per rule. A rule
// the target cannot compute exactly as leadlab does is refused, every
// problem named.
func SQL(cfg scoring.Config, opt Options) (string, error) {
	g := &gen{d: opt.Dialect, opt: opt, m: opt.Mapping}
	view := opt.Mapping.View
	if len(view) == 0 {
		view = Name{DefaultView}
	}
	g.checkName("the view", view)
	for _, t := range Tables {
		g.checkName("table "+t, g.m.Table(t))
	}
	for i, r := range cfg.Fit {
		g.fitRule(r, where(r, "fit", i))
	}
	for i, r := range cfg.Pain {
		g.painRule(r, where(r, "pain", i))
	}
	if !finite(cfg.Cutoff) {
		g.fail("cutoff: %v is not a number SQL can hold", cfg.Cutoff)
	}
	if len(g.problems) > 0 {
		return "", errors.Join(g.problems...)
	}
	return g.write(cfg, view), nil
}

// gen collects what the view needs while the rules are read.
type gen struct {
	d        queries.Dialect
	opt      Options
	m        Mapping
	problems []error

	fit  []term // in config order
	pain []term
	// Columns of each table the view reads, canonical names in first-use
	// order; derived attributes computed in the profile CTEs.
	cols    map[string][]string
	derived map[string][]queries.Derived
	events  []string // event names the pain rules read, in first-use order
	capped  bool     // some rule counts only the latest occurrences
	decays  bool     // some rule decays
}

// term is one rule's contribution, with the comment naming it.
type term struct {
	note string
	expr string
}

func where(r scoring.Rule, list string, i int) string {
	if r.Line > 0 {
		return fmt.Sprintf("line %d: %s", r.Line, r.Factor)
	}
	return fmt.Sprintf("%s[%d] %s", list, i, r.Factor)
}

func (g *gen) fail(format string, args ...any) {
	g.problems = append(g.problems, fmt.Errorf(format, args...))
}

func (g *gen) checkName(what string, n Name) {
	for _, p := range n {
		if err := checkIdent(g.d, p); err != nil {
			g.fail("%s (%s): %v", what, n, err)
		}
	}
}

// need records that the view reads a canonical column, and returns the
// SQL for it in the table's CTE; false when production lacks it.
func (g *gen) need(table, col, at string) (string, bool) {
	prod, ok := g.m.Column(table, col)
	if !ok {
		g.fail("%s: needs %s.%s, which the mapping says production does not have", at, table, col)
		return "", false
	}
	if err := checkIdent(g.d, prod); err != nil {
		g.fail("%s: %s.%s: %v", at, table, col, err)
		return "", false
	}
	if g.cols == nil {
		g.cols = map[string][]string{}
	}
	if !slices.Contains(g.cols[table], col) {
		g.cols[table] = append(g.cols[table], col)
	}
	return ident(col), true
}

func (g *gen) fitRule(r scoring.Rule, at string) {
	f, err := scoring.ParseFactor(r.Factor)
	if err != nil {
		g.fail("%s: %v", at, err)
		return
	}
	if f.Pain() {
		g.fail("%s: an event rule in the fit list", at)
		return
	}
	if !finite(r.Points) {
		g.fail("%s: points %v is not a number SQL can hold", at, r.Points)
		return
	}
	table, rel, types := "leads", "lp", g.opt.Lead
	if f.Account {
		table, rel, types = "accounts", "ap", g.opt.Account
		g.need("leads", "account_id", at)
		g.need("accounts", "account_id", at)
	}
	var col string
	typ, known := types[f.Column]
	if x, ok := queries.DerivedColumn(table, f.Column); ok {
		for _, from := range x.From {
			if _, ok := g.need(table, from, at); !ok {
				return
			}
		}
		if g.derived == nil {
			g.derived = map[string][]queries.Derived{}
		}
		if !slices.ContainsFunc(g.derived[table], func(d queries.Derived) bool { return d.Name == x.Name }) {
			g.derived[table] = append(g.derived[table], x)
		}
		col, typ = rel+"."+ident(x.Name), "VARCHAR"
	} else {
		if !known {
			g.fail("%s: %s have no column %q in this workspace", at, table, f.Column)
			return
		}
		c, ok := g.need(table, f.Column, at)
		if !ok {
			return
		}
		col = rel + "." + c
	}
	cond, note, ok := g.condition(f, col, typ, at)
	if !ok {
		return
	}
	g.fit = append(g.fit, term{
		note: fmt.Sprintf("%s: %s%s", comment(r.Factor), pointsWords(r.Points), note),
		expr: fmt.Sprintf("CASE WHEN %s THEN %s ELSE 0 END", cond, num(r.Points)),
	})
}

// condition is the SQL test that a lead has a profile factor, meaning
// exactly what leadlab's test means (queries.ProfileFactor.Condition): a
// value compared as DuckDB writes it as text, "(missing)" for no value, a
// band on the number. NULL counts as not having it.
func (g *gen) condition(f scoring.Factor, col, typ, at string) (cond, note string, ok bool) {
	double := "float8"
	switch {
	case f.Kind == scoring.AttrBand:
		if !numeric(typ) {
			g.fail("%s: %s is %s, not a number, so it has no bands", at, f.Column, strings.ToLower(typ))
			return "", "", false
		}
		var parts []string
		if !math.IsInf(f.Lo, -1) {
			parts = append(parts, fmt.Sprintf("CAST(%s AS %s) >= %s", col, double, num(f.Lo)))
		}
		if !math.IsInf(f.Hi, 1) {
			parts = append(parts, fmt.Sprintf("CAST(%s AS %s) < %s", col, double, num(f.Hi)))
		}
		if len(parts) == 0 {
			return col + " IS NOT NULL", "", true
		}
		return strings.Join(parts, " AND "), "", true
	case f.Missing:
		return col + " IS NULL", "", true
	}
	if err := checkText(f.Value); err != nil {
		g.fail("%s: the value %v", at, err)
		return "", "", false
	}
	switch {
	case typ == "VARCHAR":
		return col + " = " + lit(f.Value), "", true
	case typ == "BOOLEAN":
		switch f.Value {
		case "true":
			return col + " = TRUE", "", true
		case "false":
			return col + " = FALSE", "", true
		}
		return "FALSE", " (never: a boolean is only true or false)", true
	case integer(typ):
		// DuckDB writes an integer as its plain decimal digits, so only
		// a value written that way can match.
		if n, err := strconv.ParseInt(f.Value, 10, 64); err == nil && strconv.FormatInt(n, 10) == f.Value {
			return col + " = " + f.Value, "", true
		}
		return "FALSE", " (never: not a whole number as written)", true
	}
	g.fail("%s: %s is %s, and DuckDB and PostgreSQL write such values as text differently, so a value rule cannot mean the same in both; use a band, e.g. %s:%s[LO,HI)",
		at, f.Column, strings.ToLower(typ), map[bool]string{true: "account", false: "attr"}[f.Account], f.Column)
	return "", "", false
}

func (g *gen) painRule(r scoring.Rule, at string) {
	f, err := scoring.ParseFactor(r.Factor)
	if err != nil {
		g.fail("%s: %v", at, err)
		return
	}
	if !f.Pain() {
		g.fail("%s: a profile rule in the pain list", at)
		return
	}
	if err := checkText(f.Event); err != nil {
		g.fail("%s: the event name %v", at, err)
		return
	}
	if !finite(r.Points) {
		g.fail("%s: points %v is not a number SQL can hold", at, r.Points)
		return
	}
	for _, c := range []string{"lead_id", "event", "occurred_at"} {
		if _, ok := g.need("events", c, at); !ok {
			return
		}
	}
	if !slices.Contains(g.events, f.Event) {
		g.events = append(g.events, f.Event)
	}
	is := "event_name = " + lit(f.Event)
	if f.Kind == scoring.EventMin {
		g.pain = append(g.pain, term{
			note: fmt.Sprintf("%s: %s once it happened %d times", comment(r.Factor), pointsWords(r.Points), f.Min),
			expr: fmt.Sprintf("CASE WHEN count(*) FILTER (WHERE %s) >= %d THEN %s ELSE 0 END", is, f.Min, num(r.Points)),
		})
		return
	}
	note := fmt.Sprintf("%s: %s each time", comment(r.Factor), pointsWords(r.Points))
	if r.Cap != nil && *r.Cap > 0 {
		is += fmt.Sprintf(" AND recency <= %d", *r.Cap)
		g.capped = true
		note = fmt.Sprintf("%s: %s each time, the latest %d times at most", comment(r.Factor), pointsWords(r.Points), *r.Cap)
		if *r.Cap == 1 {
			note = fmt.Sprintf("%s: %s if it happened (the latest time only)", comment(r.Factor), pointsWords(r.Points))
		}
	}
	if r.HalfLifeDays != nil && *r.HalfLifeDays > 0 {
		hl := *r.HalfLifeDays
		if !finite(hl) {
			g.fail("%s: half_life_days %v is not a number SQL can hold", at, hl)
			return
		}
		g.decays = true
		note += fmt.Sprintf(", halving every %s days", strconv.FormatFloat(hl, 'g', -1, 64))
		g.pain = append(g.pain, term{note: note,
			expr: fmt.Sprintf("%s * coalesce(sum(power(2::float8, -(age_days / %s))) FILTER (WHERE %s), 0)", num(r.Points), num(hl), is)})
		return
	}
	g.pain = append(g.pain, term{note: note, expr: fmt.Sprintf("%s * count(*) FILTER (WHERE %s)", num(r.Points), is)})
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

func integer(typ string) bool {
	switch typ {
	case "BIGINT", "INTEGER", "SMALLINT", "TINYINT", "HUGEINT", "UBIGINT", "UINTEGER", "USMALLINT", "UTINYINT":
		return true
	}
	return false
}

func numeric(typ string) bool {
	return integer(typ) || typ == "DOUBLE" || typ == "FLOAT" || strings.HasPrefix(typ, "DECIMAL")
}

func pointsWords(v float64) string {
	s := strconv.FormatFloat(v, 'g', -1, 64)
	if v >= 0 {
		s = "+" + s
	}
	if v == 1 || v == -1 {
		return s + " point"
	}
	return s + " points"
}
