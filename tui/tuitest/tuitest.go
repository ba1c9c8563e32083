// Package tuitest holds what the workbench's tests share: the embedded
// sample loaded into a workspace, and running a screen's commands the way
// the program would.
package tuitest

import (
	"context"
	"strings"
	"testing"
	"time"

	"charm.land/bubbles/v2/cursor"
	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/leadlab/leadlab/queries"
	"github.com/leadlab/leadlab/queries/load"
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
	plan, _, err := load.PlanDir(dir)
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := load.Load(context.Background(), ws, plan); err != nil {
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

// Settle runs cmd as the program would, feeding each message back
// through update, but does not feed back a cursor's blink or a spinner's
// tick: a text field's blinking cursor ticks forever, which Run would
// follow. A command still running after settleWait is dropped, as a
// safety net; real work (a sort of 20,000 leads under -race) finishes
// well within it.
func Settle(update func(tea.Msg) tea.Cmd, cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	ch := make(chan tea.Msg, 1)
	go func() { ch <- cmd() }()
	select {
	case msg := <-ch:
		switch msg := msg.(type) {
		case tea.BatchMsg:
			for _, c := range msg {
				Settle(update, c)
			}
		case spinner.TickMsg, cursor.BlinkMsg, nil:
		default:
			Settle(update, update(msg))
		}
	case <-time.After(settleWait):
	}
}

// settleWait is how long Settle waits for one command.
const settleWait = 5 * time.Second

// Golden compares got with testdata/<test>/<name>.golden, in a subtest
// called name, through x/exp/golden: go test -update rewrites the file.
// A test that already runs each view in a subtest of the file's name
// calls golden.RequireEqual itself.
func Golden(t *testing.T, name, got string) {
	t.Helper()
	t.Run(name, func(t *testing.T) { golden.RequireEqual(t, got) })
}

// CheckSize asserts that a view is exactly w × h cells, as the root model
// lays screens out.
func CheckSize(tb testing.TB, view string, w, h int) {
	tb.Helper()
	lines := strings.Split(view, "\n")
	if len(lines) != h {
		tb.Errorf("%d lines, want %d", len(lines), h)
	}
	for i, l := range lines {
		if ansi.StringWidth(l) != w {
			tb.Errorf("line %d is %d cells wide, want %d: %q", i, ansi.StringWidth(l), w, l)
		}
	}
}

// Key is the key press a test names: "up", "down", "pgup", "pgdown",
// "home", "end", "enter", "esc", "backspace", "ctrl+" and a letter, or
// the character itself.
func Key(name string) tea.KeyPressMsg {
	special := map[string]rune{"up": tea.KeyUp, "down": tea.KeyDown, "pgup": tea.KeyPgUp, "pgdown": tea.KeyPgDown,
		"home": tea.KeyHome, "end": tea.KeyEnd, "enter": tea.KeyEnter, "esc": tea.KeyEscape, "backspace": tea.KeyBackspace}
	if code, ok := special[name]; ok {
		return tea.KeyPressMsg{Code: code}
	}
	if letter, ok := strings.CutPrefix(name, "ctrl+"); ok && len(letter) == 1 {
		return tea.KeyPressMsg{Code: rune(letter[0]), Mod: tea.ModCtrl}
	}
	r := []rune(name)[0]
	return tea.KeyPressMsg{Code: r, Text: name}
}
