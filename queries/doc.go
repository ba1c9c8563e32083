// Package queries is leadlab's data layer: the DuckDB workspace, loading of
// canonical folders and manifests with row-level rejects, the outcome rules
// of docs/outcomes.md (won, window, maturing, exposure cutoff), and every SQL
// statement the product runs, kept as named blocks in sql/*.sql.
//
// Nothing here knows about terminals or statistics; analysis/ builds on it.
package queries
