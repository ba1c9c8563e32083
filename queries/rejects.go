package queries

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"

	"github.com/leadlab/leadlab/queries/internal/sqltext"
)

// Reject is one unusable value or row, kept so that nothing is dropped
// silently. Line is the physical line in the file for CSV, TSV and
// NDJSON, the record number for a JSON array and the row number for
// Parquet (all 1-based).
type Reject struct {
	Table  string `json:"table"`
	File   string `json:"file"`
	Line   int64  `json:"line"`
	Column string `json:"column"`
	Value  string `json:"value"`
	Reason string `json:"reason"`
}

// String renders a reject as "file line N, column: reason (value)".
func (r Reject) String() string {
	s := fmt.Sprintf("%s line %d", filepath.Base(r.File), r.Line)
	if r.Column != "" {
		s += ", " + r.Column
	}
	s += ": " + r.Reason
	if r.Value != "" {
		s += fmt.Sprintf(" (%q)", r.Value)
	}
	return s
}

// Rejects returns up to n rejects stored by the last load.
func (w *Workspace) Rejects(ctx context.Context, n int) ([]Reject, int64, error) {
	var total int64
	if err := w.DB.QueryRowContext(ctx, SQL("rejects-count")).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("read rejects: %s", sqltext.CleanErr(err))
	}
	rows, err := w.DB.QueryContext(ctx, SQL("rejects-list"), n)
	if err != nil {
		return nil, 0, fmt.Errorf("read rejects: %s", sqltext.CleanErr(err))
	}
	rs, err := ScanRejects(rows)
	return rs, total, err
}

// ScanRejects reads rows of the _rejects columns (table, file, line,
// column, value, reason) and closes them.
func ScanRejects(rows *sql.Rows) ([]Reject, error) {
	defer rows.Close()
	var out []Reject
	for rows.Next() {
		var r Reject
		var line sql.NullInt64
		if err := rows.Scan(&r.Table, &r.File, &line, &r.Column, &r.Value, &r.Reason); err != nil {
			return nil, err
		}
		r.Line = line.Int64
		out = append(out, r)
	}
	return out, rows.Err()
}
