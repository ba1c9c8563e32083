package queries

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// CohortCount is a count over the leads created before a date (Newer
// false) or from it on (Newer true): With leads have the event or value,
// WonWith of them won.
type CohortCount struct {
	Name    string
	Newer   bool
	With    int64
	WonWith int64
}

// DriftEventLeads counts, for every event, the settled leads that did it
// before their exposure cutoff and the won among them, for leads created
// before since and from it on. ScoringLeads must have run.
func DriftEventLeads(ctx context.Context, ws *Workspace, since time.Time) ([]CohortCount, error) {
	rows, err := ws.query(ctx, SQL("drift-event-leads"), since.UTC())
	if err != nil {
		return nil, fmt.Errorf("drift: %s", cleanDuckErr(err))
	}
	defer rows.Close()
	var out []CohortCount
	for rows.Next() {
		var c CohortCount
		if err := rows.Scan(&c.Name, &c.Newer, &c.With, &c.WonWith); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// DriftSourceMix counts the leads of each source created before since and
// from it on (With; WonWith is not used). A lead with no source counts
// under MissingValue.
func DriftSourceMix(ctx context.Context, ws *Workspace, since time.Time) ([]CohortCount, error) {
	rows, err := ws.query(ctx, SQL("drift-source-mix"), since.UTC())
	if err != nil {
		return nil, fmt.Errorf("drift: %s", cleanDuckErr(err))
	}
	defer rows.Close()
	var out []CohortCount
	for rows.Next() {
		var c CohortCount
		var name sql.NullString
		if err := rows.Scan(&name, &c.Newer, &c.With); err != nil {
			return nil, err
		}
		c.Name = name.String
		if !name.Valid {
			c.Name = MissingValue
		}
		out = append(out, c)
	}
	return out, rows.Err()
}
