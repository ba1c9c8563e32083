// Package tui is leadlab's Bubble Tea workbench. For now it is a single
// Data screen over the data report; the workbench issue grows it into the
// tabbed panes of the product. It does no SQL and no statistics: it shows
// what analysis computed.
package tui
