package gen

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	_ "github.com/duckdb/duckdb-go/v2" // registers the "duckdb" database/sql driver
)

// toParquet converts every table's CSV in dir to Parquet with DuckDB and
// removes the CSV. Column types are given explicitly rather than sniffed, so
// that a column that happens to be empty in a small dataset still gets its
// real type.
func toParquet(ctx context.Context, dir string) error {
	db, err := sql.Open("duckdb", "")
	if err != nil {
		return fmt.Errorf("open DuckDB for the Parquet conversion: %w", err)
	}
	defer db.Close()
	// DuckDB would take most of the machine's memory for a large table; a
	// limit with spilling to the temporary folder keeps the conversion as
	// frugal as the CSV writing.
	settings := []string{
		"SET memory_limit = '256MB'",
		"SET temp_directory = " + sqlString(filepath.Join(dir, "duckdb.tmp")),
		// As every database leadlab opens: no extension is ever fetched
		// or loaded behind the user's back (queries.connOptions).
		"SET autoinstall_known_extensions = false",
		"SET autoload_known_extensions = false",
		"SET lock_configuration = true",
	}
	for _, s := range settings {
		if _, err := db.ExecContext(ctx, s); err != nil {
			return fmt.Errorf("configure DuckDB for the Parquet conversion: %w", err)
		}
	}
	for i := range tableSpecs {
		spec := &tableSpecs[i]
		src := filepath.Join(dir, spec.name+".csv")
		dst := filepath.Join(dir, spec.name+".parquet")
		if _, err := db.ExecContext(ctx, copyStatement(spec, src, dst)); err != nil {
			return fmt.Errorf("convert %s to Parquet: %w", spec.name, err)
		}
		if err := os.Remove(src); err != nil {
			return fmt.Errorf("remove temporary %s.csv: %w", spec.name, err)
		}
	}
	return nil
}

func copyStatement(spec *tableSpec, src, dst string) string {
	cols := make([]string, len(spec.columns))
	for i, c := range spec.columns {
		cols[i] = sqlString(c.name) + ": " + sqlString(c.sqlType)
	}
	return fmt.Sprintf(`COPY (SELECT * FROM read_csv(%s, header = true, auto_detect = false,
	delim = ',', quote = '"', escape = '"', nullstr = '',
	timestampformat = '%%Y-%%m-%%d %%H:%%M:%%S', dateformat = '%%Y-%%m-%%d',
	columns = {%s})) TO %s (FORMAT parquet)`,
		sqlString(src), strings.Join(cols, ", "), sqlString(dst))
}

// sqlString quotes s as an SQL string literal.
func sqlString(s string) string {
	return "'" + strings.ReplaceAll(s, "'", "''") + "'"
}
