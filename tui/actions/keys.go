package actions

import (
	"fmt"
	"slices"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// keyMap holds the screen's bindings. refreshKeys enables only those that
// apply to the state and the selected row, so key.Matches ignores the
// others and the help never offers a key that would do nothing.
type keyMap struct {
	Up, Down, PageUp, PageDown, Home, End key.Binding
	// Move stands for the movement keys in the short help.
	Move key.Binding

	Sort, Reverse, Kind, Muted, View key.Binding
	Add, Exclude, Reload, Cancel     key.Binding
}

func newKeyMap() keyMap {
	return keyMap{
		Up:       key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "up")),
		Down:     key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "down")),
		PageUp:   key.NewBinding(key.WithKeys("pgup"), key.WithHelp("pgup", "page up")),
		PageDown: key.NewBinding(key.WithKeys("pgdown"), key.WithHelp("pgdn", "page down")),
		Home:     key.NewBinding(key.WithKeys("g", "home"), key.WithHelp("g", "first")),
		End:      key.NewBinding(key.WithKeys("G", "end"), key.WithHelp("G", "last")),
		Move:     key.NewBinding(key.WithKeys("up", "k", "down", "j"), key.WithHelp("↑/↓", "move")),
		Sort:     key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "sort")),
		Reverse:  key.NewBinding(key.WithKeys("S"), key.WithHelp("S", "reverse sort")),
		Kind:     key.NewBinding(key.WithKeys("f"), key.WithHelp("f", "kind")),
		Muted:    key.NewBinding(key.WithKeys("v"), key.WithHelp("v", "hide rare/vanity")),
		View:     key.NewBinding(key.WithKeys("m"), key.WithHelp("m", "multivariate")),
		Add:      key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "add to model")),
		Exclude:  key.NewBinding(key.WithKeys("x"), key.WithHelp("x", "exclude")),
		Reload:   key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "re-run")),
		Cancel:   key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel query")),
	}
}

// refreshKeys enables the bindings that apply now and words their help
// for the state: what f switches to, what v does, how many points a adds.
func (m *Model) refreshKeys() {
	k := &m.keys
	have := m.report != nil
	table := have && m.mode == univariate
	n := len(m.rows)
	if m.mode == multivariate {
		n = m.modelRows()
	}
	for _, b := range []*key.Binding{&k.Up, &k.Down, &k.PageUp, &k.PageDown, &k.Home, &k.End, &k.Move} {
		b.SetEnabled(have && n > 0)
	}
	for _, b := range []*key.Binding{&k.Sort, &k.Reverse, &k.Kind, &m.search.Open, &k.Muted} {
		b.SetEnabled(table)
	}
	switch nextKind(m.filter.kind) {
	case "fit":
		k.Kind.SetHelp("f", "fit only")
	case "pain":
		k.Kind.SetHelp("f", "pain only")
	default:
		k.Kind.SetHelp("f", "both kinds")
	}
	if m.filter.hideMuted {
		k.Muted.SetHelp("v", "show rare/vanity")
	} else {
		k.Muted.SetHelp("v", "hide rare/vanity")
	}
	k.View.SetEnabled(have)
	if m.mode == multivariate {
		k.View.SetHelp("m", "univariate table")
	} else {
		k.View.SetHelp("m", "multivariate")
	}
	f, ok := m.selected()
	k.Add.SetEnabled(ok && m.cannotAdd(f) == "")
	if ok {
		k.Add.SetHelp("a", fmt.Sprintf("add (%d pts)", f.SuggestedPoints))
	}
	k.Exclude.SetEnabled(ok && !m.excluded[f.Factor])
	k.Cancel.SetEnabled(m.job.Running())
}

// ShortHelp implements common.Pane.
func (m *Model) ShortHelp() []key.Binding {
	if m.search.Editing() {
		return m.search.Help()
	}
	m.refreshKeys()
	k := m.keys
	// The workbench adds its own keys after these on one line: the rest
	// are in the full help (?).
	return []key.Binding{k.Cancel, k.Move, k.Sort, m.search.Open, k.Add, k.Exclude, k.View}
}

// FullHelp implements common.Pane.
func (m *Model) FullHelp() [][]key.Binding {
	if m.search.Editing() {
		return [][]key.Binding{m.ShortHelp()}
	}
	m.refreshKeys()
	k := m.keys
	return [][]key.Binding{
		{k.Up, k.Down, k.PageUp, k.PageDown, k.Home, k.End},
		{k.Sort, k.Reverse, k.Kind, m.search.Open, k.Muted},
		{k.View, k.Add, k.Exclude},
		{k.Reload, k.Cancel},
	}
}

func (m *Model) key(msg tea.KeyPressMsg) tea.Cmd {
	if m.search.Editing() {
		return m.filterKey(msg)
	}
	m.refreshKeys()
	k := m.keys
	page := max(m.pageRows()-1, 1)
	switch {
	case key.Matches(msg, k.Cancel):
		m.job.Cancel(m.c.Jobs)
		m.status = "cancelling…"
	case key.Matches(msg, k.Reload):
		m.status = ""
		return m.load()
	case key.Matches(msg, k.Up):
		m.move(-1)
	case key.Matches(msg, k.Down):
		m.move(1)
	case key.Matches(msg, k.PageUp):
		m.move(-page)
	case key.Matches(msg, k.PageDown):
		m.move(page)
	case key.Matches(msg, k.Home):
		m.move(-m.total())
	case key.Matches(msg, k.End):
		m.move(m.total())
	case key.Matches(msg, k.Sort):
		m.sortBy = (m.sortBy + 1) % sortColumns
		m.desc = m.sortBy.highFirst()
		m.refilter()
	case key.Matches(msg, k.Reverse):
		m.desc = !m.desc
		m.refilter()
	case key.Matches(msg, k.Kind):
		m.filter.kind = nextKind(m.filter.kind)
		m.refilter()
	case key.Matches(msg, k.Muted):
		m.filter.hideMuted = !m.filter.hideMuted
		m.refilter()
	case key.Matches(msg, m.search.Open):
		return m.search.Start()
	case key.Matches(msg, k.View):
		m.mode = 1 - m.mode
		m.move(0)
	case key.Matches(msg, k.Add):
		return m.add()
	case key.Matches(msg, k.Exclude):
		return m.exclude()
	case slices.Contains(k.Add.Keys(), msg.String()):
		// a where it cannot add: the help line no longer offers it, and
		// the status says why.
		return m.add()
	}
	return nil
}

// filterKey types into the text filter, which applies as it is typed:
// Enter keeps it, Esc clears it.
func (m *Model) filterKey(msg tea.KeyPressMsg) tea.Cmd {
	cmd, changed := m.search.Key(msg)
	if changed {
		m.filter.text = m.search.Text()
		m.refilter()
	}
	return cmd
}

// total is the number of rows in the view on screen.
func (m *Model) total() int {
	if m.mode == multivariate {
		return m.modelRows()
	}
	return len(m.rows)
}

func (m *Model) move(d int) {
	w := &m.table
	if m.mode == multivariate {
		w = &m.model
	}
	w.cursor += d
	w.fit(m.total(), m.pageRows())
}
