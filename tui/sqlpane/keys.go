package sqlpane

import "charm.land/bubbles/v2/key"

// keyMap holds the screen's bindings. Running is ctrl+r or F5 because
// most terminals send ctrl+enter as a plain enter, which the box keeps
// for new lines; ctrl+enter still runs where the terminal tells it apart.
type keyMap struct {
	Edit, Leave, Run, Cancel, Prev, Next                 key.Binding
	Up, Down, Left, Right, PageUp, PageDown, Top, Bottom key.Binding
	Sort, Reverse                                        key.Binding
	// Newline is for the help only: the box itself inserts the line.
	Newline key.Binding
}

func defaultKeys() keyMap {
	return keyMap{
		// / filters the grid's rows, as on every table.
		Edit:     key.NewBinding(key.WithKeys("i"), key.WithHelp("i", "edit the query")),
		Sort:     key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "sort")),
		Reverse:  key.NewBinding(key.WithKeys("S"), key.WithHelp("S", "reverse sort")),
		Leave:    key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "leave the box")),
		Run:      key.NewBinding(key.WithKeys("ctrl+r", "f5", "ctrl+enter"), key.WithHelp("ctrl+r", "run")),
		Cancel:   key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel the query")),
		Prev:     key.NewBinding(key.WithKeys("ctrl+p"), key.WithHelp("ctrl+p/n", "history")),
		Next:     key.NewBinding(key.WithKeys("ctrl+n")),
		Up:       key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/↓", "rows")),
		Down:     key.NewBinding(key.WithKeys("down", "j")),
		Left:     key.NewBinding(key.WithKeys("left", "h"), key.WithHelp("←/→", "columns")),
		Right:    key.NewBinding(key.WithKeys("right", "l")),
		PageUp:   key.NewBinding(key.WithKeys("pgup"), key.WithHelp("pgup/pgdn", "page")),
		PageDown: key.NewBinding(key.WithKeys("pgdown")),
		Top:      key.NewBinding(key.WithKeys("g", "home"), key.WithHelp("g/G", "first/last row")),
		Bottom:   key.NewBinding(key.WithKeys("G", "end")),
		Newline:  key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "new line")),
	}
}
