// Package table holds what the workbench's tables share, so that every
// table screen (Actions, Leads, Campaigns, the SQL grid) reads the same
// keys the same way: the text filter typed after /, the sort that s
// cycles, the natural order of ids and numbers, and the rows a table
// hands to the workbench to copy (y) and to write as CSV.
package table
