package load

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/leadlab/leadlab/queries"
	"github.com/leadlab/leadlab/queries/internal/sqltext"
)

// join stages each lookup file of the source and returns a temp table of
// the main rows (in file order, ordinal kept in __ord) with the lookup's
// columns added.
func (l *loader) join(t queries.Table, src Source, main *staged, stem string) (string, []string, error) {
	cols := append([]string(nil), main.columns...)
	have := map[string]bool{}
	for _, c := range cols {
		have[strings.ToLower(c)] = true
	}
	sel := []string{fmt.Sprintf("m.rowid - %d AS __ord", main.baseRowID), "m.*"}
	from := sqltext.QuoteIdent(main.table) + " m"
	for i, j := range src.Joins {
		if !have[strings.ToLower(j.On)] {
			return "", nil, fmt.Errorf("%s: join on %q, but the file has no such column; its columns are %s", src.label(), j.On, listCols(main.columns, j.On))
		}
		name := fmt.Sprintf("_stage_%s_join%d", stem, i)
		l.temps = append(l.temps, name, name+"_rej", name+"_scan")
		js, err := l.stage(name, j.Path, j.Format, "", "", t.Name)
		if err != nil {
			return "", nil, err
		}
		if len(js.structRej) > 0 {
			return "", nil, &LoadError{Msg: fmt.Sprintf("join file %s has malformed lines", j.Path), Rejects: publicRejects(js.structRej, 5)}
		}
		keyCol := ""
		for _, c := range js.columns {
			if strings.EqualFold(c, j.Key) {
				keyCol = c
			}
		}
		if keyCol == "" {
			return "", nil, fmt.Errorf("%s: join key %q is not a column of %s; its columns are %s", src.label(), j.Key, j.Path, listCols(js.columns, j.Key))
		}
		var dupKey sql.NullString
		q := fmt.Sprintf("SELECT CAST(%[1]s AS VARCHAR) FROM %[2]s WHERE %[1]s IS NOT NULL GROUP BY %[1]s HAVING count(*) > 1 LIMIT 1", sqltext.QuoteIdent(keyCol), sqltext.QuoteIdent(name))
		if err := l.conn.QueryRowContext(l.ctx, q).Scan(&dupKey); err != nil && err != sql.ErrNoRows {
			return "", nil, err
		}
		if dupKey.Valid {
			return "", nil, fmt.Errorf("%s: join file %s has the key %q more than once; a lookup needs one row per key", src.label(), j.Path, dupKey.String)
		}
		alias := fmt.Sprintf("j%d", i)
		want := map[string]bool{}
		for _, c := range j.Columns {
			want[strings.ToLower(c)] = true
		}
		for _, c := range js.columns {
			lc := strings.ToLower(c)
			if c == keyCol || have[lc] || (len(want) > 0 && !want[lc]) {
				continue
			}
			have[lc] = true
			cols = append(cols, c)
			sel = append(sel, alias+"."+sqltext.QuoteIdent(c))
		}
		from += fmt.Sprintf(" LEFT JOIN %s %s ON CAST(m.%s AS VARCHAR) = CAST(%s.%s AS VARCHAR)",
			sqltext.QuoteIdent(name), alias, sqltext.QuoteIdent(j.On), alias, sqltext.QuoteIdent(keyCol))
	}
	joined := "_stage_" + stem + "_joined"
	l.temps = append(l.temps, joined)
	q := fmt.Sprintf("CREATE OR REPLACE TEMP TABLE %s AS SELECT %s FROM %s ORDER BY __ord", sqltext.QuoteIdent(joined), strings.Join(sel, ", "), from)
	if err := l.exec(q); err != nil {
		return "", nil, fmt.Errorf("%s: join: %s", src.label(), err)
	}
	return sqltext.QuoteIdent(joined), cols, nil
}

// mapLines fills in the line of every row-level reject of one file of
// this table. A reject's __ord counts from the file's offset.
func (l *loader) mapLines(t queries.Table, p *filePart) error {
	src, st := p.src, p.st
	rows, err := l.conn.QueryContext(l.ctx, blocks.SQL("rejects-temp-ords"), t.Name, src.Path)
	if err != nil {
		return err
	}
	var ords []int64
	for rows.Next() {
		var o int64
		if err := rows.Scan(&o); err != nil {
			rows.Close()
			return err
		}
		ords = append(ords, o)
	}
	rows.Close()
	if len(ords) == 0 {
		return nil
	}
	lines := map[int64]int64{}
	switch {
	case st.recLines != nil:
		for _, o := range ords {
			if r := o - p.offset; r >= 0 && r < int64(len(st.recLines)) {
				lines[o] = st.recLines[r]
			}
		}
	case src.Format != "csv" && src.Format != "tsv":
		return l.exec(blocks.SQL("rejects-temp-line-from-ord"), p.offset, t.Name, src.Path)
	default:
		rejected := map[int64]bool{}
		for _, r := range st.structRej {
			rejected[r.Line] = true
		}
		var quote byte = '"'
		if len(st.quote) == 1 {
			quote = st.quote[0]
		} else if st.quote == "(empty)" {
			quote = 0
		}
		local := make([]int64, len(ords))
		for i, o := range ords {
			local[i] = o - p.offset
		}
		byLocal, err := csvLines(src.Path, st.skipRows, quote, rejected, local)
		if err != nil {
			return fmt.Errorf("%s: find line numbers: %w", src.label(), err)
		}
		for o, ln := range byLocal {
			lines[o+p.offset] = ln
		}
	}
	if err := l.exec(blocks.SQL("line-map-create")); err != nil {
		return err
	}
	// Insert the mapping in batches: one statement per row would crawl
	// when a large file has many rejects.
	const batch = 1000
	for i := 0; i < len(ords); i += batch {
		var vals []string
		for _, o := range ords[i:min(i+batch, len(ords))] {
			if ln, ok := lines[o]; ok {
				vals = append(vals, fmt.Sprintf("(%d, %d)", o, ln))
			}
		}
		if len(vals) == 0 {
			continue
		}
		if err := l.exec("INSERT INTO _line_map VALUES " + strings.Join(vals, ", ")); err != nil {
			return err
		}
	}
	return l.exec(blocks.SQL("rejects-temp-line-apply"), t.Name, src.Path)
}

// insertRejects adds rejects whose line is known to the load's list, a
// thousand to a statement: one statement each crawls when a file has
// many.
func (l *loader) insertRejects(rs []queries.Reject) error {
	const batch = 1000
	for i := 0; i < len(rs); i += batch {
		var vals []string
		for _, r := range rs[i:min(i+batch, len(rs))] {
			vals = append(vals, fmt.Sprintf("(%s, %s, NULL, %d, %s, %s, %s)",
				sqltext.QuoteLit(r.Table), sqltext.QuoteLit(r.File), r.Line, sqltext.QuoteLit(r.Column), sqltext.QuoteLit(r.Value), sqltext.QuoteLit(r.Reason)))
		}
		if err := l.exec("INSERT INTO _rej_tmp VALUES " + strings.Join(vals, ", ")); err != nil {
			return err
		}
	}
	return nil
}

func publicRejects(rs []queries.Reject, n int) []queries.Reject {
	var out []queries.Reject
	for i, r := range rs {
		if i >= n {
			break
		}
		out = append(out, r)
	}
	return out
}

func firstRejectsOf(ctx context.Context, conn *sql.Conn, table string, n int) ([]queries.Reject, error) {
	rows, err := conn.QueryContext(ctx, blocks.SQL("rejects-temp-first"), table, n)
	if err != nil {
		return nil, err
	}
	return queries.ScanRejects(rows)
}

func firstRejects(ctx context.Context, conn *sql.Conn, n int) ([]queries.Reject, error) {
	rows, err := conn.QueryContext(ctx, blocks.SQL("rejects-temp-first-all"), n)
	if err != nil {
		return nil, err
	}
	return queries.ScanRejects(rows)
}
