package tui

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/leadlab/leadlab/queries"
	"github.com/leadlab/leadlab/tui/common"
	"github.com/leadlab/leadlab/tui/jobs"
	"github.com/leadlab/leadlab/tui/session"
	"github.com/leadlab/leadlab/tui/theme"
	"github.com/leadlab/leadlab/tui/tuitest"
)

// elapsed is the one thing on screen that differs between runs: how long
// a query took.
var elapsed = regexp.MustCompile(`in [0-9.]+(ms|s|µs)\b`)

// TestEveryScreenGolden renders the whole workbench — tabs, the screen,
// status and help — on the embedded sample with each of the eight
// screens on view, at the smallest size it lays out (80×24), 120×40 and
// 200×60, colour stripped: what a person sees, kept under review (go test
// ./tui -update rewrites the files).
func TestEveryScreenGolden(t *testing.T) {
	if testing.Short() {
		t.Skip("loads the sample and tunes a model")
	}
	ctx := context.Background()
	ws := tuitest.Sample(t)
	c := &common.Common{Styles: theme.Default(), Jobs: jobs.New(ctx, ws), Session: &session.Store{}, Version: "test"}
	opt := queries.OutcomeOptions{}
	// The sample's data ends on 2026-06-29; a fixed clock keeps "today"
	// out of the views.
	now := func() time.Time { return time.Date(2026, 7, 1, 12, 0, 0, 0, time.UTC) }
	m := NewModel(c, "embedded sample (in memory)", Screens(c, "", opt, now)...)
	update := func(msg tea.Msg) tea.Cmd { _, cmd := m.Update(msg); return cmd }
	update(tea.WindowSizeMsg{Width: 120, Height: 40})
	tuitest.Run(update, m.Init())
	for i := range m.panes {
		tuitest.Run(update, m.show(i))
		for _, size := range [][2]int{{80, 24}, {120, 40}, {200, 60}} {
			update(tea.WindowSizeMsg{Width: size[0], Height: size[1]})
			view := ansi.Strip(m.View().Content)
			fits(t, view, size[0], size[1])
			// A duration changes the line's padding too: trailing blanks go.
			lines := strings.Split(elapsed.ReplaceAllString(view, "in …"), "\n")
			for k, l := range lines {
				lines[k] = strings.TrimRight(l, " ")
			}
			got := strings.Join(lines, "\n")
			tuitest.Golden(t, fmt.Sprintf("screen%d_%s_%dx%d", i+1, m.panes[i].Title(), size[0], size[1]), got)
		}
	}
}

// fits checks the workbench fills the terminal's height and no line is
// wider than it: nothing wraps or scrolls.
func fits(t *testing.T, view string, w, h int) {
	t.Helper()
	lines := strings.Split(view, "\n")
	if len(lines) != h {
		t.Errorf("%d lines, want %d", len(lines), h)
	}
	for i, l := range lines {
		if n := ansi.StringWidth(l); n > w {
			t.Errorf("line %d is %d cells wide, more than %d: %q", i, n, w, l)
		}
	}
}
