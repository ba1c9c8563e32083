package load

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/leadlab/leadlab/queries"
	"github.com/leadlab/leadlab/queries/internal/sqltext"
)

// TableLoad summarises one table of a load.
type TableLoad struct {
	Table    string   `json:"table"`
	File     string   `json:"file"`
	Format   string   `json:"format"`
	Read     int64    `json:"rows_read"`
	Loaded   int64    `json:"rows_loaded"`
	Rejected int64    `json:"rows_rejected"`
	Columns  []string `json:"columns"` // canonical columns the file supplied
	Extras   []string `json:"extras"`  // extra attributes kept
	Ignored  []string `json:"ignored"` // source columns dropped
	// Notes are warnings about the file's shape that do not block the
	// load, such as an unnamed empty last column left out.
	Notes []string `json:"notes"`
	// Files are the table's files, one or more, each with its own
	// counts; File and Format are those of the first.
	Files []FileLoad `json:"files"`
}

// LoadResult is what a successful load did.
type LoadResult struct {
	Origin      string           `json:"origin"`
	Tables      []TableLoad      `json:"tables"`
	RejectCount int64            `json:"rejects_total"`
	Rejects     []queries.Reject `json:"rejects"` // the first ones, in file order
	Files       []FileRead       `json:"files_read"`
	fast        []string         // tables loaded by the fast path, for tests
}

// LoadError is a load that failed; the workspace is unchanged.
type LoadError struct {
	Msg     string
	Rejects []queries.Reject // the first problems, when rejects caused the failure
}

// LoadFailedPrefix opens every LoadError's message, so that a caller
// that says the same in its own words can take it off.
const LoadFailedPrefix = "load failed, workspace unchanged: "

func (e *LoadError) Error() string {
	if len(e.Rejects) == 0 {
		return LoadFailedPrefix + e.Msg
	}
	var b strings.Builder
	b.WriteString(LoadFailedPrefix + e.Msg + "\nfirst problems:")
	for _, r := range e.Rejects {
		b.WriteString("\n  " + r.String())
	}
	return b.String()
}

// ToolVersion is written into the load metadata.
var ToolVersion = "dev"

// Load replaces the workspace's dataset with the plan's files, all or
// nothing. The new tables are built under staged names (_next_leads, ...)
// beside the old ones, which nothing touches; only when every table is
// built and checked do they take the old ones' places, in one short
// transaction. A failure at any point before — a missing file, a bad
// column, too many rejects, a cancelled context, a crash — leaves the
// dataset exactly as it was.
//
// Building outside one long transaction matters for speed: DuckDB's
// transaction-local storage made the typing and storing of 23 million
// events twice as slow.
func Load(ctx context.Context, ws *queries.Workspace, plan Plan) (LoadResult, error) {
	return load(ctx, ws, plan, false)
}

// load is Load; careful turns the fast path off, for the tests that
// prove both paths load the same.
func load(ctx context.Context, ws *queries.Workspace, plan Plan, careful bool) (LoadResult, error) {
	if err := CheckShare(plan.MaxRejectShare); err != nil {
		return LoadResult{}, &LoadError{Msg: "max reject share " + err.Error()}
	}
	// A workspace open read-only (the workbench's) is written only now.
	restore, err := ws.Writable(ctx)
	if err != nil {
		return LoadResult{}, &LoadError{Msg: err.Error()}
	}
	defer restore()
	conn, err := ws.DB.Conn(ctx)
	if err != nil {
		if ctx.Err() != nil {
			return LoadResult{}, &LoadError{Msg: "cancelled"}
		}
		return LoadResult{}, &LoadError{Msg: sqltext.CleanErr(err)}
	}
	defer conn.Close()
	// The load's context is also cancelled by a damaged input file, found
	// in the background; its error is then the cause.
	lctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	l := &loader{ctx: lctx, cancel: cancel, conn: conn, plan: plan, careful: careful}
	// Clean up on a fresh context: the load's own may be cancelled.
	defer l.dropTemps()
	defer func() {
		for _, f := range l.tempFiles {
			_ = os.Remove(f)
		}
	}()
	res, err := l.run()
	if err == nil {
		err = l.swap()
	}
	if err != nil {
		_, _ = conn.ExecContext(context.Background(), blocks.SQL("load-drop-staged"))
		if ctx.Err() != nil {
			return LoadResult{}, &LoadError{Msg: "cancelled"}
		}
		if cause := context.Cause(lctx); cause != nil && !errors.Is(cause, context.Canceled) {
			err = cause
		}
		var le *LoadError
		if !errors.As(err, &le) {
			err = &LoadError{Msg: err.Error()}
		}
		return LoadResult{}, err
	}
	return res, nil
}

func (l *loader) progress(done, total int, what string) {
	if l.plan.Progress != nil {
		l.plan.Progress(done, total, what)
	}
}

// swap puts the staged tables in place of the old ones, atomically.
func (l *loader) swap() error {
	l.progress(len(queries.Tables)+1, len(queries.Tables)+2, "putting the new tables in place")
	if err := l.exec("BEGIN TRANSACTION"); err != nil {
		return err
	}
	drop, err := l.dropProfiles()
	if err != nil {
		_, _ = l.conn.ExecContext(context.Background(), "ROLLBACK")
		return fmt.Errorf("replace the dataset: %s", err)
	}
	for _, q := range []string{drop, blocks.SQL("load-swap")} {
		if q == "" {
			continue
		}
		if err := l.exec(q); err != nil {
			_, _ = l.conn.ExecContext(context.Background(), "ROLLBACK")
			return fmt.Errorf("replace the dataset: %s", err)
		}
	}
	// In the same transaction, so that they follow the dataset: a load
	// that fails here leaves the old tables and the old summaries.
	l.progress(len(queries.Tables)+1, len(queries.Tables)+2, "summarising accounts and campaigns for the funnel and campaigns views")
	if err := queries.BuildViews(l.ctx, l.conn, l.plan.Settings.HighValuePages); err != nil {
		_, _ = l.conn.ExecContext(context.Background(), "ROLLBACK")
		return err
	}
	if err := l.exec("COMMIT"); err != nil {
		_, _ = l.conn.ExecContext(context.Background(), "ROLLBACK")
		return fmt.Errorf("replace the dataset: %s", err)
	}
	return nil
}

// dropProfiles is the SQL dropping the profiles of the dataset being
// replaced: tables, or views in a workspace from before they were tables.
func (l *loader) dropProfiles() (string, error) {
	rows, err := l.conn.QueryContext(l.ctx, blocks.SQL("profiles-existing"))
	if err != nil {
		return "", errors.New(sqltext.CleanErr(err))
	}
	defer rows.Close()
	var drop []string
	for rows.Next() {
		var name, kind string
		if err := rows.Scan(&name, &kind); err != nil {
			return "", err
		}
		drop = append(drop, fmt.Sprintf("DROP %s %s;", kind, sqltext.QuoteIdent(name)))
	}
	return strings.Join(drop, "\n"), rows.Err()
}

// dropTemps removes the connection's temporary tables: the connection goes
// back to the pool, and its temp tables with it.
func (l *loader) dropTemps() {
	for _, t := range append(l.temps, "_rej_tmp", "_line_map") {
		_, _ = l.conn.ExecContext(context.Background(), "DROP TABLE IF EXISTS temp."+sqltext.QuoteIdent(t))
	}
}

// nextName is the name a table has while a load builds it.
func nextName(table string) string { return "_next_" + table }

type loader struct {
	ctx      context.Context
	cancel   context.CancelCauseFunc
	conn     *sql.Conn
	plan     Plan
	supplied map[string]bool
	temps    []string
	careful  bool // never take the fast path
	forms    map[string]*csvForm
	// tempFiles are copies of input files made for reading, removed at
	// the end of the load.
	tempFiles []string
	fast      []string // tables the fast path loaded
}

func (l *loader) exec(q string, args ...any) error {
	defer sqltext.Trace(q, time.Now())
	if _, err := l.conn.ExecContext(l.ctx, q, args...); err != nil {
		return errors.New(sqltext.CleanErr(err))
	}
	return nil
}

// checkInputs refuses what cannot be read before anything is: a missing
// file, a folder, a pipe or device, an empty file, UTF-16 that cannot be
// read; and starts the check of every gzip file.
func (l *loader) checkInputs() (*gzipChecks, error) {
	var gz []string
	for i := range l.plan.Sources {
		src := &l.plan.Sources[i]
		paths := []string{src.Path}
		for _, j := range src.Joins {
			paths = append(paths, j.Path)
		}
		for _, p := range paths {
			if err := checkInput(p); err != nil {
				return nil, err
			}
			if isGzip(p) {
				gz = append(gz, p)
			}
		}
		if err := checkEncoding(src); err != nil {
			return nil, err
		}
	}
	return startGzipChecks(l.ctx, gz, l.cancel), nil
}

func (l *loader) run() (LoadResult, error) {
	res := LoadResult{Origin: l.plan.Origin}
	l.plan.Sources = append([]Source(nil), l.plan.Sources...) // checkInputs may settle an encoding
	gz, err := l.checkInputs()
	if err != nil {
		return res, err
	}
	res, err = l.build()
	if err != nil {
		// No need to read the rest of a big file for a load already failed;
		// damage found so far still explains the failure best.
		l.cancel(nil)
	}
	if gzErr := gz.wait(); gzErr != nil {
		return res, gzErr
	}
	return res, err
}

// build loads every table of the plan under its staged name.
func (l *loader) build() (LoadResult, error) {
	// Resolved before reading, so the paths are the files read.
	res := LoadResult{Origin: l.plan.Origin, Files: filesRead(l.plan)}
	if err := l.exec(blocks.SQL("load-drop-staged")); err != nil {
		return res, err
	}
	if err := l.exec(blocks.SQL("meta-create")); err != nil {
		return res, err
	}
	if err := l.exec(blocks.SQL("rejects-temp-create")); err != nil {
		return res, err
	}
	sources := map[string][]Source{}
	for _, s := range l.plan.Sources {
		sources[s.Table] = append(sources[s.Table], s)
	}
	l.supplied = map[string]bool{}
	total := len(queries.Tables) + 2 // each table, the bookkeeping, the swap
	for k, t := range queries.Tables {
		srcs, ok := sources[t.Name]
		if !ok {
			if err := l.exec(emptyTableSQL(t)); err != nil {
				return res, err
			}
			continue
		}
		var names []string
		for _, s := range srcs {
			names = append(names, filepath.Base(s.Path))
		}
		l.progress(k, total, fmt.Sprintf("reading %s from %s", t.Name, strings.Join(names, ", ")))
		var tl TableLoad
		var err error
		if len(srcs) == 1 {
			tl, err = l.loadTable(t, srcs[0])
			tl.Files = []FileLoad{{Format: tl.Format, Read: tl.Read, Loaded: tl.Loaded, Rejected: tl.Rejected,
				Columns: tl.Columns, Extras: tl.Extras, Ignored: tl.Ignored}}
		} else {
			tl, err = l.loadFiles(t, srcs)
		}
		if err != nil {
			return res, err
		}
		// Recorded absolute, so that report data says which file it was
		// whatever folder the load ran from.
		tl.File = absPath(srcs[0].Path)
		tl.Files[0].File = tl.File
		l.supplied[t.Name] = true
		res.Tables = append(res.Tables, tl)
	}
	if err := l.checkHighValuePages(); err != nil {
		return res, err
	}
	l.progress(len(queries.Tables), total, "deriving email type, seniority and size band")
	if err := l.exec(profileTables()); err != nil {
		return res, err
	}
	l.progress(len(queries.Tables), total, "recording rejects and sources")
	if err := l.exec(blocks.SQL("rejects-save")); err != nil {
		return res, err
	}
	set := l.plan.Settings
	basis := set.AmountBasis
	if basis == "" {
		basis = queries.AmountAnnual
	}
	var pages any // NULL: the default
	if set.HighValuePages != nil {
		pages = set.HighValuePages
	}
	if err := l.exec(blocks.SQL("load-meta-insert"), time.Now().UTC(), l.plan.Origin, ToolVersion, basis, pages); err != nil {
		return res, err
	}
	for _, tl := range res.Tables {
		res.RejectCount += tl.Rejected
		for _, f := range tl.Files { // a row for each file
			if err := l.exec(blocks.SQL("sources-insert"), tl.Table, f.File, f.Format, f.Read, f.Loaded, f.Rejected,
				f.Columns, f.Extras, f.Ignored); err != nil {
				return res, err
			}
		}
	}
	first, err := firstRejects(l.ctx, l.conn, 20)
	if err != nil {
		return res, err
	}
	res.Rejects, res.fast = first, l.fast
	return res, nil
}

// checkHighValuePages fails the load when the manifest names a
// high-value page that no loaded event has: a misspelt name would
// otherwise count nothing, and the KPI would read 0 without a word.
func (l *loader) checkHighValuePages() error {
	set := l.plan.Settings
	if len(set.HighValuePages) == 0 {
		return nil
	}
	missing, err := l.strings(blocks.SQL("events-missing"), set.HighValuePages)
	if err != nil || len(missing) == 0 {
		return err
	}
	events, err := l.strings(blocks.SQL("events-distinct"))
	if err != nil {
		return err
	}
	// Reported in the manifest's order, the first with its line.
	sort.SliceStable(missing, func(i, j int) bool { return l.plan.highValueAt[missing[i]].line < l.plan.highValueAt[missing[j]].line })
	name := missing[0]
	hint := suggest(name, events)
	for _, e := range events {
		if strings.EqualFold(e, name) {
			hint = fmt.Sprintf(" (did you mean %s? names match case and all)", e)
		}
	}
	pos := l.plan.highValueAt[name]
	msg := fmt.Sprintf("funnel.high_value_pages: no loaded event is named %q%s", name, hint)
	if len(missing) > 1 {
		msg += fmt.Sprintf("; nor %s", strings.Join(quoteAll(missing[1:]), ", "))
	}
	return &LoadError{Msg: (&ManifestError{File: pos.file, Line: pos.line, Msg: msg}).Error()}
}

// strings runs a query of one text column on the load's connection.
func (l *loader) strings(q string, args ...any) ([]string, error) {
	defer sqltext.Trace(q, time.Now())
	rows, err := l.conn.QueryContext(l.ctx, q, args...)
	if err != nil {
		return nil, errors.New(sqltext.CleanErr(err))
	}
	return sqltext.ScanColumn[string](rows)
}

func quoteAll(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = strconv.Quote(s)
	}
	return out
}

func emptyTableSQL(t queries.Table) string {
	cols := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		cols[i] = sqltext.QuoteIdent(c.Name) + " " + string(c.Type)
	}
	return fmt.Sprintf("CREATE TABLE %s (%s)", sqltext.QuoteIdent(nextName(t.Name)), strings.Join(cols, ", "))
}
