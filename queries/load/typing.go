package load

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/leadlab/leadlab/queries"
	"github.com/leadlab/leadlab/queries/internal/sqltext"
)

// columnPlan says where one canonical column's values come from.
type columnPlan struct {
	col    queries.Column
	source string // source column, "" when absent or constant
	set    string // constant, when isSet
	isSet  bool
	// rowNumber: the column is the record's number in the file (generate:).
	rowNumber bool
}

// present reports whether the file supplies the column at all.
func (p columnPlan) present() bool { return p.source != "" || p.isSet || p.rowNumber }

// mapColumns decides, for each canonical column, which source column feeds
// it, and which source columns are kept as extra attributes. It fails when
// a required column or a mapped source column is missing, with a hint when
// the header looks like the wrong delimiter.
func mapColumns(t queries.Table, src Source, cols []string) (plans []columnPlan, extras, ignored []string, err error) {
	have := map[string]string{} // lower-case name -> name as in the file
	for _, c := range cols {
		have[strings.ToLower(c)] = c
	}
	skip := map[string]bool{}
	for _, c := range src.Ignore {
		skip[strings.ToLower(c)] = true
	}
	used := map[string]bool{}
	for _, c := range t.Columns {
		p := columnPlan{col: c}
		if src.Generate[c.Name] == rowNumber {
			p.rowNumber = true
		} else if v, ok := src.Set[c.Name]; ok {
			p.set, p.isSet = v, true
		} else if m, ok := src.Columns[c.Name]; ok {
			real, found := have[strings.ToLower(m)]
			if !found {
				return nil, nil, nil, fmt.Errorf("%s: column %q (mapped to %s.%s) is not in the file; its columns are %s%s",
					src.label(), m, t.Name, c.Name, listCols(cols, m), delimiterHint(cols))
			}
			p.source = real
		} else if real, found := have[c.Name]; found && !skip[c.Name] {
			// A column named like a canonical one is read as it, unless
			// ignore: drops it (a campaign Type that holds channels).
			p.source = real
		}
		if p.source != "" {
			used[strings.ToLower(p.source)] = true
		}
		plans = append(plans, p)
	}
	for _, p := range plans {
		if p.col.Required && !p.present() {
			return nil, nil, nil, fmt.Errorf("%s: required column %s is missing; the file's columns are %s%s",
				src.label(), p.col.Name, listCols(cols, p.col.Name), delimiterHint(cols))
		}
	}
	if len(t.OneOf) > 0 {
		any := false
		for _, p := range plans {
			for _, n := range t.OneOf {
				any = any || (p.col.Name == n && p.present())
			}
		}
		if !any {
			return nil, nil, nil, fmt.Errorf("%s: needs one of the columns %s; the file's columns are %s%s",
				src.label(), strings.Join(t.OneOf, " or "), listCols(cols, ""), delimiterHint(cols))
		}
	}
	for _, k := range keysOf(src.MissingBy) {
		if _, canonical := t.Column(k); canonical {
			continue
		}
		if _, ok := have[strings.ToLower(k)]; !ok {
			return nil, nil, nil, fmt.Errorf("%s: missing: names column %q, which is neither a %s column nor in the file; its columns are %s",
				src.label(), k, t.Name, listCols(cols, k))
		}
	}
	for k := range src.Values {
		if _, canonical := t.Column(k); canonical {
			continue
		}
		if _, ok := have[strings.ToLower(k)]; !ok {
			return nil, nil, nil, fmt.Errorf("%s: values: maps column %q, which is neither a %s column nor in the file; its columns are %s",
				src.label(), k, t.Name, listCols(cols, k))
		}
	}
	for _, c := range cols {
		lc := strings.ToLower(c)
		switch {
		case used[lc]:
		case skip[lc] || !t.ExtrasAllowed:
			ignored = append(ignored, c)
		case isCanonicalName(t, lc):
			// A canonical name fed by another column (or a constant) is
			// shadowed; keeping it would make two columns of one name.
			ignored = append(ignored, c)
		default:
			extras = append(extras, c)
		}
	}
	return plans, extras, ignored, nil
}

func isCanonicalName(t queries.Table, name string) bool {
	_, ok := t.Column(name)
	return ok
}

// listCols lists every column of a file, wrapped onto indented lines so
// that a wide export shows all of its names, with the one nearest to
// want (when given) first: a misspelt name's fix is then the first word.
func listCols(cols []string, want string) string {
	if len(cols) == 0 {
		return "(none)"
	}
	shown := cols
	if want != "" {
		best, bestD := -1, 0
		for i, c := range cols {
			if d := editDistance(strings.ToLower(want), strings.ToLower(c)); best < 0 || d < bestD {
				best, bestD = i, d
			}
		}
		shown = append([]string{cols[best]}, slices.Delete(slices.Clone(cols), best, best+1)...)
	}
	// A header read whole with the wrong delimiter is one long name; a
	// hostile file may have thousands: bound both, far above real exports.
	const maxNames = 300
	more := len(shown) - maxNames
	shown = shown[:min(len(shown), maxNames)]
	var b strings.Builder
	width := 0
	for i, c := range shown {
		c = sqltext.Truncate(c, 60)
		if i > 0 {
			b.WriteString(",")
			width++
			if width+len(c) > 72 {
				b.WriteString("\n    ")
				width = 4
			} else {
				b.WriteString(" ")
				width++
			}
		}
		b.WriteString(c)
		width += len(c)
	}
	if more > 0 {
		fmt.Fprintf(&b, " and %d more", more)
	}
	return b.String()
}

// delimiterHint spots the classic wrong-delimiter symptom: the whole header
// read as one column that still contains separators.
func delimiterHint(cols []string) string {
	if len(cols) != 1 {
		return ""
	}
	for _, d := range []string{";", "\t", "|", ","} {
		if strings.Contains(cols[0], d) {
			name := d
			if d == "\t" {
				name = `\t (tab)`
			}
			return fmt.Sprintf(" — the header was read as one column; the file looks %s-separated: set delimiter: %q in a manifest", name, d)
		}
	}
	return ""
}

// textExpr is the trimmed text of the source (empty means missing), with
// value mapping applied. Enumerations are compared in lower case so that
// "Won" and "won" are the same status without a mapping.
func textExpr(p columnPlan, src Source, rel string) string {
	var e string
	switch {
	case p.isSet:
		e = sqltext.QuoteLit(p.set)
	case p.source != "":
		e = fmt.Sprintf("NULLIF(trim(CAST(%s.%s AS VARCHAR)), '')", rel, sqltext.QuoteIdent(p.source))
		e = missingExpr(e, missingFor(src, p.col.Name, p.source))
	default:
		e = "CAST(NULL AS VARCHAR)"
	}
	e = mapValues(e, src.Values[p.col.Name])
	if len(p.col.Enum) > 0 {
		e = "lower(" + e + ")"
	}
	if p.col.Default != "" {
		e = fmt.Sprintf("coalesce(%s, %s)", e, sqltext.QuoteLit(p.col.Default))
	}
	return e
}

// mapValues wraps e in a CASE applying the manifest's value mapping; an
// empty target maps a value to missing.
func mapValues(e string, m map[string]string) string {
	if len(m) > 0 {
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		var b strings.Builder
		fmt.Fprintf(&b, "(CASE %s", e)
		for _, k := range keys {
			to := "NULL"
			if m[k] != "" {
				to = sqltext.QuoteLit(m[k])
			}
			fmt.Fprintf(&b, " WHEN %s THEN %s", sqltext.QuoteLit(k), to)
		}
		fmt.Fprintf(&b, " ELSE %s END)", e)
		e = b.String()
	}
	return e
}

// typedExpr converts the text expression t to the column's type; NULL
// where it cannot, which the checks then report.
func typedExpr(c queries.Column, t string, dateFormats []string) string {
	switch c.Type {
	case queries.Int:
		// Accept "12.0" (spreadsheets write integers that way) but not 12.5.
		return fmt.Sprintf("(CASE WHEN TRY_CAST(%[1]s AS DOUBLE) = round(TRY_CAST(%[1]s AS DOUBLE)) AND abs(TRY_CAST(%[1]s AS DOUBLE)) < 9e15 THEN CAST(TRY_CAST(%[1]s AS DOUBLE) AS BIGINT) END)", t)
	case queries.Float:
		return fmt.Sprintf("(CASE WHEN isfinite(TRY_CAST(%[1]s AS DOUBLE)) THEN TRY_CAST(%[1]s AS DOUBLE) END)", t)
	case queries.Bool:
		return fmt.Sprintf("(CASE lower(%s) WHEN 'true' THEN true WHEN 't' THEN true WHEN 'yes' THEN true WHEN 'y' THEN true WHEN '1' THEN true WHEN '1.0' THEN true "+
			"WHEN 'false' THEN false WHEN 'f' THEN false WHEN 'no' THEN false WHEN 'n' THEN false WHEN '0' THEN false WHEN '0.0' THEN false END)", t)
	case queries.Timestamp:
		parts := make([]string, 0, len(dateFormats)+2)
		for _, f := range dateFormats {
			parts = append(parts, fmt.Sprintf("try_strptime(%s, %s)", t, sqltext.QuoteLit(f)))
		}
		parts = append(parts, fmt.Sprintf("TRY_CAST(%s AS TIMESTAMP)", t),
			// ISO 8601 with an offset or Z: normalise to UTC.
			fmt.Sprintf("CAST(timezone('UTC', TRY_CAST(%s AS TIMESTAMPTZ)) AS TIMESTAMP)", t))
		return "coalesce(" + strings.Join(parts, ", ") + ")"
	}
	return t
}

// typeWord names a type for rejects ("not a valid date").
func typeWord(t queries.Type) string {
	switch t {
	case queries.Int:
		return "whole number"
	case queries.Float:
		return "number"
	case queries.Bool:
		return "true/false value"
	case queries.Timestamp:
		return "date or timestamp"
	}
	return "value"
}

// problem is one rule a row may break: the condition, and the
// {col, val, why} struct that describes the breach.
type problem struct{ cond, desc string }

// problemExprs lists the rules of this column.
func problemExprs(p columnPlan, raw, typed string, dateFormats []string) []problem {
	c := p.col
	var out []problem
	add := func(cond, why string) {
		out = append(out, problem{cond, fmt.Sprintf("{'col': %s, 'val': left(%s, 80), 'why': %s}", sqltext.QuoteLit(c.Name), raw, why)})
	}
	if c.Type != queries.Text {
		why := sqltext.QuoteLit("not a valid " + typeWord(c.Type))
		if c.Type == queries.Timestamp && len(dateFormats) > 0 {
			why = sqltext.QuoteLit(fmt.Sprintf("not a valid date or timestamp (expected ISO 8601 or %s)", strings.Join(dateFormats, " or ")))
		}
		add(fmt.Sprintf("(%s IS NOT NULL AND %s IS NULL)", raw, typed), why)
	}
	if c.Required {
		add(fmt.Sprintf("(%s IS NULL)", raw), sqltext.QuoteLit("required value is empty"))
	}
	if len(c.Enum) > 0 {
		lits := make([]string, len(c.Enum))
		for i, v := range c.Enum {
			lits[i] = sqltext.QuoteLit(v)
		}
		add(fmt.Sprintf("(%s IS NOT NULL AND %s NOT IN (%s))", typed, typed, strings.Join(lits, ", ")),
			sqltext.QuoteLit("not one of "+strings.Join(c.Enum, ", ")+" (map other values with values: in a manifest)"))
	}
	if c.HasRange {
		add(fmt.Sprintf("(%s IS NOT NULL AND (%s < %v OR %s > %v))", typed, typed, c.Min, typed, c.Max),
			sqltext.QuoteLit(fmt.Sprintf("out of range: must be between %v and %v", c.Min, c.Max)))
	}
	return out
}

// problemList is NULL for a clean row and the list of breaches otherwise.
// The list is built only for rows that break a rule (CASE evaluates its
// branch selectively), which keeps a clean load of millions of rows from
// allocating a list per row.
func problemList(ps []problem) string {
	if len(ps) == 0 {
		return "CAST(NULL AS STRUCT(col VARCHAR, val VARCHAR, why VARCHAR)[])"
	}
	conds := make([]string, len(ps))
	items := make([]string, len(ps))
	for i, p := range ps {
		conds[i] = p.cond
		items[i] = fmt.Sprintf("CASE WHEN %s THEN %s END", p.cond, p.desc)
	}
	return fmt.Sprintf("CASE WHEN %s THEN [p FOR p IN [%s] IF p IS NOT NULL] END",
		strings.Join(conds, " OR "), strings.Join(items, ",\n  "))
}
