// Package load is the writing half of leadlab's data layer: it turns a
// folder of canonical files or a manifest into a Plan (which file feeds
// which table, how columns and values map onto the canonical schema) and
// loads it into a queries.Workspace all or nothing, with every unusable
// value kept as a reject. Its SQL is kept as named blocks in sql/*.sql.
//
// It builds on package queries (the workspace, the schema, the settings
// and rejects it stores); queries never imports it.
package load
