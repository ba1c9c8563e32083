package common

import (
	tea "charm.land/bubbletea/v2"

	"github.com/leadlab/leadlab/tui/session"
)

// The messages screens send one another, through the workbench, which
// hands every message it does not consume to every screen: a screen
// imports no other screen, only these.

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

// StartScreen asks the workbench to start the screen with this title
// (run its Init) if it has not started, without showing it: the Scoring
// screen completes factor names from the Actions table, which is
// computed only when that screen starts.
type StartScreen struct{ Title string }

// Ask is the command that asks the workbench for r.
func Ask(r ReplaceModel) tea.Cmd { return func() tea.Msg { return r } }

// Factors are the factors of the table just computed, with the points
// each would earn, for the Scoring screen to complete names from: the Actions screen
// announces them each time its table is computed.
type Factors struct {
	Names  []string
	Points []int
}

// AddRule asks the scoring model for a rule (a on the Actions screen): Factor as the table names
// it, worth Points; Kind (fit or pain) says which list it belongs in. A
// rule already in the model takes the new points.
type AddRule struct {
	Factor string
	Kind   string
	Points int
}

// Exclude asks the scoring model (x on the Actions screen) to drop any rule on Factor and to
// leave it out of what it suggests.
type Exclude struct {
	Factor string
}
