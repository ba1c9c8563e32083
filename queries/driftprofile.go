package queries

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/leadlab/leadlab/queries/internal/sqltext"
)

// DriftProfileValues counts, for every value of every categorical
// profile attribute tune takes candidates from (the lead's and, with an
// accounts table, its account's; extra columns too), the settled leads
// created before since (Newer false) and from it on that have it, and
// the won among them. Name is the value's factor, as a rule names it
// (attr:source=paid_social, account:industry=Media; a missing value is
// (missing)). Numeric attributes are left out: their bands are chosen on
// the data, which a re-tune does. ScoringLeads must have run.
func DriftProfileValues(ctx context.Context, ws *Workspace, since time.Time) ([]CohortCount, error) {
	cols, err := categoricalColumns(ctx, ws)
	if err != nil || len(cols) == 0 {
		return nil, err
	}
	keys, names, sets := make([]string, len(cols)), make([]string, len(cols)), make([]string, len(cols))
	for i, c := range cols {
		names[i] = fmt.Sprintf("c%d", i)
		keys[i] = c.key() + " AS " + names[i]
		sets[i] = "(" + names[i] + ", newer)"
	}
	q := fmt.Sprintf(SQL("drift-profile-values"), strings.Join(keys, ",\n        "), strings.Join(names, ", "), strings.Join(sets, ", "))
	rows, err := ws.query(ctx, q, since.UTC())
	if err != nil {
		return nil, fmt.Errorf("drift (profile values): %s", sqltext.CleanErr(err))
	}
	defer rows.Close()
	var out []CohortCount
	vals := make([]sql.NullString, len(cols))
	dest := make([]any, len(cols)+3)
	for i := range vals {
		dest[i] = &vals[i]
	}
	for rows.Next() {
		var c CohortCount
		dest[len(cols)], dest[len(cols)+1], dest[len(cols)+2] = &c.Newer, &c.With, &c.WonWith
		if err := rows.Scan(dest...); err != nil {
			return nil, err
		}
		for i, v := range vals {
			if v.Valid {
				c.Name = cols[i].prefix + ":" + cols[i].name + "=" + v.String
			}
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// categoricalColumns are the profile attributes report actions and tune
// count by value: the canonical ones and the extras, numbers left out.
func categoricalColumns(ctx context.Context, ws *Workspace) ([]attrColumn, error) {
	info, err := ws.Info(ctx)
	if err != nil {
		return nil, err
	}
	extras := map[string][]string{}
	for _, s := range info.Sources {
		extras[s.Table] = s.Extras
	}
	var cols []attrColumn
	for _, t := range []struct {
		table, prefix, alias string
		canonical            []string
	}{{"leads", "attr", "lp", leadAttributes}, {"accounts", "account", "ap", accountAttributes}} {
		if _, ok := extras[t.table]; !ok && t.table == "accounts" {
			continue // no accounts table: no account attributes
		}
		types, err := columnTypes(ctx, ws, t.table)
		if err != nil {
			return nil, err
		}
		for _, name := range withExtras(t.canonical, extras[t.table]) {
			if c := newAttrColumn(t.prefix, t.alias, name, types[name]); !c.banded {
				cols = append(cols, c)
			}
		}
	}
	return cols, nil
}
