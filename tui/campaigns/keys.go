package campaigns

import (
	"charm.land/bubbles/v2/key"

	"github.com/leadlab/leadlab/tui/keys"
)

// keyMap holds the screen's bindings. refreshKeys enables only those that
// apply now, so key.Matches ignores the others and the help never lists a
// key that would do nothing.
type keyMap struct {
	Up, Down, PageUp, PageDown, Top, Bottom key.Binding
	// Move and Window stand for their pairs in the short help.
	Move, Window    key.Binding
	Longer, Shorter key.Binding
	Reload, Cancel  key.Binding
}

func newKeyMap() keyMap {
	return keyMap{
		Up:       key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "previous campaign")),
		Down:     key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "next campaign")),
		PageUp:   key.NewBinding(key.WithKeys("pgup"), key.WithHelp("pgup", "page up")),
		PageDown: key.NewBinding(key.WithKeys("pgdown"), key.WithHelp("pgdn", "page down")),
		Top:      key.NewBinding(key.WithKeys("g", "home"), key.WithHelp("g", "first campaign")),
		Bottom:   key.NewBinding(key.WithKeys("G", "end"), key.WithHelp("G", "last campaign")),
		Move:     key.NewBinding(key.WithKeys("up", "k", "down", "j"), key.WithHelp("↑/↓", "campaign")),
		Window:   key.NewBinding(key.WithKeys("+", "=", "-"), key.WithHelp("+/-", "window")),
		// = is + without shift, for keyboards where + needs it.
		Longer:  key.NewBinding(key.WithKeys("+", "="), key.WithHelp("+", "one day longer")),
		Shorter: key.NewBinding(key.WithKeys("-"), key.WithHelp("-", "one day shorter")),
		Reload:  key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "reload")),
		Cancel:  key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel query")),
	}
}

// refreshKeys enables the bindings that apply in the current state.
func (m *Model) refreshKeys() {
	k := &m.keys
	n := len(m.rows)
	page := m.pageRows()
	k.Up.SetEnabled(m.selected > 0)
	k.Down.SetEnabled(m.selected < n-1)
	k.Top.SetEnabled(m.selected > 0)
	k.Bottom.SetEnabled(m.selected < n-1)
	k.PageUp.SetEnabled(n > page && m.selected > 0)
	k.PageDown.SetEnabled(n > page && m.selected < n-1)
	k.Move.SetEnabled(n > 1)
	k.Longer.SetEnabled(m.days < maxDays)
	k.Shorter.SetEnabled(m.days > minDays)
	k.Window.SetEnabled(true)
	k.Window.SetHelp("+/-", "window ("+days(m.days)+")")
	running := m.job.Running()
	k.Cancel.SetEnabled(running)
	k.Reload.SetEnabled(!running)
	for _, b := range []*key.Binding{&m.search.Open, &m.sort.Next, &m.sort.Reverse} {
		b.SetEnabled(m.hasCampaigns())
	}
}

// ShortHelp implements common.Pane.
func (m *Model) ShortHelp() []key.Binding {
	if m.search.Editing() {
		return m.search.Help()
	}
	m.refreshKeys()
	k := m.keys
	return keys.Enabled(k.Cancel, k.Move, m.search.Open, m.sort.Next, k.Window, k.Reload)
}

// FullHelp implements common.Pane.
func (m *Model) FullHelp() [][]key.Binding {
	if m.search.Editing() {
		return [][]key.Binding{m.search.Help()}
	}
	m.refreshKeys()
	k := m.keys
	return keys.Columns(
		keys.Enabled(k.Up, k.Down, k.PageUp, k.PageDown, k.Top, k.Bottom),
		keys.Enabled(m.search.Open, m.sort.Next, m.sort.Reverse),
		keys.Enabled(k.Longer, k.Shorter, k.Reload, k.Cancel),
	)
}
