package queries

import (
	"context"
	"database/sql"
	"io"
	"time"

	"github.com/leadlab/leadlab/queries/internal/sqltext"
)

// TraceTo sends the trace LEADLAB_TRACE turns on to w instead of stderr;
// nil sends it to stderr again. The workbench names a file, since its
// screen and the trace would draw over each other.
func TraceTo(w io.Writer) { sqltext.TraceTo(w) }

// exec, query and queryRow run a statement on the workspace; with
// LEADLAB_TRACE set each prints its duration to stderr (traceSQL), as a
// load's statements do, so any slow command shows where its time goes.
func (w *Workspace) exec(ctx context.Context, q string, args ...any) (sql.Result, error) {
	defer sqltext.Trace(q, time.Now())
	return w.DB.ExecContext(ctx, q, args...)
}

func (w *Workspace) query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	defer sqltext.Trace(q, time.Now())
	return w.DB.QueryContext(ctx, q, args...)
}

func (w *Workspace) queryRow(ctx context.Context, q string, args ...any) *sql.Row {
	defer sqltext.Trace(q, time.Now())
	return w.DB.QueryRowContext(ctx, q, args...)
}
