// Package common holds what every pane of the workbench shares: styles,
// the job runner and the pane contract. There are no package globals; the
// root model builds one Common and hands it to each pane.
package common

import (
	"context"
	"errors"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"

	"github.com/leadlab/leadlab/tui/jobs"
	"github.com/leadlab/leadlab/tui/session"
	"github.com/leadlab/leadlab/tui/theme"
)

// Common is the shared context of the panes.
type Common struct {
	Styles theme.Styles
	Jobs   *jobs.Runner
	// Session keeps the scoring model the Scoring, Cutoff and Leads
	// screens share and makes every change to it in order.
	Session *session.Store
	// Version is leadlab's version, recorded in the configs it exports.
	Version string
}

// Pane is one screen of the workbench. Update takes every message the
// root does not consume (window sizes arrive through SetSize, keys only
// when the pane is on screen); View renders exactly width × height.
type Pane interface {
	Init() tea.Cmd
	Update(tea.Msg) tea.Cmd
	View() string
	SetSize(width, height int)
	// Title names the tab.
	Title() string
	// Busy says a query of the pane is running, for the spinner.
	Busy() bool
	// ShortHelp and FullHelp list the pane's own bindings, enabled ones
	// only, for the help line.
	ShortHelp() []key.Binding
	FullHelp() [][]key.Binding
}

// Editing is implemented by panes that can take every key for a text
// field; while it reports true the root does not read 1–8, q or ?.
type Editing interface {
	Editing() bool
}

// Saver is the pane that keeps the scoring model: ctrl+s on any screen
// brings it on view and saves (asking for a file the first time).
type Saver interface {
	Save() tea.Cmd
}

// Announce is the command that tells every screen about a new session.
func Announce(ch session.Changed) tea.Cmd {
	return func() tea.Msg { return ch }
}

// Reloaded says the workspace holds new data: every screen starts again.
// Note says what was loaded, for the status line. LoadErr is set instead
// when a load failed but still cost the screens their derived results: a
// workspace open read-only is closed and reopened for a load (see
// queries.OpenReadOnly), and the in-memory results go with it; the data
// is as it was, and the Data screen shows why the load failed.
// Source names what was loaded (a folder or manifest) when the load
// succeeded, so that the status line names the data on view.
type Reloaded struct{ Note, LoadErr, Source string }

// ReplaceModel is asked for by a screen about to replace the scoring
// model (loading data, opening a config): the workbench delivers Then to
// every screen at once when the model has nothing unsaved, and otherwise
// asks first on the status line, as it does before quitting. What says
// what Then does, as the question's verb: "loads gen", "opens m.yaml".
type ReplaceModel struct {
	What string
	Then tea.Msg
}

// Ask is the command that asks the workbench for r.
func Ask(r ReplaceModel) tea.Cmd { return func() tea.Msg { return r } }

// ErrText is an error in the words the workbench shows: a job stopped
// with esc is "cancelled", not Go's "context canceled".
func ErrText(err error) string {
	if errors.Is(err, context.Canceled) {
		return "cancelled"
	}
	return err.Error()
}

// Restyled says msg changed the workbench's palette (the terminal told its
// background or its colour profile): a screen whose bubbles keep styles of
// their own, such as a text field, gives them the new ones.
func Restyled(msg tea.Msg) bool {
	switch msg.(type) {
	case tea.BackgroundColorMsg, tea.ColorProfileMsg:
		return true
	}
	return false
}

// Spin advances a screen's spinner on its tick while the screen has a
// query running, and lets the animation stop once none does.
func Spin(s *spinner.Model, running bool, msg spinner.TickMsg) tea.Cmd {
	if !running {
		return nil
	}
	var cmd tea.Cmd
	*s, cmd = s.Update(msg)
	return cmd
}
