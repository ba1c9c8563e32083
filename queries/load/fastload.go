package load

import (
	"fmt"
	"strings"
	"time"

	"github.com/leadlab/leadlab/queries"
	"github.com/leadlab/leadlab/queries/internal/sqltext"
)

// fastLoad loads a clean CSV file in one pass: DuckDB types the columns
// as it reads the file and stores text as it is; one scan of the stored
// table then finds the few values the careful path would have cleaned
// (padding, case) and the rows that break a rule, and duplicates and
// references are counted. It reports false when the file is not eligible
// or is not clean — a malformed line, a value of the wrong type, any
// broken rule — and leaves nothing behind; the caller then loads the file
// the careful way (stage as text, type, list each reject with its line),
// so rejects and messages are exactly that path's.
//
// At a million leads the careful way took 50 s and 5.8 GB, mostly for
// staging 23 million events as text and typing them in a second pass;
// DuckDB's own ingest of the same files took 16 s. A clean file is the
// common case, and only it needs to come near that.
func (l *loader) fastLoad(t queries.Table, src Source) (TableLoad, bool) {
	tl := TableLoad{Table: t.Name, File: src.Path, Format: src.Format}
	if l.careful || !fastEligible(t, src) {
		return tl, false
	}
	if !l.tryFastLoad(t, src, &tl) {
		_ = l.exec("DROP TABLE IF EXISTS " + sqltext.QuoteIdent(nextName(t.Name)))
		return tl, false
	}
	l.fast = append(l.fast, t.Name)
	return tl, true
}

// fastEligible says whether the fast path gives exactly what the careful
// one would: CSV without joins or date formats, and no value mapping or
// constant on a typed column (those work on the text before typing), and
// no placeholders read as missing or generated id.
func fastEligible(t queries.Table, src Source) bool {
	if (src.Format != "csv" && src.Format != "tsv") || len(src.Joins) > 0 || len(src.DateFormats) > 0 ||
		len(src.Missing) > 0 || len(src.MissingBy) > 0 || len(src.Generate) > 0 {
		return false
	}
	for _, c := range t.Columns {
		_, mapped := src.Values[c.Name]
		_, set := src.Set[c.Name]
		if c.Type != queries.Text && (mapped || set) {
			return false
		}
	}
	return true
}

func (l *loader) tryFastLoad(t queries.Table, src Source, tl *TableLoad) bool {
	form, err := l.csvForm(src.Path, src.Format, src.Delimiter, src.Encoding)
	if err != nil {
		return false
	}
	if unnamedLast(form.header) {
		return false // the careful path leaves an empty one out, with a note
	}
	plans, extras, ignored, err := mapColumns(t, src, form.header)
	if err != nil {
		return false
	}
	tl.Extras, tl.Ignored = extras, ignored
	for _, p := range plans {
		if p.present() {
			tl.Columns = append(tl.Columns, p.col.Name)
		}
	}
	next := sqltext.QuoteIdent(nextName(t.Name))
	cols, problems := fastColumns(next, src, plans, extras), fastProblems(t, plans)
	if err := l.exec(fastStoreSQL(next, form, cols, problems)); err != nil {
		return false
	}
	dirty := l.count(fmt.Sprintf(blocks.SQL("fast-dirty"), next))
	if dirty < 0 || l.exec(fmt.Sprintf(blocks.SQL("fast-drop-flag"), next)) != nil {
		return false
	}
	if dirty > 0 && !l.fastCheck(next, cols, problems) {
		return false
	}
	if t.Key != "" && l.count(fmt.Sprintf(blocks.SQL("fast-duplicates"), sqltext.QuoteIdent(t.Key), next)) != 0 {
		return false
	}
	for _, p := range plans {
		c := p.col
		if c.Ref == "" || !p.present() || !l.supplied[c.Ref] {
			continue
		}
		ref, _ := queries.TableByName(c.Ref)
		q := fmt.Sprintf(blocks.SQL("fast-references"), next, sqltext.QuoteIdent(c.Name), sqltext.QuoteIdent(nextName(ref.Name)), sqltext.QuoteIdent(ref.Key))
		if l.count(q) != 0 {
			return false
		}
	}
	for _, c := range cols {
		if c.whole && l.exec(fmt.Sprintf(blocks.SQL("fast-whole"), next, c.name)) != nil {
			return false
		}
	}
	rows := l.count("SELECT count(*) FROM " + next)
	if rows <= 0 {
		return false // no rows (or no count): the careful path says why
	}
	if err := l.inferExtras(t.Name, extras); err != nil {
		return false
	}
	tl.Read, tl.Loaded = rows, rows
	return true
}

// fastColumn is one column of the table the fast path stores.
type fastColumn struct {
	name  string // identifier
	value string // what is stored, from the reader's row s
	// source is the file's column the reader types as typ; "" for text.
	source string
	typ    queries.Type
	// dirty is the condition of a stored value the careful path would
	// have cleaned, and clean the cleaning; "" when stored final.
	dirty, clean string
	whole        bool // read as DOUBLE, to become BIGINT once checked
}

// fastColumns decides how each column is stored. Text is stored as read
// when its cleaning can wait: trimming every value (trim copies each
// string) cost a quarter of the whole read of 23 million events, and a
// clean file has nothing to clean. Mapped, constant and defaulted text is
// computed as the careful path does.
func fastColumns(next string, src Source, plans []columnPlan, extras []string) []fastColumn {
	var out []fastColumn
	for _, p := range plans {
		c := p.col
		fc := fastColumn{name: sqltext.QuoteIdent(c.Name), whole: c.Type == queries.Int}
		_, mapped := src.Values[c.Name]
		switch {
		case c.Type == queries.Text && p.source != "" && !mapped && !p.isSet && c.Default == "":
			fc.value = "s." + sqltext.QuoteIdent(p.source)
			fc.dirty = untrimmed(fc.name)
			if len(c.Enum) > 0 {
				fc.dirty += fmt.Sprintf(" OR %s NOT IN (%s)", fc.name, sqltext.Literals(c.Enum))
			}
			fc.clean = textExpr(columnPlan{col: c, source: c.Name}, Source{}, next)
		case c.Type == queries.Text:
			fc.value = textExpr(p, src, "s")
		case p.source != "":
			fc.value, fc.source, fc.typ = "s."+sqltext.QuoteIdent(p.source), p.source, readType(c.Type)
		default:
			fc.value = fmt.Sprintf("CAST(NULL AS %s)", readType(c.Type))
		}
		out = append(out, fc)
	}
	for _, e := range extras {
		fc := fastColumn{name: sqltext.QuoteIdent(queries.ExtraColumn(e))}
		if m := valuesFor(src.Values, e); len(m) > 0 {
			fc.value = mapValues(fmt.Sprintf("NULLIF(trim(CAST(s.%s AS VARCHAR)), '')", sqltext.QuoteIdent(e)), m)
		} else {
			fc.value = "s." + sqltext.QuoteIdent(e)
			fc.dirty, fc.clean = untrimmed(fc.name), fmt.Sprintf("NULLIF(trim(%s), '')", fc.name)
		}
		out = append(out, fc)
	}
	return out
}

// untrimmed is the condition of a text value that trim and NULLIF would
// change (DuckDB's trim removes spaces only). LIKE with a leading or
// trailing wildcard was the cheapest test of those measured.
func untrimmed(v string) string {
	return fmt.Sprintf("%[1]s = '' OR %[1]s LIKE ' %%' OR %[1]s LIKE '%% '", v)
}

// readType is how the reader types a column: whole numbers as DOUBLE, as
// the careful path reads them, since DuckDB would round 12.5 into a
// BIGINT where leadlab rejects it.
func readType(t queries.Type) queries.Type {
	if t == queries.Int {
		return queries.Float
	}
	return t
}

func fastStoreSQL(next string, form *csvForm, cols []fastColumn, problems []string) string {
	var values []string
	types := map[string]queries.Type{}
	conds := append([]string(nil), problems...)
	for _, c := range cols {
		values = append(values, c.value+" AS "+c.name)
		if c.source != "" {
			types[c.source] = c.typ
		}
		if c.dirty != "" {
			conds = append(conds, c.dirty)
		}
	}
	dirty := "false"
	if len(conds) > 0 {
		dirty = "((" + strings.Join(conds, ") OR (") + "))"
	}
	reader := fmt.Sprintf("read_csv(%s, %s)", sqltext.QuoteLit(form.path), strings.Join(form.options(types), ", "))
	return fmt.Sprintf(blocks.SQL("fast-store"), next, strings.Join(values, ", "), reader, dirty)
}

// fastProblems are the rules of the table as conditions on a stored row
// (a missing value is NULL, which breaks only Required and OneOf).
func fastProblems(t queries.Table, plans []columnPlan) []string {
	var out []string
	for _, p := range plans {
		c, v := p.col, sqltext.QuoteIdent(p.col.Name)
		switch c.Type {
		case queries.Int:
			out = append(out, fmt.Sprintf("%[1]s <> round(%[1]s) OR abs(%[1]s) >= 9e15", v))
		case queries.Float:
			out = append(out, "NOT isfinite("+v+")")
		}
		if c.Required {
			out = append(out, v+" IS NULL")
		}
		if len(c.Enum) > 0 {
			out = append(out, fmt.Sprintf("%s NOT IN (%s)", v, sqltext.Literals(c.Enum)))
		}
		if c.HasRange {
			out = append(out, fmt.Sprintf("%s < %v OR %s > %v", v, c.Min, v, c.Max))
		}
	}
	if len(t.OneOf) > 0 {
		conds := make([]string, len(t.OneOf))
		for i, c := range t.OneOf {
			conds[i] = sqltext.QuoteIdent(c) + " IS NULL"
		}
		out = append(out, strings.Join(conds, " AND "))
	}
	return out
}

// fastCheck cleans the values that need it and says whether every row
// keeps every rule, when __dirty marked some rows: one scan counts the
// values to clean, column by column, and the broken rows.
func (l *loader) fastCheck(next string, cols []fastColumn, problems []string) bool {
	var dirty []fastColumn
	var counts []string
	for _, c := range cols {
		if c.dirty != "" {
			dirty = append(dirty, c)
			counts = append(counts, fmt.Sprintf("count(*) FILTER (WHERE %s)", c.dirty))
		}
	}
	broken := "count(*) FILTER (WHERE false)"
	if len(problems) > 0 {
		broken = fmt.Sprintf("count(*) FILTER (WHERE (%s))", strings.Join(problems, ") OR ("))
	}
	counts = append(counts, broken)
	q := fmt.Sprintf(blocks.SQL("fast-scan"), next, strings.Join(counts, ", "))
	n := make([]int64, len(counts))
	ptrs := make([]any, len(n))
	for i := range n {
		ptrs[i] = &n[i]
	}
	start := time.Now()
	err := l.conn.QueryRowContext(l.ctx, q).Scan(ptrs...)
	sqltext.Trace(q, start)
	if err != nil {
		return false
	}
	cleaned := false
	for i, c := range dirty {
		if n[i] == 0 {
			continue
		}
		if l.exec(fmt.Sprintf(blocks.SQL("fast-clean"), next, c.name, c.clean, c.dirty)) != nil {
			return false
		}
		cleaned = true
	}
	if cleaned {
		return l.count(fmt.Sprintf(blocks.SQL("fast-scan"), next, broken)) == 0
	}
	return n[len(n)-1] == 0
}

// count runs a query of one number; -1 when it fails.
func (l *loader) count(q string) int64 {
	defer sqltext.Trace(q, time.Now())
	var n int64
	if err := l.conn.QueryRowContext(l.ctx, q).Scan(&n); err != nil {
		return -1
	}
	return n
}
