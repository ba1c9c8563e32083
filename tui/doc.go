// Package tui is leadlab's Bubble Tea workbench: a root model with tabs,
// a status line and generated help, and one package per screen (data,
// funnel, actions, scoring, cutoff, leads, campaigns, sqlpane for SQL).
// Screens share styles (theme), key bindings (keys), the pane contract
// and the messages between screens (common), a job runner that runs
// every query off the UI loop (jobs) and the scoring model they all show
// (session). It does no SQL and no statistics: it shows what analysis
// computes.
package tui
