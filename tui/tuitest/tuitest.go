// Package tuitest holds what the workbench's tests share: the embedded
// sample loaded into a workspace, and running a screen's commands the way
// the program would.
package tuitest

import (
	"context"
	"testing"

	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"

	"github.com/leadlab/leadlab/queries"
	sampledata "github.com/leadlab/leadlab/sample-data"
)

// Sample loads the embedded sample into an in-memory workspace, closed
// when the test ends.
func Sample(tb testing.TB) *queries.Workspace {
	tb.Helper()
	dir := tb.TempDir()
	if err := sampledata.Extract(dir); err != nil {
		tb.Fatal(err)
	}
	ws, err := queries.Open(context.Background(), "")
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { ws.Close() })
	plan, _, err := queries.PlanDir(dir)
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := queries.Load(context.Background(), ws, plan); err != nil {
		tb.Fatal(err)
	}
	return ws
}

// Run executes cmd and its batches as the program would, feeding each
// message back through update; spinner ticks are dropped, as they would
// only schedule more ticks.
func Run(update func(tea.Msg) tea.Cmd, cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	switch msg := cmd().(type) {
	case tea.BatchMsg:
		for _, c := range msg {
			Run(update, c)
		}
	case spinner.TickMsg, nil:
	default:
		Run(update, update(msg))
	}
}
