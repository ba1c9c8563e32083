package queries

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	_ "github.com/duckdb/duckdb-go/v2" // registers the "duckdb" driver
)

// Workspace is an open DuckDB database holding one loaded dataset: the
// canonical tables, the rejects of the load that wrote them, and metadata.
// Derived results (outcomes for given settings) go to the in-memory
// "derived" schema so that reports never write to the workspace file.
type Workspace struct {
	DB   *sql.DB
	Path string // "" for an in-memory workspace
}

// Open opens (creating if needed) the workspace at path; "" opens an
// in-memory one.
func Open(ctx context.Context, path string) (*Workspace, error) {
	db, err := sql.Open("duckdb", path)
	if err != nil {
		return nil, fmt.Errorf("open workspace %s: %w", displayPath(path), err)
	}
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
	return &Workspace{DB: db, Path: path}, nil
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

// truncate cuts s to at most n runes, marking the cut.
func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}
