package queries

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/leadlab/leadlab/queries/internal/sqltext"
)

// TableRange is a canonical table's size and time span.
type TableRange struct {
	Table    string
	Rows     int64
	From, To time.Time // zero when the table has no dated rows
}

// Ranges returns the size and time span of every canonical table.
func Ranges(ctx context.Context, ws *Workspace) ([]TableRange, error) {
	rows, err := ws.query(ctx, SQL("table-ranges"))
	if err != nil {
		return nil, fmt.Errorf("table sizes: %s", sqltext.CleanErr(err))
	}
	defer rows.Close()
	var out []TableRange
	for rows.Next() {
		var r TableRange
		var lo, hi sql.NullTime
		if err := rows.Scan(&r.Table, &r.Rows, &lo, &hi); err != nil {
			return nil, err
		}
		if lo.Valid {
			r.From = lo.Time.UTC()
		}
		if hi.Valid {
			r.To = hi.Time.UTC()
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// DealCount is the number of deals of one kind and status.
type DealCount struct {
	Kind, Status string
	Deals        int64
}

// DealCounts returns deals by kind and status.
func DealCounts(ctx context.Context, ws *Workspace) ([]DealCount, error) {
	rows, err := ws.query(ctx, SQL("deal-counts"))
	if err != nil {
		return nil, fmt.Errorf("deal counts: %s", sqltext.CleanErr(err))
	}
	defer rows.Close()
	var out []DealCount
	for rows.Next() {
		var d DealCount
		if err := rows.Scan(&d.Kind, &d.Status, &d.Deals); err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}
