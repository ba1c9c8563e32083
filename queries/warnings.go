package queries

import (
	"context"
	"fmt"
	"time"

	"github.com/leadlab/leadlab/queries/internal/sqltext"
)

// Warning is a count of rows whose dates or links cannot be right or
// cannot be used. Warnings never block a load; they are shown with it.
type Warning struct {
	Code    string `json:"code"`
	Count   int64  `json:"count"`
	Message string `json:"message"`
}

// Warnings checks the loaded data against the as-of date and the clock.
func Warnings(ctx context.Context, ws *Workspace, asOf, now time.Time) ([]Warning, error) {
	var a any
	if !asOf.IsZero() {
		a = asOf
	}
	rows, err := ws.query(ctx, SQL("warnings"), a, now.UTC())
	if err != nil {
		return nil, fmt.Errorf("date checks: %s", sqltext.CleanErr(err))
	}
	defer rows.Close()
	var out []Warning
	for rows.Next() {
		var w Warning
		if err := rows.Scan(&w.Code, &w.Count, &w.Message); err != nil {
			return nil, err
		}
		out = append(out, w)
	}
	return out, rows.Err()
}
