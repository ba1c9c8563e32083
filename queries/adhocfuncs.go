package queries

import (
	"context"
	"database/sql/driver"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	duckdb "github.com/duckdb/duckdb-go/v2"

	"github.com/leadlab/leadlab/queries/internal/sqltext"
)

// checkAdhocTree has DuckDB parse text (without binding or running
// anything) and walks the syntax tree for what a SELECT can still do
// besides reading: table functions that write the workspace, change
// DuckDB's settings or run SQL given as text; read_csv's store_rejects,
// which creates tables; scalar functions with effects; and other database
// files, which DuckDB would open beside the workspace.
//
// Table functions are allowed by name, not refused by name: one DuckDB
// adds in a later version is refused until someone has looked at it
// (TestAdhocKnowsEveryTableFunction fails until then).
func checkAdhocTree(ctx context.Context, c *duckdb.Conn, text string) error {
	ds, err := c.PrepareContext(ctx, "SELECT json_serialize_sql($1::VARCHAR)::VARCHAR")
	if err != nil {
		return errors.New(sqltext.CleanErr(err))
	}
	st := ds.(*duckdb.Stmt)
	defer st.Close()
	rows, err := st.QueryContext(ctx, []driver.NamedValue{{Ordinal: 1, Value: text}})
	if err != nil {
		return adhocErr(ctx, err)
	}
	defer rows.Close()
	vals := make([]driver.Value, 1)
	if err := rows.Next(vals); err != nil && err != io.EOF {
		return adhocErr(ctx, err)
	}
	var tree struct {
		Error      bool   `json:"error"`
		ErrorMsg   string `json:"error_message"`
		Statements []any  `json:"statements"`
	}
	// As VARCHAR: the driver would decode a JSON value into maps itself.
	raw, _ := vals[0].(string)
	if err := json.Unmarshal([]byte(raw), &tree); err != nil {
		return fmt.Errorf("%w: could not check the query (%v)", ErrAdhocRefused, err)
	}
	switch {
	case tree.Error && strings.Contains(tree.ErrorMsg, "Only SELECT"):
		return errNotSelect
	case tree.Error:
		return errors.New(sqltext.CleanErr(errors.New(tree.ErrorMsg)))
	case len(tree.Statements) != 1:
		return fmt.Errorf("%w one statement at a time: found %d", ErrAdhocRefused, len(tree.Statements))
	}
	return walkAdhoc(tree.Statements[0], func(name string) bool { return functionExists(ctx, c, name) })
}

// errNotSelect is a statement DuckDB's parser does not read as a SELECT
// (only a SELECT has a syntax tree to show); prepareAdhoc words why it
// is refused.
var errNotSelect = errors.New("not a SELECT")

// functionExists reports whether DuckDB knows a function of that name.
// One it does not know fails when the query runs, in DuckDB's words,
// which say which extension it is in.
func functionExists(ctx context.Context, c *duckdb.Conn, name string) bool {
	ds, err := c.PrepareContext(ctx, SQL("function-exists"))
	if err != nil {
		return true
	}
	st := ds.(*duckdb.Stmt)
	defer st.Close()
	rows, err := st.QueryContext(ctx, []driver.NamedValue{{Ordinal: 1, Value: name}})
	if err != nil {
		return true
	}
	defer rows.Close()
	vals := make([]driver.Value, 1)
	if rows.Next(vals) != nil {
		return true
	}
	return vals[0] != false
}

// walkAdhoc refuses the first node of the tree that does more than read.
func walkAdhoc(node any, exists func(string) bool) error {
	switch n := node.(type) {
	case []any:
		for _, c := range n {
			if err := walkAdhoc(c, exists); err != nil {
				return err
			}
		}
	case map[string]any:
		if err := checkAdhocNode(n, exists); err != nil {
			return err
		}
		for _, c := range n {
			if err := walkAdhoc(c, exists); err != nil {
				return err
			}
		}
	}
	return nil
}

func checkAdhocNode(n map[string]any, exists func(string) bool) error {
	switch {
	case n["type"] == "TABLE_FUNCTION":
		fn, _ := n["function"].(map[string]any)
		name, _ := fn["function_name"].(string)
		name = strings.ToLower(name)
		if why, refused := adhocRefusedTableFuncs[name]; refused {
			return fmt.Errorf("%w: %s() %s", ErrAdhocRefused, name, why)
		}
		if !adhocTableFuncs[name] && exists(name) {
			return fmt.Errorf("%w: %s() is not a table function the SQL box knows to only read", ErrAdhocRefused, name)
		}
		children, _ := fn["children"].([]any)
		for _, c := range children {
			if p := namedParam(c); adhocRefusedParams[p] {
				return fmt.Errorf("%w: %s makes %s() create tables, and the SQL box creates nothing; leave it out (ignore_errors=true skips bad lines)", ErrAdhocRefused, p, name)
			}
		}
	case n["class"] == "FUNCTION":
		name, _ := n["function_name"].(string)
		if why, refused := adhocRefusedScalars[strings.ToLower(name)]; refused {
			return fmt.Errorf("%w: %s() %s", ErrAdhocRefused, strings.ToLower(name), why)
		}
	case n["type"] == "BASE_TABLE":
		// FROM 'other.duckdb' makes DuckDB open the file as a database;
		// in this process, beside the workspace, that could drop the
		// workspace's lock when it closes.
		name, _ := n["table_name"].(string)
		low := strings.ToLower(name)
		for _, ext := range []string{".duckdb", ".ddb", ".db", ".sqlite", ".sqlite3"} {
			if strings.HasSuffix(low, ext) {
				return fmt.Errorf("%w: %s is a database file; the SQL box reads the workspace's tables and CSV, Parquet and JSON files", ErrAdhocRefused, name)
			}
		}
	}
	return nil
}

// namedParam is the name of a table function argument given by name —
// name := value parses as an alias, name = value as a comparison with a
// column of that name — or "".
func namedParam(arg any) string {
	m, _ := arg.(map[string]any)
	if alias, _ := m["alias"].(string); alias != "" {
		return strings.ToLower(alias)
	}
	if m["type"] != "COMPARE_EQUAL" {
		return ""
	}
	left, _ := m["left"].(map[string]any)
	names, _ := left["column_names"].([]any)
	if left["class"] != "COLUMN_REF" || len(names) != 1 {
		return ""
	}
	s, _ := names[0].(string)
	return strings.ToLower(s)
}

// adhocRefusedParams are read_csv options that make it write: a rejects
// table (temporary, but shadowing any table of the same name) and scan.
var adhocRefusedParams = map[string]bool{"store_rejects": true, "rejects_table": true, "rejects_scan": true, "rejects_limit": true}

// adhocRefusedScalars are the scalar functions with an effect beyond
// their value that outlives the query.
var adhocRefusedScalars = map[string]string{
	"nextval":   "advances a sequence",
	"write_log": "writes to DuckDB's log",
}

// adhocRefusedTableFuncs are the table functions of DuckDB 1.5 that do
// more than read, with why.
var adhocRefusedTableFuncs = map[string]string{
	"checkpoint":                  "writes the workspace file",
	"force_checkpoint":            "writes the workspace file",
	"enable_logging":              "changes DuckDB's settings",
	"disable_logging":             "changes DuckDB's settings",
	"truncate_duckdb_logs":        "changes DuckDB's logs",
	"enable_profiling":            "changes DuckDB's settings",
	"disable_profiling":           "changes DuckDB's settings",
	"enable_peg_parser":           "changes DuckDB's settings",
	"disable_peg_parser":          "changes DuckDB's settings",
	"query":                       "runs SQL given as text, which the SQL box cannot check",
	"query_table":                 "runs SQL given as text, which the SQL box cannot check",
	"json_execute_serialized_sql": "runs SQL given as text, which the SQL box cannot check",
	"read_duckdb":                 "opens another database file beside the workspace",
	"arrow_scan":                  "reads raw memory addresses",
	"arrow_scan_dumb":             "reads raw memory addresses",
	"seq_scan":                    "is DuckDB's internal scan",
}

// adhocTableFuncs are the table functions (and table macros) of DuckDB
// 1.5 that only read: files, the catalog, settings, generated rows.
var adhocTableFuncs = setOf(
	"generate_series", "range", "unnest", "repeat", "repeat_row", "summary", "glob",
	"read_csv", "read_csv_auto", "sniff_csv", "read_text", "read_blob",
	"read_json", "read_json_auto", "read_json_objects", "read_json_objects_auto",
	"read_ndjson", "read_ndjson_auto", "read_ndjson_objects", "json_each", "json_tree",
	"read_parquet", "parquet_scan", "parquet_metadata", "parquet_schema", "parquet_file_metadata",
	"parquet_kv_metadata", "parquet_full_metadata", "parquet_bloom_probe",
	"duckdb_approx_database_count", "duckdb_columns", "duckdb_connection_count", "duckdb_constraints",
	"duckdb_coordinate_systems", "duckdb_databases", "duckdb_dependencies", "duckdb_extensions",
	"duckdb_external_file_cache", "duckdb_functions", "duckdb_indexes", "duckdb_keywords",
	"duckdb_log_contexts", "duckdb_logs", "duckdb_memory", "duckdb_optimizers",
	"duckdb_prepared_statements", "duckdb_schemas", "duckdb_secret_types", "duckdb_secrets",
	"duckdb_sequences", "duckdb_settings", "duckdb_table_sample", "duckdb_tables",
	"duckdb_temporary_files", "duckdb_types", "duckdb_variables", "duckdb_views",
	"duckdb_logs_parsed", "duckdb_profiling_settings", "histogram", "histogram_values",
	"pragma_collations", "pragma_database_size", "pragma_metadata_info", "pragma_platform",
	"pragma_show", "pragma_storage_info", "pragma_table_info", "pragma_user_agent", "pragma_version",
	"icu_calendar_names", "pg_timezone_names", "test_all_types", "test_vector_types",
	"sql_auto_complete", "check_peg_parser", "which_secret",
)

func setOf(names ...string) map[string]bool {
	m := make(map[string]bool, len(names))
	for _, n := range names {
		m[n] = true
	}
	return m
}
