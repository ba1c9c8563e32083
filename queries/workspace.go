package queries

import (
	"context"
	"database/sql"
	"fmt"
	"regexp"
	"strings"

	duckdb "github.com/duckdb/duckdb-go/v2"
)

// Workspace is an open DuckDB database holding one loaded dataset: the
// canonical tables, the rejects of the load that wrote them, and metadata.
// Derived results (outcomes for given settings) go to the in-memory
// "derived" schema so that reports never write to the workspace file.
type Workspace struct {
	DB   *sql.DB
	Path string // "" for an in-memory workspace

	conn *duckdb.Connector // DB's, for connections outside its pool
}

// connOptions are set on every database leadlab opens. No query may
// install or load an extension or reach the network: DuckDB would
// otherwise download an extension the first time a query names one
// (sqlite_scan, an https:// path), into the user's home directory. The
// configuration is locked so that nothing run later can turn that back on.
const connOptions = "autoinstall_known_extensions=false&autoload_known_extensions=false&allow_community_extensions=false&lock_configuration=true"

// Open opens (creating if needed) the workspace at path; "" opens an
// in-memory one.
func Open(ctx context.Context, path string) (*Workspace, error) {
	c, err := duckdb.NewConnector(path+"?"+connOptions, nil)
	if err != nil {
		return nil, fmt.Errorf("open workspace %s: %s", displayPath(path), cleanDuckErr(err))
	}
	db := sql.OpenDB(c)
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("open workspace %s: %s", displayPath(path), cleanDuckErr(err))
	}
	// The derived schema lives in memory, shared by every connection of
	// this database instance, and vanishes on close.
	if _, err := db.ExecContext(ctx, "ATTACH ':memory:' AS derived"); err != nil {
		db.Close()
		return nil, fmt.Errorf("open workspace %s: %s", displayPath(path), cleanDuckErr(err))
	}
	return &Workspace{DB: db, Path: path, conn: c}, nil
}

// Close releases the database.
func (w *Workspace) Close() error { return w.DB.Close() }

// Loaded reports whether a dataset has been loaded into the workspace.
func (w *Workspace) Loaded(ctx context.Context) (bool, error) {
	var n int
	err := w.DB.QueryRowContext(ctx, SQL("workspace-loaded")).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("inspect workspace: %s", cleanDuckErr(err))
	}
	return n > 0, nil
}

func displayPath(p string) string {
	if p == "" {
		return "(in memory)"
	}
	return p
}

// quoteIdent quotes an SQL identifier for DuckDB.
func quoteIdent(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

// quoteLit quotes an SQL string literal.
func quoteLit(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// cleanDuckErr shortens DuckDB's messages: it quotes whole input lines,
// which for a 10 MB field would flood the terminal, and appends the query
// text, which means nothing to an analyst.
func cleanDuckErr(err error) string {
	msg := err.Error()
	if m := extensionErr(msg); m != "" {
		return m
	}
	if i := strings.Index(msg, "\n\nLINE "); i >= 0 {
		msg = msg[:i]
	}
	var b strings.Builder
	for _, line := range strings.Split(msg, "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "Original Line:") {
			line = truncate(line, 120)
		}
		if b.Len() > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(line)
	}
	return truncate(strings.TrimSpace(b.String()), 2000)
}

// DuckDB's messages when a query needs an extension that is not loaded.
var (
	missingFunc = regexp.MustCompile(`with name "?([^" ]+)"? is not in the catalog, but it exists in the (\w+) extension`)
	missingFile = regexp.MustCompile(`File (\S+) requires the extension (\w+) to be loaded`)
)

// extensionErr rewords DuckDB's "install and load the extension" advice,
// which leadlab forbids (connOptions), or is "" for any other message.
func extensionErr(msg string) string {
	if m := missingFile.FindStringSubmatch(msg); m != nil {
		return fmt.Sprintf("%s needs DuckDB's %s extension: leadlab never installs or loads extensions, nor reads over the network; copy the file to disk and read it from there", m[1], m[2])
	}
	if m := missingFunc.FindStringSubmatch(msg); m != nil {
		return fmt.Sprintf("%s needs DuckDB's %s extension, which leadlab never installs or loads: read the workspace's tables, or CSV, Parquet and JSON files on disk", m[1], m[2])
	}
	return ""
}

// truncate cuts s to at most n runes, marking the cut.
func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}
