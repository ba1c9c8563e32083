package load

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/leadlab/leadlab/queries"
	"github.com/leadlab/leadlab/queries/internal/sqltext"
)

// maxLineBytes bounds one CSV record. It is far above any honest row (a
// 10 MB note field loads) and keeps a corrupt file from exhausting memory.
const maxLineBytes = 64 << 20

// staged is a source file read into a temporary table, every value still
// as the file had it, with the structural rejects DuckDB found.
type staged struct {
	table     string   // temp table holding the rows; rowid is the record ordinal
	columns   []string // source column names as read
	rows      int64
	structRej []queries.Reject // rows DuckDB could not parse (line known)
	// swallowed counts the lines after a malformed record's first that
	// belong to it: those an unclosed quote ran over.
	swallowed int64
	// recLines are the lines of an NDJSON file's records, by ordinal.
	recLines []int64
	delim    string // effective delimiter (csv/tsv), for line mapping
	quote    string
	skipRows int
	// baseRowID is the first rowid: rows of a table created inside a
	// transaction are numbered from a large offset, not from zero.
	baseRowID int64
}

// stage reads one file into the temp table name. For CSV and JSON every
// column is read as text so that typing, and its rejects, are ours to do
// with line numbers; DuckDB's store_rejects catches malformed CSV lines,
// jsonForm malformed NDJSON lines. The
// loader has checked the file is a regular one with something in it.
func (l *loader) stage(name, path, format, delim, encoding string, tableFor string) (*staged, error) {
	ctx, conn := l.ctx, l.conn
	s := &staged{table: name}
	var reader string
	var form *csvForm
	switch format {
	case "csv", "tsv":
		var err error
		if form, err = l.csvForm(path, format, delim, encoding); err != nil {
			return nil, err
		}
		reader = stageCSV(name, form)
	case "json":
		jf, err := l.jsonForm(path, tableFor)
		if err != nil {
			return nil, err
		}
		if len(jf.lines) == 0 && len(jf.bad) > 0 {
			return nil, &LoadError{Msg: fmt.Sprintf("%s: no line is a JSON object", path), Rejects: publicRejects(jf.bad, 10)}
		}
		if reader, err = l.jsonReader(jf, path); err != nil {
			return nil, err
		}
		s.structRej = jf.bad
		if jf.format == "newline_delimited" {
			s.recLines = jf.lines
		}
	case "parquet":
		reader = fmt.Sprintf("read_parquet(%s)", sqltext.QuoteLit(path))
	default:
		return nil, fmt.Errorf("%s: unknown format %q", path, format)
	}
	q := fmt.Sprintf("CREATE OR REPLACE TEMP TABLE %s AS SELECT * FROM %s", sqltext.QuoteIdent(name), reader)
	start := time.Now()
	_, err := conn.ExecContext(ctx, q)
	sqltext.Trace(q, start)
	if err != nil && form != nil && form.path == path && strings.Contains(err.Error(), "invalid state") {
		// Line endings that change after the sniffer's sample.
		if lerr := l.oneLineEnding(form); lerr != nil {
			return nil, lerr
		}
		if form.path != path {
			q = fmt.Sprintf("CREATE OR REPLACE TEMP TABLE %s AS SELECT * FROM %s", sqltext.QuoteIdent(name), stageCSV(name, form))
			_, err = conn.ExecContext(ctx, q)
		}
	}
	if err != nil {
		return nil, fmt.Errorf("%s: cannot read as %s: %s", path, format, sqltext.CleanErr(err))
	}
	cols, err := tableColumns(ctx, conn, "temp", name)
	if err != nil {
		return nil, err
	}
	s.columns = cols
	if err := conn.QueryRowContext(ctx, "SELECT count(*), coalesce(min(rowid), 0) FROM "+sqltext.QuoteIdent(name)).Scan(&s.rows, &s.baseRowID); err != nil {
		return nil, fmt.Errorf("%s: %s", path, sqltext.CleanErr(err))
	}
	if format == "csv" || format == "tsv" {
		if err := s.readCSVRejects(ctx, conn, tableFor, path); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// stageCSV is the reader of a CSV file staged as text: DuckDB's
// store_rejects catches malformed lines, and a line may be up to 64 MB
// (the fast path keeps DuckDB's default, whose smaller buffers read a big
// file on more threads; a longer line sends the file here).
func stageCSV(name string, form *csvForm) string {
	opts := append(form.options(nil), "store_rejects=true",
		"rejects_table="+sqltext.QuoteLit(name+"_rej"), "rejects_scan="+sqltext.QuoteLit(name+"_scan"),
		fmt.Sprintf("max_line_size=%d", maxLineBytes), fmt.Sprintf("buffer_size=%d", 2*maxLineBytes))
	return fmt.Sprintf("read_csv(%s, %s)", sqltext.QuoteLit(form.path), strings.Join(opts, ", "))
}

// readCSVRejects collects the malformed lines DuckDB set aside, and the
// dialect it used, which the line mapper must follow.
func (s *staged) readCSVRejects(ctx context.Context, conn *sql.Conn, table, path string) error {
	row := conn.QueryRowContext(ctx, fmt.Sprintf(
		"SELECT delimiter, quote, skip_rows FROM %s ORDER BY scan_id DESC LIMIT 1", sqltext.QuoteIdent(s.table+"_scan")))
	if err := row.Scan(&s.delim, &s.quote, &s.skipRows); err != nil && !errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("%s: %s", path, sqltext.CleanErr(err))
	}
	rows, err := conn.QueryContext(ctx, s.rejectsQuery())
	if err != nil {
		return fmt.Errorf("%s: %s", path, sqltext.CleanErr(err))
	}
	defer rows.Close()
	spans := map[int64]int64{}
	for rows.Next() {
		r := queries.Reject{Table: table, File: path}
		var span int64
		if err := rows.Scan(&r.Line, &r.Column, &r.Value, &r.Reason, &span); err != nil {
			return err
		}
		s.structRej = append(s.structRej, r)
		spans[r.Line] = max(spans[r.Line], span)
	}
	for _, n := range spans {
		s.swallowed += n
	}
	return rows.Err()
}

// rejectsQuery lists the malformed lines of a staged CSV file.
func (s *staged) rejectsQuery() string {
	return fmt.Sprintf(blocks.SQL("csv-rejects"), sqltext.QuoteIdent(s.table+"_rej"), maxLineBytes>>20)
}

func tableColumns(ctx context.Context, conn *sql.Conn, schema, table string) ([]string, error) {
	rows, err := conn.QueryContext(ctx, blocks.SQL("table-columns"), schema, table)
	if err != nil {
		return nil, fmt.Errorf("columns of %s: %s", table, sqltext.CleanErr(err))
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}
