package queries

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/leadlab/leadlab/queries/internal/sqltext"
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

// DriftEventLeads counts, for every event but those named in skip, the
// settled leads created on or after since that did it before their
// exposure cutoff, and the won among them (Newer true). ScoringLeads must
// have run.
func DriftEventLeads(ctx context.Context, ws *Workspace, since time.Time, skip []string) ([]CohortCount, error) {
	return driftEvents(ctx, ws, "drift-event-leads-since", since, append([]string{""}, skip...), true)
}

// DriftEventLeadsBefore counts the same for the named events over the
// settled leads created before since (Newer false).
func DriftEventLeadsBefore(ctx context.Context, ws *Workspace, since time.Time, names []string) ([]CohortCount, error) {
	if len(names) == 0 {
		return nil, nil
	}
	return driftEvents(ctx, ws, "drift-event-leads-before", since, names, false)
}

func driftEvents(ctx context.Context, ws *Workspace, block string, since time.Time, names []string, newer bool) ([]CohortCount, error) {
	lits := make([]string, len(names))
	for k, name := range names {
		lits[k] = sqltext.QuoteLit(name)
	}
	rows, err := ws.query(ctx, fmt.Sprintf(SQL(block), strings.Join(lits, ", ")), since.UTC())
	if err != nil {
		return nil, fmt.Errorf("drift: %s", sqltext.CleanErr(err))
	}
	defer rows.Close()
	var out []CohortCount
	for rows.Next() {
		c := CohortCount{Newer: newer}
		if err := rows.Scan(&c.Name, &c.With, &c.WonWith); err != nil {
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
		return nil, fmt.Errorf("drift: %s", sqltext.CleanErr(err))
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
