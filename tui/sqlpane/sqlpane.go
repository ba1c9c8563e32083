// Package sqlpane is the SQL screen: a box for ad-hoc queries over the
// workspace, for everything the other screens do not show, with a results
// grid that scrolls both ways, a history of the queries run, and cancel.
// It only reads: queries.Adhoc refuses anything that could change the
// workspace.
package sqlpane

import (
	"context"
	"errors"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/spinner"
	"charm.land/bubbles/v2/textarea"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/leadlab/leadlab/queries"
	"github.com/leadlab/leadlab/tui/common"
	"github.com/leadlab/leadlab/tui/jobs"
	"github.com/leadlab/leadlab/tui/table"
	"github.com/leadlab/leadlab/tui/theme"
)

// maxRows is the most rows a query shows; the status line says when there
// are more, and a query with LIMIT/OFFSET reaches the rest.
const maxRows = 1000

// Model is the SQL screen.
type Model struct {
	c      *common.Common
	keys   keyMap
	editor textarea.Model
	spin   spinner.Model
	job    jobs.Latest[queries.AdhocResult]
	hist   history
	grid   grid
	search table.Search // filters the grid's rows, typed after /
	// cancelled says the last run was stopped, so the grid is the run
	// before; a failed run is the screen's standing failure
	// (common.Fail), shown instead of a grid.
	cancelled bool
	// hint answers a key that had nothing to do, such as ctrl+r on an
	// empty box, until the next key.
	hint string

	width, height int
}

// New returns the SQL screen, with the box not yet focused so that the
// number keys still switch screens.
func New(c *common.Common) *Model {
	ed := textarea.New()
	// Not an example query: a placeholder that reads like one looks as
	// if it could be run.
	ed.Placeholder = "(empty: type a query here, then ctrl+r runs it)"
	ed.ShowLineNumbers = false
	ed.SetStyles(boxStyles(c.Styles))
	m := &Model{c: c, keys: defaultKeys(), editor: ed, job: jobs.Latest[queries.AdhocResult]{Key: "sql"}, search: table.NewSearch("text in any cell", c.Styles.Input),
		spin: spinner.New(spinner.WithSpinner(spinner.Dot))}
	m.SetSize(80, 24) // until the workbench gives the real size
	return m
}

// boxStyles take the box's look from the theme. Focus shows in the
// prompt's bar, in the accent colour, and in the text, muted while the
// keys move the grid instead.
func boxStyles(s theme.Styles) textarea.Styles {
	st := textarea.DefaultDarkStyles() // for the cursor's settings
	plain := lipgloss.NewStyle()
	st.Focused = textarea.StyleState{Base: plain, Text: plain, CursorLine: plain, EndOfBuffer: plain,
		Placeholder: s.Muted, Prompt: s.Heading, Selection: s.Selected}
	st.Blurred = textarea.StyleState{Base: plain, Text: s.Muted, CursorLine: s.Muted, EndOfBuffer: plain,
		Placeholder: s.Muted, Prompt: s.Muted, Selection: s.Selected}
	return st
}

// Title implements common.Pane.
func (m *Model) Title() string { return "SQL" }

// Busy implements common.Pane.
func (m *Model) Busy() bool { return m.job.Running() }

// Editing implements common.Editing: while the box has focus every key is
// text, and esc leaves it.
func (m *Model) Editing() bool { return m.editor.Focused() || m.search.Editing() }

// Init implements common.Pane; the screen runs nothing until asked.
func (m *Model) Init() tea.Cmd { return nil }

// SetSize implements common.Pane.
func (m *Model) SetSize(w, h int) {
	m.width, m.height = w, h
	m.editor.SetWidth(w)
	m.editor.SetHeight(m.editorHeight())
	m.grid.moveTo(m.grid.cur, m.gridRows())
}

// SetQuery puts q in the box, as a caller (or a test) that opens the
// screen on a query would.
func (m *Model) SetQuery(q string) { m.editor.SetValue(q) }

// run starts the query in the box, cancelling one still running.
func (m *Model) run() tea.Cmd {
	q := strings.TrimSpace(m.editor.Value())
	if q == "" {
		m.hint = "Nothing to run: the box is empty. Type a query such as SELECT * FROM leads LIMIT 10, then ctrl+r."
		if !m.editor.Focused() {
			m.hint = "Nothing to run: the box is empty. Press i, type a query such as SELECT * FROM leads LIMIT 10, then ctrl+r."
		}
		return nil
	}
	m.hist.add(q)
	cmd := m.job.Start(m.c.Jobs, func(ctx context.Context, ws *queries.Workspace) (queries.AdhocResult, error) {
		return queries.Adhoc(ctx, ws, q, maxRows)
	})
	return tea.Batch(cmd, m.spin.Tick)
}

// finish takes the latest run's outcome; a failure is reported.
func (m *Model) finish(msg jobs.Result[queries.AdhocResult]) tea.Cmd {
	m.cancelled = false
	m.c.Recover(m.Title())
	switch {
	case errors.Is(msg.Err, context.Canceled):
		m.cancelled = true
	case msg.Err != nil:
		// The grid would be the previous query's, under an error about
		// this one: it goes.
		m.grid = grid{}
		return m.c.Fail(m.Title(), msg.Err)
	default:
		// A new result starts unfiltered, in the query's order.
		r := msg.Value
		m.grid = newGrid(&r)
		m.search.Reset()
	}
	return nil
}

// Update implements common.Pane.
func (m *Model) Update(msg tea.Msg) tea.Cmd {
	if common.Restyled(msg) {
		m.editor.SetStyles(boxStyles(m.c.Styles))
		m.search.SetStyles(m.c.Styles.Input)
	}
	switch msg := msg.(type) {
	case jobs.Result[queries.AdhocResult]:
		if m.job.Accept(msg) {
			return m.finish(msg)
		}
		return nil
	case spinner.TickMsg:
		return common.Spin(&m.spin, m.job.Running(), msg)
	case tea.KeyPressMsg:
		return m.key(msg)
	}
	if m.search.Editing() {
		return m.search.Update(msg)
	}
	// Pastes and the cursor's blinking are the box's.
	if m.editor.Focused() {
		var cmd tea.Cmd
		m.editor, cmd = m.editor.Update(msg)
		return cmd
	}
	return nil
}

func (m *Model) key(msg tea.KeyPressMsg) tea.Cmd {
	m.hint = ""
	k := m.keys
	if m.search.Editing() {
		cmd, changed := m.search.Key(msg)
		if changed {
			m.grid.arrange(m.search.Match)
			m.grid.moveTo(0, m.gridRows())
		}
		return cmd
	}
	switch {
	case m.job.Running() && key.Matches(msg, k.Cancel):
		m.job.Cancel(m.c.Jobs)
		return nil
	case key.Matches(msg, k.Run):
		return m.run()
	case key.Matches(msg, k.Prev):
		m.recall(-1)
		return nil
	case key.Matches(msg, k.Next):
		m.recall(1)
		return nil
	}
	if m.editor.Focused() {
		return m.editKey(msg)
	}
	rows, page := m.gridRows(), max(m.gridRows()-1, 1)
	switch {
	case key.Matches(msg, k.Edit):
		return m.editor.Focus()
	case key.Matches(msg, k.Up):
		m.grid.moveTo(m.grid.cur-1, rows)
	case key.Matches(msg, k.Down):
		m.grid.moveTo(m.grid.cur+1, rows)
	case key.Matches(msg, k.PageUp):
		m.grid.moveTo(m.grid.cur-page, rows)
	case key.Matches(msg, k.PageDown):
		m.grid.moveTo(m.grid.cur+page, rows)
	case key.Matches(msg, k.Top):
		m.grid.moveTo(0, rows)
	case key.Matches(msg, k.Bottom):
		m.grid.moveTo(m.grid.rowCount()-1, rows)
	case key.Matches(msg, k.Left):
		m.grid.scrollCols(-1, m.width, rows)
	case key.Matches(msg, k.Right):
		m.grid.scrollCols(1, m.width, rows)
	case m.grid.res != nil && key.Matches(msg, m.search.Open):
		return m.search.Start()
	case m.grid.colCount() > 0 && key.Matches(msg, k.Sort):
		m.sortBy(m.grid.sortCol + 1)
	case m.grid.sortCol >= 0 && key.Matches(msg, k.Reverse):
		m.grid.sortDesc = !m.grid.sortDesc
		m.grid.arrange(m.search.Match)
	}
	return nil
}

// sortBy sorts the grid by column col, ascending, or in the query's
// order once s has been through every column; the cursor stays on its
// row.
func (m *Model) sortBy(col int) {
	g := &m.grid
	if col >= g.colCount() {
		col = -1
	}
	sel := -1
	if g.cur < g.rowCount() {
		sel = g.order[g.cur]
	}
	g.sortCol, g.sortDesc = col, false
	g.arrange(m.search.Match)
	g.moveTo(max(slices.Index(g.order, sel), 0), m.gridRows())
}

// editKey handles a key while the box has focus: ↑ on its first line and
// ↓ on its last step through the history, as in a shell.
func (m *Model) editKey(msg tea.KeyPressMsg) tea.Cmd {
	switch {
	case key.Matches(msg, m.keys.Leave):
		m.editor.Blur()
		return nil
	case msg.String() == "up" && m.onFirstLine() && len(m.hist.entries) > 0:
		m.recall(-1)
		return nil
	case msg.String() == "down" && m.onLastLine() && m.hist.recalling():
		m.recall(1)
		return nil
	}
	var cmd tea.Cmd
	m.editor, cmd = m.editor.Update(msg)
	return cmd
}

func (m *Model) onFirstLine() bool {
	return m.editor.Line() == 0 && m.editor.LineInfo().RowOffset == 0
}

func (m *Model) onLastLine() bool {
	li := m.editor.LineInfo()
	return m.editor.Line() == m.editor.LineCount()-1 && li.RowOffset == li.Height-1
}

// recall puts the previous (step < 0) or next query of the history in
// the box, the cursor at its end.
func (m *Model) recall(step int) {
	var q string
	var ok bool
	if step < 0 {
		q, ok = m.hist.prev(m.editor.Value())
	} else {
		q, ok = m.hist.next()
	}
	if ok {
		m.editor.SetValue(q)
	}
}

// ShortHelp implements common.Pane: the bindings that do something now.
func (m *Model) ShortHelp() []key.Binding {
	k := m.keys
	var out []key.Binding
	if m.job.Running() {
		out = append(out, k.Cancel)
	}
	hasQuery := strings.TrimSpace(m.editor.Value()) != ""
	hasHistory := len(m.hist.entries) > 0
	if m.search.Editing() {
		return append(out, m.search.Help()...)
	}
	if m.editor.Focused() {
		out = appendIf(out, hasQuery, k.Run)
		out = appendIf(out, hasHistory, k.Prev)
		return appendIf(out, !m.job.Running(), k.Leave)
	}
	out = append(out, k.Edit)
	out = appendIf(out, hasQuery, k.Run)
	out = appendIf(out, m.grid.rowCount() > 0, k.Up)
	out = appendIf(out, m.grid.colCount() > 1, k.Left)
	out = appendIf(out, m.grid.res != nil, m.search.Open)
	out = appendIf(out, m.grid.colCount() > 0, k.Sort)
	return appendIf(out, hasHistory, k.Prev)
}

// FullHelp implements common.Pane.
func (m *Model) FullHelp() [][]key.Binding {
	k := m.keys
	if m.search.Editing() {
		return [][]key.Binding{m.ShortHelp()}
	}
	if m.editor.Focused() {
		return [][]key.Binding{m.ShortHelp(), {k.Newline}}
	}
	more := appendIf(nil, m.grid.rowCount() > 0, k.PageUp, k.Top)
	more = appendIf(more, m.grid.sortCol >= 0, k.Reverse)
	return [][]key.Binding{m.ShortHelp(), more}
}

func appendIf(bs []key.Binding, ok bool, more ...key.Binding) []key.Binding {
	if !ok {
		return bs
	}
	return append(bs, more...)
}
