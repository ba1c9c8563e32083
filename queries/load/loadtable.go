package load

import (
	"fmt"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/leadlab/leadlab/queries"
	"github.com/leadlab/leadlab/queries/internal/sqltext"
)

// loadTable stages, types, checks and stores one canonical table fed by
// one file, adding its rejects to the load's reject list.
func (l *loader) loadTable(t queries.Table, src Source) (TableLoad, error) {
	if tl, ok := l.fastLoad(t, src); ok {
		return tl, nil
	}
	tl := TableLoad{Table: t.Name, File: src.Path, Format: src.Format}
	p, err := l.prepareFile(t, src, t.Name, 0)
	if err != nil {
		return tl, err
	}
	tl.Extras, tl.Ignored, tl.Notes, tl.Columns = p.extras, p.ignored, p.notes, p.columns()
	if t.Key != "" {
		q := fmt.Sprintf(blocks.SQL("rejects-duplicates"), sqltext.QuoteLit(t.Name), sqltext.QuoteLit(src.Path), sqltext.QuoteIdent(t.Key), sqltext.QuoteLit(t.Key), sqltext.QuoteIdent(p.typed))
		if err := l.exec(q); err != nil {
			return tl, err
		}
	}
	if err := l.mapLines(t, p); err != nil {
		return tl, err
	}
	if err := l.store(t, p.typed, p.plans, p.extras); err != nil {
		return tl, fmt.Errorf("%s: %s", src.label(), err)
	}
	row := l.conn.QueryRowContext(l.ctx, blocks.SQL("rejects-temp-count"), t.Name)
	if err := row.Scan(&tl.Rejected); err != nil {
		return tl, err
	}
	st := p.st
	structural := int64(countLines(st.structRej)) + st.swallowed
	tl.Rejected += st.swallowed
	tl.Read = st.rows + structural
	tl.Loaded = st.rows - (tl.Rejected - structural)
	return tl, l.checkShare(t, tl, filepath.Base(src.Path))
}

// filePart is one file of a table, staged and typed, its rows' problems
// and unknown references already among the load's rejects.
type filePart struct {
	src     Source
	st      *staged
	typed   string // temp table of typed rows, __ord counted from offset
	offset  int64  // the __ord of its first record
	plans   []columnPlan
	extras  []string
	ignored []string
	notes   []string
}

// columns are the canonical columns the file supplies.
func (p *filePart) columns() []string {
	var out []string
	for _, c := range p.plans {
		if c.present() {
			out = append(out, c.col.Name)
		}
	}
	return out
}

// prepareFile stages one file of table t under names made from stem,
// maps and types its columns, and records the rows that break a rule or
// name an unknown account, lead or campaign. Its records are numbered
// (__ord) from offset, so that the files of one table never share a
// number: a reject's number then says which file and record it is.
func (l *loader) prepareFile(t queries.Table, src Source, stem string, offset int64) (*filePart, error) {
	p := &filePart{src: src, offset: offset}
	rawName := "_stage_" + stem
	l.temps = append(l.temps, rawName, rawName+"_rej", rawName+"_scan")
	st, err := l.stage(rawName, src.Path, src.Format, src.Delimiter, src.Encoding, t.Name)
	if err != nil {
		return nil, err
	}
	p.st = st
	if len(st.structRej) > 0 && (src.Format == "csv" || src.Format == "tsv") {
		q := fmt.Sprintf(blocks.SQL("rejects-from-csv"), sqltext.QuoteLit(t.Name), sqltext.QuoteLit(src.Path), st.rejectsQuery())
		if err := l.exec(q); err != nil {
			return nil, err
		}
	} else if err := l.insertRejects(st.structRej); err != nil {
		return nil, err
	}
	cols, note, err := l.dropEmptyTrailing(src, st)
	if err != nil {
		return nil, err
	}
	if note != "" {
		p.notes = append(p.notes, note)
		st.columns = cols
	}
	rel, ordExpr := sqltext.QuoteIdent(rawName), fmt.Sprintf("rowid - %d", st.baseRowID)
	if len(src.Joins) > 0 {
		if rel, cols, err = l.join(t, src, st, stem); err != nil {
			return nil, err
		}
		ordExpr = "__ord"
	}
	if p.plans, p.extras, p.ignored, err = mapColumns(t, src, cols); err != nil {
		return nil, err
	}
	p.typed = "_typed_" + stem
	l.temps = append(l.temps, p.typed)
	if err := l.exec(typedTableSQL(p.typed, rel, ordExpr, offset, t, src, p.plans, p.extras)); err != nil {
		return nil, fmt.Errorf("%s: %s", src.label(), err)
	}
	if err := l.checkRows(t, src, p.typed, p.plans); err != nil {
		return nil, err
	}
	return p, nil
}

// store writes the typed rows that no reject names into the staged
// table, then types the extra attributes that are numbers.
func (l *loader) store(t queries.Table, typed string, plans []columnPlan, extras []string) error {
	final := make([]string, 0, len(plans)+len(extras))
	for _, p := range plans {
		final = append(final, sqltext.QuoteIdent(p.col.Name))
	}
	for _, e := range extras {
		final = append(final, sqltext.QuoteIdent(queries.ExtraColumn(e)))
	}
	q := fmt.Sprintf(blocks.SQL("table-store"), sqltext.QuoteIdent(nextName(t.Name)), strings.Join(final, ", "), sqltext.QuoteIdent(typed), sqltext.QuoteLit(t.Name))
	if err := l.exec(q); err != nil {
		return err
	}
	return l.inferExtras(t.Name, extras)
}

// checkShare fails the load when more of a table's rows are rejected
// than max_reject_share allows, and when a leads table has none left.
func (l *loader) checkShare(t queries.Table, tl TableLoad, files string) error {
	if tl.Read > 0 && float64(tl.Rejected) > l.plan.MaxRejectShare*float64(tl.Read) {
		first, _ := firstRejectsOf(l.ctx, l.conn, t.Name, 10)
		return &LoadError{
			Msg: fmt.Sprintf("%s: %d of %d rows (%s) cannot be used, more than the %s allowed (max_reject_share)",
				files, tl.Rejected, tl.Read, overPercent(tl.Rejected, tl.Read, l.plan.MaxRejectShare), limitPercent(l.plan.MaxRejectShare)),
			Rejects: first,
		}
	}
	if t.Name == "leads" && tl.Loaded == 0 {
		return &LoadError{Msg: fmt.Sprintf("%s: no usable leads (the file has a header but no data rows)", files)}
	}
	return nil
}

func countLines(rs []queries.Reject) int {
	seen := map[int64]bool{}
	for _, r := range rs {
		seen[r.Line] = true
	}
	return len(seen)
}

// typedTableSQL builds the one pass that turns text into typed columns and
// lists every rule a row breaks, as a list of {col, val, why} structs.
func typedTableSQL(name, rel, ordExpr string, offset int64, t queries.Table, src Source, plans []columnPlan, extras []string) string {
	var inner, middle, outer []string
	var problems []problem
	if offset == 0 {
		inner = append(inner, ordExpr+" AS __ord")
	} else {
		inner = append(inner, fmt.Sprintf("(%s) + %d AS __ord", ordExpr, offset))
	}
	middle = append(middle, "__ord")
	outer = append(outer, "__ord")
	for _, p := range plans {
		raw := sqltext.QuoteIdent(p.col.Name + "__t")
		text := textExpr(p, src, "s")
		if p.rowNumber {
			// The record's number in the file: __ord counts from 0 in
			// file order, as the reject lines do.
			text = fmt.Sprintf("CAST((%s) + 1 AS VARCHAR)", ordExpr)
		}
		inner = append(inner, text+" AS "+raw)
		middle = append(middle, raw, typedExpr(p.col, raw, src.DateFormats)+" AS "+sqltext.QuoteIdent(p.col.Name))
		outer = append(outer, sqltext.QuoteIdent(p.col.Name))
		problems = append(problems, problemExprs(p, raw, sqltext.QuoteIdent(p.col.Name), src.DateFormats)...)
	}
	if len(t.OneOf) > 0 {
		conds := make([]string, len(t.OneOf))
		for i, c := range t.OneOf {
			conds[i] = sqltext.QuoteIdent(c) + " IS NULL"
		}
		problems = append(problems, problem{"(" + strings.Join(conds, " AND ") + ")",
			fmt.Sprintf("{'col': %s, 'val': NULL, 'why': %s}", sqltext.QuoteLit(t.OneOf[0]), sqltext.QuoteLit("needs "+strings.Join(t.OneOf, " or ")))})
	}
	for _, e := range extras {
		x := sqltext.QuoteIdent(queries.ExtraColumn(e))
		text := missingExpr(fmt.Sprintf("NULLIF(trim(CAST(s.%s AS VARCHAR)), '')", sqltext.QuoteIdent(e)), missingFor(src, e))
		inner = append(inner, mapValues(text, valuesFor(src.Values, e))+" AS "+x)
		middle = append(middle, x)
		outer = append(outer, x)
	}
	list := problemList(problems)
	return fmt.Sprintf("CREATE OR REPLACE TEMP TABLE %s AS\nSELECT %s,\n %s AS __problems\nFROM (SELECT %s FROM (SELECT %s FROM %s s))",
		sqltext.QuoteIdent(name), strings.Join(outer, ", "), list, strings.Join(middle, ", "), strings.Join(inner, ", "), rel)
}

// checkRows records type and rule problems, then references to tables
// loaded before this one. Duplicate ids are found by the caller, over
// every file of the table.
func (l *loader) checkRows(t queries.Table, src Source, typed string, plans []columnPlan) error {
	tn, file := sqltext.QuoteLit(t.Name), sqltext.QuoteLit(src.Path)
	if err := l.exec(fmt.Sprintf(blocks.SQL("rejects-from-problems"), tn, file, sqltext.QuoteIdent(typed))); err != nil {
		return err
	}
	for _, p := range plans {
		c := p.col
		if c.Ref == "" || !p.present() || !l.supplied[c.Ref] {
			continue
		}
		ref, _ := queries.TableByName(c.Ref)
		why := fmt.Sprintf("unknown %s: no such %s in %s", c.Name, ref.Key, ref.Name)
		q := fmt.Sprintf(blocks.SQL("rejects-references"), tn, file, sqltext.QuoteLit(c.Name), sqltext.QuoteIdent(c.Name), sqltext.QuoteLit(why),
			sqltext.QuoteIdent(typed), sqltext.QuoteIdent(nextName(ref.Name)), sqltext.QuoteIdent(ref.Key), tn)
		if err := l.exec(q); err != nil {
			return err
		}
	}
	return nil
}

// inferExtras stores extra attributes that are numbers in every row as
// DOUBLE, so that analyses can band them. Values with leading zeros (zip
// codes, ids) stay text.
func (l *loader) inferExtras(table string, extras []string) error {
	for _, e := range extras {
		c := sqltext.QuoteIdent(queries.ExtraColumn(e))
		var nonNull, numeric, padded int64
		q := fmt.Sprintf(blocks.SQL("extra-numeric"), c, c, c, sqltext.QuoteIdent(nextName(table)))
		if err := l.conn.QueryRowContext(l.ctx, q).Scan(&nonNull, &numeric, &padded); err != nil {
			return fmt.Errorf("%s.%s: %s", table, e, sqltext.CleanErr(err))
		}
		if nonNull > 0 && numeric == nonNull && padded == 0 {
			if err := l.exec(fmt.Sprintf("ALTER TABLE %s ALTER %s SET DATA TYPE DOUBLE USING TRY_CAST(%s AS DOUBLE)", sqltext.QuoteIdent(nextName(table)), c, c)); err != nil {
				return err
			}
		}
	}
	return nil
}

// valuesFor finds the value mapping of a source column, matching its name
// without regard to case as column mapping does.
func valuesFor(values map[string]map[string]string, col string) map[string]string {
	for k, m := range values {
		if strings.EqualFold(k, col) {
			return m
		}
	}
	return nil
}

// limitPercent writes the max reject share as a percentage: "1%", "0.5%".
func limitPercent(limit float64) string {
	return strconv.FormatFloat(100*limit, 'g', 10, 64) + "%"
}

// overPercent writes rejected/read as a percentage with as many decimals
// as it takes to read as more than the limit as limitPercent writes it:
// 201 of 20000 is "1.005%", never "1.0%" beside "more than the 1%
// allowed".
func overPercent(rejected, read int64, limit float64) string {
	shown, _ := strconv.ParseFloat(strings.TrimSuffix(limitPercent(limit), "%"), 64)
	pct := 100 * float64(rejected) / float64(read)
	for prec := 1; prec <= 10; prec++ {
		s := strconv.FormatFloat(pct, 'f', prec, 64)
		if v, err := strconv.ParseFloat(s, 64); err == nil && v > shown {
			return s + "%"
		}
	}
	return strconv.FormatFloat(pct, 'g', -1, 64) + "%"
}
