// Package common holds what every pane of the workbench shares: styles,
// the job runner and the pane contract. There are no package globals; the
// root model builds one Common and hands it to each pane.
package common

import (
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
	// failed is each screen's standing failure (Fail), by title.
	failed map[string]error
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

// Eager is implemented by panes that start their queries with the
// workbench rather than when first shown: the Cutoff screen reads the
// scoring model that the Scoring and Leads screens wait for.
type Eager interface {
	Eager() bool
}

// Unsaved is implemented by panes that can hold changes not yet saved:
// quitting, loading data or opening a config asks first.
type Unsaved interface {
	Dirty() bool
}

// Statuser is implemented by panes that add a note of their own to the
// status line while they are on view ("" for none).
type Statuser interface {
	Status() string
}

// ConfigFile is implemented by the pane that keeps the scoring model:
// ConfigPath is its file, for the workbench to reopen next time; "" when
// it was never saved.
type ConfigFile interface {
	ConfigPath() string
}

// Prompter is implemented by panes that ask for something or answer with
// a message (a text field, a question, an error): the workbench draws the
// prompt on the lines above the status line, so it is on screen whatever
// the window's height, and the pane's view gets the rest.
type Prompter interface {
	Prompt() string
}

// Cursor is implemented by panes whose view can be taller than the
// window: CursorLine is the line of the view the selection is on, which
// the workbench keeps on screen as it scrolls; -1 for none.
type Cursor interface {
	CursorLine() int
}
