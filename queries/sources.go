package queries

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/leadlab/leadlab/queries/internal/sqltext"
)

// SourceInfo describes one table as the last load stored it. A table
// fed by several files has the first's File and Format, the counts and
// columns of them all, and each file in Files.
type SourceInfo struct {
	Table, File, Format        string
	RowsRead, Loaded, Rejected int64
	Columns, Extras, Ignored   []string
	Files                      []SourceFile
}

// SourceFile is one file of a table as the last load read it.
type SourceFile struct {
	File, Format               string
	RowsRead, Loaded, Rejected int64
}

// mergeSources makes the rows the load stored, one for each file, into
// one for each table, in the order they were stored.
func mergeSources(rows []SourceInfo) []SourceInfo {
	var out []SourceInfo
	at := map[string]int{}
	for _, r := range rows {
		f := SourceFile{File: r.File, Format: r.Format, RowsRead: r.RowsRead, Loaded: r.Loaded, Rejected: r.Rejected}
		i, seen := at[r.Table]
		if !seen {
			r.Files = []SourceFile{f}
			at[r.Table] = len(out)
			out = append(out, r)
			continue
		}
		s := &out[i]
		s.RowsRead, s.Loaded, s.Rejected = s.RowsRead+r.RowsRead, s.Loaded+r.Loaded, s.Rejected+r.Rejected
		s.Columns, s.Extras, s.Ignored = sqltext.Union(s.Columns, r.Columns), sqltext.Union(s.Extras, r.Extras), sqltext.Union(s.Ignored, r.Ignored)
		s.Files = append(s.Files, f)
	}
	return out
}

// LoadInfo is the metadata of the last load.
type LoadInfo struct {
	LoadedAt time.Time
	Origin   string
	Tool     string
	Sources  []SourceInfo
	// Settings are the manifest's statements about the data (the
	// defaults for a folder load, or a workspace from before they were
	// recorded).
	Settings Settings
}

func scanSource(rows *sql.Rows, s *SourceInfo) error {
	var cols, extras, ignored []any
	if err := rows.Scan(&s.Table, &s.File, &s.Format, &s.RowsRead, &s.Loaded, &s.Rejected, &cols, &extras, &ignored); err != nil {
		return fmt.Errorf("read load metadata: %s", sqltext.CleanErr(err))
	}
	s.Columns, s.Extras, s.Ignored = strs(cols), strs(extras), strs(ignored)
	return nil
}

func strs(v []any) []string {
	out := make([]string, 0, len(v))
	for _, x := range v {
		if s, ok := x.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

// Info returns the metadata of the last load.
func (w *Workspace) Info(ctx context.Context) (LoadInfo, error) {
	var li LoadInfo
	row := w.DB.QueryRowContext(ctx, SQL("load-info"))
	if err := row.Scan(&li.LoadedAt, &li.Origin, &li.Tool); err != nil {
		return li, fmt.Errorf("read load metadata: %s (has the workspace been loaded?)", sqltext.CleanErr(err))
	}
	if err := w.readSettings(ctx, &li.Settings); err != nil {
		return li, err
	}
	rows, err := w.DB.QueryContext(ctx, SQL("sources-list"))
	if err != nil {
		return li, fmt.Errorf("read load metadata: %s", sqltext.CleanErr(err))
	}
	defer rows.Close()
	for rows.Next() {
		var s SourceInfo
		if err := scanSource(rows, &s); err != nil {
			return li, err
		}
		li.Sources = append(li.Sources, s)
	}
	li.Sources = mergeSources(li.Sources)
	return li, rows.Err()
}

// readSettings reads the settings the load recorded.
func (w *Workspace) readSettings(ctx context.Context, s *Settings) error {
	s.AmountBasis = AmountAnnual
	var present int
	if err := w.DB.QueryRowContext(ctx, SQL("load-settings-present")).Scan(&present); err != nil {
		return fmt.Errorf("read load settings: %s", sqltext.CleanErr(err))
	}
	if present == 0 {
		return nil
	}
	var given bool
	var pages []any
	if err := w.DB.QueryRowContext(ctx, SQL("load-settings")).Scan(&s.AmountBasis, &given, &pages); err != nil {
		return fmt.Errorf("read load settings: %s", sqltext.CleanErr(err))
	}
	if given {
		s.HighValuePages = strs(pages)
	}
	return nil
}
