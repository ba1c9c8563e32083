// Package queries is the reading half of leadlab's data layer: the DuckDB
// workspace, the canonical schema, what a load stores and the reports
// read back (the settings, the rejects, the sources), the outcome rules of
// docs/outcomes.md (won, window, maturing, exposure cutoff), and every SQL
// statement the reports run, kept as named blocks in sql/*.sql.
//
// Loading a folder or a manifest into a workspace is queries/load, which
// builds on this package. Nothing here knows about terminals or
// statistics; analysis/ builds on it.
package queries
