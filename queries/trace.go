package queries

import (
	"context"
	"database/sql"
	"io"
	"os"
	"sync"
	"time"
)

// The trace goes to stderr, except while the workbench runs: its screen
// would draw over the lines, and they over it, so it names a file.
var (
	traceMu  sync.Mutex
	traceOut io.Writer = os.Stderr
)

// TraceTo sends the trace LEADLAB_TRACE turns on to w instead of stderr;
// nil sends it to stderr again.
func TraceTo(w io.Writer) {
	traceMu.Lock()
	defer traceMu.Unlock()
	if w == nil {
		w = os.Stderr
	}
	traceOut = w
}

// writeTrace writes one line of the trace; statements run on several
// goroutines at once, so each line is written whole.
func writeTrace(line string) {
	traceMu.Lock()
	defer traceMu.Unlock()
	io.WriteString(traceOut, line)
}

// exec, query and queryRow run a statement on the workspace; with
// LEADLAB_TRACE set each prints its duration to stderr (traceSQL), as a
// load's statements do, so any slow command shows where its time goes.
func (w *Workspace) exec(ctx context.Context, q string, args ...any) (sql.Result, error) {
	defer traceSQL(q, time.Now())
	return w.DB.ExecContext(ctx, q, args...)
}

func (w *Workspace) query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	defer traceSQL(q, time.Now())
	return w.DB.QueryContext(ctx, q, args...)
}

func (w *Workspace) queryRow(ctx context.Context, q string, args ...any) *sql.Row {
	defer traceSQL(q, time.Now())
	return w.DB.QueryRowContext(ctx, q, args...)
}
