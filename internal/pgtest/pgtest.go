// Package pgtest gives tests a real PostgreSQL server: the one named by
// LEADLAB_PG_DSN, which .ci/postgres starts (and .ci/run starts for CI).
// Without it a test skips, loudly; under CI=true it fails instead, so CI
// can never pass by skipping the parity tests.
package pgtest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/lib/pq"
)

// EnvDSN names the variable holding the server's connection string.
const EnvDSN = "LEADLAB_PG_DSN"

// Open connects to the server, or skips (fails under CI=true) when there
// is none.
func Open(t testing.TB) *sql.DB {
	t.Helper()
	dsn := os.Getenv(EnvDSN)
	if dsn == "" {
		msg := "NO POSTGRESQL: " + EnvDSN + " is not set, so the PostgreSQL parity test did not run. " +
			"Start a throwaway server with: eval \"$(.ci/postgres start)\" (stop it with .ci/postgres stop)"
		if os.Getenv("CI") == "true" {
			t.Fatal(msg + " — and CI=true, where it must run")
		}
		fmt.Fprintln(os.Stderr, "\n*** "+t.Name()+" SKIPPED — "+msg+"\n")
		t.Skip(msg)
	}
	db, err := sql.Open("postgres", dsn)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.PingContext(context.Background()); err != nil {
		db.Close()
		t.Fatalf("PostgreSQL at %s=%q: %v", EnvDSN, dsn, err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// Schema creates a throwaway schema, dropped with everything in it when
// the test ends, and returns its name: a unique prefix, then suffix.
func Schema(t testing.TB, db *sql.DB, suffix string) string {
	t.Helper()
	b := make([]byte, 6)
	rand.Read(b)
	name := "leadlab_test_" + hex.EncodeToString(b) + suffix
	if _, err := db.Exec("CREATE SCHEMA " + pq.QuoteIdentifier(name)); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Exec("DROP SCHEMA " + pq.QuoteIdentifier(name) + " CASCADE") })
	return name
}

// Column is a column of a copied table: its name in PostgreSQL and its
// DuckDB type.
type Column struct {
	Name, Type string
}

// pgType is the PostgreSQL type holding a DuckDB type's values exactly.
func pgType(duck string) (string, error) {
	switch duck {
	case "VARCHAR":
		return "text", nil
	case "BIGINT":
		return "bigint", nil
	case "INTEGER":
		return "integer", nil
	case "DOUBLE":
		return "double precision", nil
	case "BOOLEAN":
		return "boolean", nil
	case "TIMESTAMP":
		return "timestamp", nil
	case "DATE":
		return "date", nil
	}
	return "", fmt.Errorf("no PostgreSQL type for DuckDB's %s", duck)
}

// Copy creates table (schema-qualified parts) in PostgreSQL with the given
// columns and fills it with the rows of a DuckDB query, in that column
// order, through COPY.
func Copy(ctx context.Context, duck *sql.DB, query string, pg *sql.DB, table []string, cols []Column) (int64, error) {
	defs := make([]string, len(cols))
	names := make([]string, len(cols))
	for i, c := range cols {
		typ, err := pgType(c.Type)
		if err != nil {
			return 0, fmt.Errorf("column %q: %w", c.Name, err)
		}
		names[i] = pq.QuoteIdentifier(c.Name)
		defs[i] = names[i] + " " + typ
	}
	quoted := make([]string, len(table))
	for i, p := range table {
		quoted[i] = pq.QuoteIdentifier(p)
	}
	if _, err := pg.ExecContext(ctx, fmt.Sprintf("CREATE TABLE %s (%s)", strings.Join(quoted, "."), strings.Join(defs, ", "))); err != nil {
		return 0, err
	}
	rows, err := duck.QueryContext(ctx, query)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	tx, err := pg.BeginTx(ctx, nil)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	stmt, err := tx.Prepare(fmt.Sprintf("COPY %s (%s) FROM STDIN", strings.Join(quoted, "."), strings.Join(names, ", ")))
	if err != nil {
		return 0, err
	}
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	var n int64
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return n, err
		}
		if _, err := stmt.Exec(vals...); err != nil {
			return n, err
		}
		n++
	}
	if err := rows.Err(); err != nil {
		return n, err
	}
	if _, err := stmt.Exec(); err != nil {
		return n, err
	}
	if err := stmt.Close(); err != nil {
		return n, err
	}
	return n, tx.Commit()
}
