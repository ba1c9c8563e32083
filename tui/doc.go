// Package tui is leadlab's Bubble Tea workbench: a root model with tabs,
// one package per screen (data, …), shared styles (theme), key bindings
// (keys) and a job runner (jobs) that runs every query off the UI loop.
// It does no SQL and no statistics: it shows what analysis computes.
package tui
