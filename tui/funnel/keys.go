package funnel

import (
	"charm.land/bubbles/v2/key"

	"github.com/leadlab/leadlab/tui/keys"
)

// keyMap holds the screen's bindings. refreshKeys enables only those that
// apply now, so key.Matches ignores the others and the help never lists
// a key that would do nothing.
type keyMap struct {
	Up, Down key.Binding
	// Move stands for Up and Down in the short help.
	Move                           key.Binding
	Details                        key.Binding
	Tier, Industry, Region, Cohort key.Binding
	Clear, Reload, Cancel          key.Binding
	Apply, Discard                 key.Binding // while a filter is typed
}

func newKeyMap() keyMap {
	return keyMap{
		Up:       key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "previous stage")),
		Down:     key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "next stage")),
		Move:     key.NewBinding(key.WithKeys("up", "k", "down", "j"), key.WithHelp("↑/↓", "stage")),
		Details:  key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "details")),
		Tier:     key.NewBinding(key.WithKeys("t"), key.WithHelp("t", "tier")),
		Industry: key.NewBinding(key.WithKeys("i"), key.WithHelp("i", "industry")),
		Region:   key.NewBinding(key.WithKeys("g"), key.WithHelp("g", "region")),
		Cohort:   key.NewBinding(key.WithKeys("c"), key.WithHelp("c", "cohort")),
		Clear:    key.NewBinding(key.WithKeys("x"), key.WithHelp("x", "clear filters")),
		Reload:   key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "reload")),
		Cancel:   key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel query")),
		Apply:    key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "apply")),
		Discard:  key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")),
	}
}

// refreshKeys enables the bindings that apply in the current state.
func (m *Model) refreshKeys() {
	k := &m.keys
	stages := m.hasStages()
	running := m.job.Running()
	k.Up.SetEnabled(stages && m.selected > 0)
	k.Down.SetEnabled(stages && m.selected < len(m.report.Stages)-1)
	k.Move.SetEnabled(stages)
	k.Details.SetEnabled(stages)
	// With the detail box open Esc closes it, as Enter does; a running
	// query is cancelled once back on the funnel.
	if m.detail {
		k.Details.SetKeys("enter", "esc")
		k.Details.SetHelp("enter/esc", "close details")
	} else {
		k.Details.SetKeys("enter")
		k.Details.SetHelp("enter", "details")
	}
	k.Cancel.SetEnabled(running && !m.detail)
	k.Clear.SetEnabled(filtered(m.filter))
	k.Reload.SetEnabled(!running)
}

// ShortHelp implements common.Pane.
func (m *Model) ShortHelp() []key.Binding {
	if m.Editing() {
		return []key.Binding{m.keys.Apply, m.keys.Discard}
	}
	m.refreshKeys()
	k := m.keys
	bs := []key.Binding{k.Cancel, k.Move, k.Details, k.Tier, k.Industry, k.Region, k.Cohort, k.Clear}
	if m.report == nil {
		// Before any result, reloading is the way out of a failure.
		bs = append(bs, k.Reload)
	}
	return keys.Enabled(bs...)
}

// FullHelp implements common.Pane.
func (m *Model) FullHelp() [][]key.Binding {
	if m.Editing() {
		return [][]key.Binding{m.ShortHelp()}
	}
	m.refreshKeys()
	k := m.keys
	return keys.Columns(
		keys.Enabled(k.Up, k.Down, k.Details),
		keys.Enabled(k.Tier, k.Industry, k.Region, k.Cohort, k.Clear),
		keys.Enabled(k.Reload, k.Cancel),
	)
}
