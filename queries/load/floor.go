package load

import (
	"context"
	"fmt"
	"time"

	"github.com/leadlab/leadlab/queries"
	"github.com/leadlab/leadlab/queries/internal/sqltext"
)

// FloorLoad is what DuckDB alone takes to ingest the plan's files: one
// CREATE TABLE AS SELECT * FROM read_csv per file, types sniffed, nothing
// checked. leadlab bench compares Load against it. Only CSV and TSV
// sources are supported, which is what leadlab gen writes.
func FloorLoad(ctx context.Context, ws *queries.Workspace, plan Plan) error {
	for _, s := range plan.Sources {
		if s.Format != "csv" && s.Format != "tsv" {
			return fmt.Errorf("floor load: %s is %s; only CSV and TSV are measured", s.Path, s.Format)
		}
		q := fmt.Sprintf(blocks.SQL("floor-load-csv"), sqltext.QuoteIdent("floor_"+s.Table), sqltext.QuoteLit(s.Path))
		if err := exec(ctx, ws, q); err != nil {
			return fmt.Errorf("floor load %s: %s", s.Path, sqltext.CleanErr(err))
		}
	}
	return nil
}

// exec runs a statement on the workspace, traced as the workspace's own
// statements are (LEADLAB_TRACE).
func exec(ctx context.Context, ws *queries.Workspace, q string) error {
	defer sqltext.Trace(q, time.Now())
	_, err := ws.DB.ExecContext(ctx, q)
	return err
}
