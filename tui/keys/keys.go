// Package keys declares the workbench's global key bindings, each with its
// help text, so the help line is generated from what is declared.
package keys

import "charm.land/bubbles/v2/key"

// Global are the bindings that work on every screen.
type Global struct {
	Quit    key.Binding
	Help    key.Binding
	Next    key.Binding
	Prev    key.Binding
	Screens key.Binding // 1–9, shown once in help
	Cancel  key.Binding
	Save    key.Binding // saves the scoring model from any screen
	// On the screens that show a table (common.Table): copy the
	// selected value or row with OSC 52, write the table as CSV.
	Copy, CopyRow, WriteCSV key.Binding
	// Mouse and Select are for the full help only: what the mouse does,
	// and how text is still selected while the workbench reads it.
	Mouse, Select key.Binding
}

// DefaultGlobal returns the global bindings.
func DefaultGlobal() Global {
	return Global{
		Quit:    key.NewBinding(key.WithKeys("q", "ctrl+c"), key.WithHelp("q", "quit")),
		Help:    key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "help")),
		Next:    key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "next screen")),
		Prev:    key.NewBinding(key.WithKeys("shift+tab"), key.WithHelp("shift+tab", "previous screen")),
		Screens: key.NewBinding(key.WithKeys("1", "2", "3", "4", "5", "6", "7", "8", "9"), key.WithHelp("1-9", "go to screen")),
		Cancel:  key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel a running query")),
		Save:    key.NewBinding(key.WithKeys("ctrl+s"), key.WithHelp("ctrl+s", "save the model")),
		Copy:    key.NewBinding(key.WithKeys("y"), key.WithHelp("y", "copy value")),
		CopyRow: key.NewBinding(key.WithKeys("Y"), key.WithHelp("Y", "copy row")),
		// w for write: e exports the model on the Scoring screen.
		WriteCSV: key.NewBinding(key.WithKeys("w"), key.WithHelp("w", "write CSV")),
		// No key press is named "mouse" or "shift+drag": these only
		// show in the help.
		Mouse:  key.NewBinding(key.WithKeys("mouse"), key.WithHelp("click/wheel", "tab, row, scroll")),
		Select: key.NewBinding(key.WithKeys("shift+drag"), key.WithHelp("shift+drag", "select text")),
	}
}

// Enabled keeps the bindings that work now, for the help line.
func Enabled(bs ...key.Binding) []key.Binding {
	out := bs[:0]
	for _, b := range bs {
		if b.Enabled() {
			out = append(out, b)
		}
	}
	return out
}

// Columns keeps the help columns that still hold a binding.
func Columns(cols ...[]key.Binding) [][]key.Binding {
	out := cols[:0]
	for _, c := range cols {
		if len(c) > 0 {
			out = append(out, c)
		}
	}
	return out
}
