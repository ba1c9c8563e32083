package queries

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	duckdb "github.com/duckdb/duckdb-go/v2"

	"github.com/leadlab/leadlab/queries/internal/sqltext"
)

// Workspace is an open DuckDB database holding one loaded dataset: the
// canonical tables, the rejects of the load that wrote them, and metadata.
// Derived results (outcomes for given settings) go to the in-memory
// "derived" schema so that reports never write to the workspace file.
type Workspace struct {
	DB   *sql.DB
	Path string // "" for an in-memory workspace

	conn     *duckdb.Connector // DB's, for connections outside its pool
	readOnly bool              // opened with OpenReadOnly
	memo     *sessionMemo
}

// connOptions are set on every database leadlab opens. No query may
// install or load an extension or reach the network: DuckDB would
// otherwise download an extension the first time a query names one
// (sqlite_scan, an https:// path), into the user's home directory. The
// configuration is locked so that nothing run later can turn that back on.
//
// ASOF joins always sort (asof_loop_join_threshold=0): DuckDB otherwise
// turns one into nested loops when it takes a side for tiny, which it
// does for a temporary table made in the same transaction (it has no row
// count yet), and the load's view summaries then never end.
const connOptions = "autoinstall_known_extensions=false&autoload_known_extensions=false&allow_community_extensions=false&asof_loop_join_threshold=0&lock_configuration=true"

// Open opens (creating if needed) the workspace at path for reading and
// writing; "" opens an in-memory one. It holds the file to itself: no
// other process can open it meanwhile, not even to read. Commands that
// only read use OpenReadOnly.
func Open(ctx context.Context, path string) (*Workspace, error) {
	return open(ctx, path, false)
}

// OpenReadOnly opens the existing workspace at path for reading. Any
// number of processes can hold it so, together — the workbench, reports,
// exports — but none of them while a load writes it. The derived schema
// is writable as always: it is in memory. A load (queries/load) on a
// read-only workspace takes the file for writing only while it runs (see
// Writable).
func OpenReadOnly(ctx context.Context, path string) (*Workspace, error) {
	if path == "" {
		return Open(ctx, path)
	}
	return open(ctx, path, true)
}

func open(ctx context.Context, path string, readOnly bool) (*Workspace, error) {
	// duckdb-go reads the DSN as a URL: a '#' would swallow connOptions
	// as a fragment, silently, and a '?' would cut the file name.
	if strings.ContainsAny(path, "?#") {
		return nil, fmt.Errorf("open workspace %s: DuckDB's Go driver cannot open a file whose path has a ? or #; rename it or move it", path)
	}
	dsn := path + "?" + connOptions + resources.dsnOptions()
	if readOnly {
		dsn += "&access_mode=READ_ONLY"
	}
	c, err := duckdb.NewConnector(dsn, nil)
	if err != nil {
		return nil, openErr(path, readOnly, err)
	}
	db := sql.OpenDB(c)
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, openErr(path, readOnly, err)
	}
	// The derived schema lives in memory, shared by every connection of
	// this database instance, and vanishes on close. READ_WRITE because
	// an attached database is otherwise read-only like the workspace.
	if _, err := db.ExecContext(ctx, "ATTACH ':memory:' AS derived (READ_WRITE)"); err != nil {
		db.Close()
		return nil, openErr(path, readOnly, err)
	}
	return &Workspace{DB: db, Path: path, conn: c, readOnly: readOnly, memo: &sessionMemo{}}, nil
}

// openErr words a failure to open the workspace; a file another process
// holds says which process and what to do (lockErr).
func openErr(path string, readOnly bool, err error) error {
	if le := lockErr(path, readOnly, err); le != nil {
		return le
	}
	// duckdb-go shares one database per file within a process, and only
	// among opens of the same mode.
	if strings.Contains(err.Error(), "different configuration") {
		return fmt.Errorf("open workspace %s: this process has it open already in another mode (read-only or writing); close that first", displayPath(path))
	}
	return fmt.Errorf("open workspace %s: %s", displayPath(path), sqltext.CleanErr(err))
}

// Close releases the database.
func (w *Workspace) Close() error { return w.DB.Close() }

// ReadOnly reports whether the workspace was opened with OpenReadOnly.
func (w *Workspace) ReadOnly() bool { return w.readOnly }

// Writable reopens a read-only workspace for writing, for a load
// (queries/load), and returns what reopens it read-only again; on a
// workspace opened for writing it does nothing. DuckDB cannot change a
// database's access mode, and duckdb-go shares one database per file
// within a process and refuses to open it in a second mode, so the
// read-only database is closed first. The caller makes sure nothing else
// uses w.DB meanwhile: the workbench runs one job at a time. The derived
// schema starts empty again, whether the load succeeds or not, so the
// workbench starts every screen again after either (tui/data).
func (w *Workspace) Writable(ctx context.Context) (restore func(), err error) {
	// The dataset is about to change, and with a reopen the derived
	// schema too.
	w.memo.forget()
	if !w.readOnly {
		return func() {}, nil
	}
	w.DB.Close()
	rw, err := open(ctx, w.Path, false)
	if err != nil {
		w.reopen()
		return nil, err
	}
	w.DB, w.conn = rw.DB, rw.conn
	return func() {
		w.DB.Close()
		w.reopen()
		w.memo.forget()
	}, nil
}

// reopen opens the workspace read-only again after Writable. Another
// process (a load) can take the file in the instant it is free, so it
// tries for a while. If it cannot, w.DB stays closed and every query
// says the database is closed: the workbench must be started again.
func (w *Workspace) reopen() {
	deadline := time.Now().Add(5 * time.Second)
	for {
		ws, err := open(context.Background(), w.Path, true)
		if err == nil {
			w.DB, w.conn = ws.DB, ws.conn
			return
		}
		if time.Now().After(deadline) {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// Loaded reports whether a dataset has been loaded into the workspace.
func (w *Workspace) Loaded(ctx context.Context) (bool, error) {
	var n int
	err := w.DB.QueryRowContext(ctx, SQL("workspace-loaded")).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("inspect workspace: %s", sqltext.CleanErr(err))
	}
	return n > 0, nil
}

func displayPath(p string) string {
	if p == "" {
		return "(in memory)"
	}
	return p
}
