package tui

import "charm.land/bubbles/v2/key"

// keyMap declares every binding with its help text, so the help line is
// generated and never lies.
type keyMap struct {
	Quit key.Binding
	Help key.Binding
}

func defaultKeys() keyMap {
	return keyMap{
		Quit: key.NewBinding(key.WithKeys("q", "ctrl+c"), key.WithHelp("q", "quit")),
		Help: key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "help")),
	}
}

func (k keyMap) ShortHelp() []key.Binding  { return []key.Binding{k.Help, k.Quit} }
func (k keyMap) FullHelp() [][]key.Binding { return [][]key.Binding{{k.Help, k.Quit}} }
