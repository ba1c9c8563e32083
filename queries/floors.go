package queries

import (
	"context"
	"fmt"

	"github.com/leadlab/leadlab/queries/internal/sqltext"
)

// FloorLoad is what DuckDB alone takes to ingest the plan's files: one
// CREATE TABLE AS SELECT * FROM read_csv per file, types sniffed, nothing
// checked. leadlab bench compares Load against it. Only CSV and TSV
// sources are supported, which is what leadlab gen writes.
func FloorLoad(ctx context.Context, ws *Workspace, plan Plan) error {
	for _, s := range plan.Sources {
		if s.Format != "csv" && s.Format != "tsv" {
			return fmt.Errorf("floor load: %s is %s; only CSV and TSV are measured", s.Path, s.Format)
		}
		q := fmt.Sprintf(SQL("floor-load-csv"), sqltext.QuoteIdent("floor_"+s.Table), sqltext.QuoteLit(s.Path))
		if _, err := ws.exec(ctx, q); err != nil {
			return fmt.Errorf("floor load %s: %s", s.Path, sqltext.CleanErr(err))
		}
	}
	return nil
}

// FloorActions is the floor of the actions report: counting each lead's
// events by name, with nothing joined or filtered.
func FloorActions(ctx context.Context, ws *Workspace) error {
	if _, err := ws.exec(ctx, SQL("floor-actions")); err != nil {
		return fmt.Errorf("floor actions: %s", sqltext.CleanErr(err))
	}
	return nil
}
