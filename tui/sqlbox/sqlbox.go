// Package sqlbox is the SQL screen: an ad-hoc query box over the
// workspace's tables for everything the other screens do not show, with a
// scrollable results grid, query history and cancel. It only reads: the
// data layer refuses anything that would change the workspace.
package sqlbox

import (
	"context"
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/spinner"
	"charm.land/bubbles/v2/textarea"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/leadlab/leadlab/analysis/words"
	"github.com/leadlab/leadlab/queries"
	"github.com/leadlab/leadlab/tui/common"
	"github.com/leadlab/leadlab/tui/jobs"
)

// Layout and limits.
const (
	editorHeight = 4
	maxRows      = 1000 // rows fetched; the grid says when there are more
	maxColWidth  = 30
	historySize  = 50
)

// Model is the SQL screen.
type Model struct {
	c       *common.Common
	editor  textarea.Model
	job     jobs.Latest
	spin    spinner.Model
	result  *queries.ReadResult
	ran     string // the query of the result on screen
	err     error
	history []string
	hpos    int // position while recalling history; len(history) when not
	row     int // first row on screen
	col     int // first column on screen
	keys    keyMap

	width, height int
}

type keyMap struct {
	Run, Edit, Leave, Up, Down, Left, Right, PageUp, PageDown, Prev, Next, Cancel key.Binding
}

// New returns the SQL screen.
func New(c *common.Common) *Model {
	ed := textarea.New()
	ed.Placeholder = "SELECT event, count(*) AS n FROM events GROUP BY event ORDER BY n DESC"
	ed.ShowLineNumbers = false
	ed.SetHeight(editorHeight)
	m := &Model{c: c, editor: ed, job: jobs.Latest{Key: "sql"}, spin: spinner.New(spinner.WithSpinner(spinner.Dot)), keys: keyMap{
		Run:      key.NewBinding(key.WithKeys("ctrl+r", "f5"), key.WithHelp("ctrl+r", "run")),
		Edit:     key.NewBinding(key.WithKeys("i", "/"), key.WithHelp("i", "edit the query")),
		Leave:    key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "leave the editor")),
		Up:       key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/↓ ←/→", "scroll")),
		Down:     key.NewBinding(key.WithKeys("down", "j")),
		Left:     key.NewBinding(key.WithKeys("left", "h")),
		Right:    key.NewBinding(key.WithKeys("right", "l")),
		PageUp:   key.NewBinding(key.WithKeys("pgup")),
		PageDown: key.NewBinding(key.WithKeys("pgdown")),
		Prev:     key.NewBinding(key.WithKeys("ctrl+p"), key.WithHelp("ctrl+p/n", "history")),
		Next:     key.NewBinding(key.WithKeys("ctrl+n")),
		Cancel:   key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel the query")),
	}}
	return m
}

// Title implements common.Pane.
func (m *Model) Title() string { return "SQL" }

// Busy implements common.Pane.
func (m *Model) Busy() bool { return m.job.Running() }

// Editing implements common.Editing: the editor takes every key.
func (m *Model) Editing() bool { return m.editor.Focused() }

// SetSize implements common.Pane.
func (m *Model) SetSize(w, h int) {
	m.width, m.height = w, h
	m.editor.SetWidth(max(w, 10))
}

// Init implements common.Pane. The editor is not focused at first, so
// the number keys still switch screens; i starts editing.
func (m *Model) Init() tea.Cmd { return nil }

// ShortHelp implements common.Pane.
func (m *Model) ShortHelp() []key.Binding {
	switch {
	case m.job.Running():
		return []key.Binding{m.keys.Cancel}
	case m.editor.Focused():
		return []key.Binding{m.keys.Run, m.keys.Prev, m.keys.Leave}
	}
	return []key.Binding{m.keys.Run, m.keys.Edit, m.keys.Up, m.keys.Prev}
}

// FullHelp implements common.Pane.
func (m *Model) FullHelp() [][]key.Binding { return [][]key.Binding{m.ShortHelp()} }

// run starts the query in the editor.
func (m *Model) run() tea.Cmd {
	q := strings.TrimSpace(m.editor.Value())
	if q == "" {
		return nil
	}
	if len(m.history) == 0 || m.history[len(m.history)-1] != q {
		m.history = append(m.history, q)
		if len(m.history) > historySize {
			m.history = m.history[1:]
		}
	}
	m.hpos = len(m.history)
	m.err = nil
	run := m.job.Start(m.c.Jobs, func(ctx context.Context, ws *queries.Workspace) (any, error) {
		r, err := queries.ReadOnly(ctx, ws, q, maxRows)
		return ranQuery{q, r}, err
	})
	return tea.Batch(run, m.spin.Tick)
}

// ranQuery is a job's value: the result and the query that produced it.
type ranQuery struct {
	query  string
	result queries.ReadResult
}

// recall moves through the history by step.
func (m *Model) recall(step int) {
	if len(m.history) == 0 {
		return
	}
	m.hpos = min(max(m.hpos+step, 0), len(m.history))
	if m.hpos == len(m.history) {
		m.editor.SetValue("")
		return
	}
	m.editor.SetValue(m.history[m.hpos])
}

// Update implements common.Pane.
func (m *Model) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case jobs.Done:
		if m.job.Accept(msg) {
			m.err = msg.Err
			if msg.Err == nil {
				r := msg.Value.(ranQuery)
				m.result, m.ran, m.row, m.col = &r.result, r.query, 0, 0
			}
		}
		return nil
	case spinner.TickMsg:
		if m.job.Running() {
			var cmd tea.Cmd
			m.spin, cmd = m.spin.Update(msg)
			return cmd
		}
		return nil
	case tea.KeyPressMsg:
		return m.key(msg)
	}
	if m.editor.Focused() {
		var cmd tea.Cmd
		m.editor, cmd = m.editor.Update(msg)
		return cmd
	}
	return nil
}

func (m *Model) key(msg tea.KeyPressMsg) tea.Cmd {
	k := m.keys
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
		if key.Matches(msg, k.Leave) {
			m.editor.Blur()
			return nil
		}
		var cmd tea.Cmd
		m.editor, cmd = m.editor.Update(msg)
		return cmd
	}
	rows := 0
	if m.result != nil {
		rows = len(m.result.Rows)
	}
	page := max(m.gridHeight()-1, 1)
	switch {
	case key.Matches(msg, k.Edit):
		return m.editor.Focus()
	case key.Matches(msg, k.Up):
		m.row--
	case key.Matches(msg, k.Down):
		m.row++
	case key.Matches(msg, k.PageUp):
		m.row -= page
	case key.Matches(msg, k.PageDown):
		m.row += page
	case key.Matches(msg, k.Left):
		m.col--
	case key.Matches(msg, k.Right):
		m.col++
	}
	m.row = max(min(m.row, rows-page), 0)
	if m.result != nil {
		m.col = max(min(m.col, len(m.result.Columns)-1), 0)
	}
	return nil
}

// gridHeight is the rows the grid shows: the pane less the editor, a
// blank line, the status line and the grid's header.
func (m *Model) gridHeight() int { return max(m.height-editorHeight-3, 1) }

// View implements common.Pane.
func (m *Model) View() string {
	s := m.c.Styles
	var b strings.Builder
	b.WriteString(m.editor.View() + "\n")
	switch {
	case m.job.Running():
		b.WriteString(m.spin.View() + " running… esc cancels\n")
	case m.err != nil:
		b.WriteString(s.Bad.Render(ansi.Truncate(m.err.Error(), max(m.width, 1), "…")) + "\n")
	case m.result == nil:
		b.WriteString(s.Muted.Render(ansi.Truncate("i to write a query over leads, accounts, events, deals, campaigns, spend, nps, lead_profile or account_profile; ctrl+r runs it", max(m.width, 1), "…")) + "\n")
	default:
		r := m.result
		more := ""
		if r.Truncated {
			more = fmt.Sprintf(", the first %s (there are more)", words.Count(maxRows))
		}
		fmt.Fprintf(&b, "%s\n", s.Muted.Render(fmt.Sprintf("%s rows%s · %s columns · %s", words.Count(int64(len(r.Rows))), more,
			words.Count(int64(len(r.Columns))), r.Elapsed.Round(1e6))))
	}
	if m.result != nil {
		b.WriteString(m.grid())
	}
	return b.String()
}

// grid draws the visible window of the result: rows from m.row, columns
// from m.col, each as wide as its widest visible value up to a cap.
func (m *Model) grid() string {
	s := m.c.Styles
	r := m.result
	h := m.gridHeight()
	last := min(m.row+h, len(r.Rows))
	var cols []int
	var widths []int
	used := 0
	for c := m.col; c < len(r.Columns); c++ {
		w := ansi.StringWidth(r.Columns[c])
		for _, row := range r.Rows[m.row:last] {
			w = max(w, ansi.StringWidth(row[c]))
		}
		w = min(w, maxColWidth)
		if used+w > m.width && len(cols) > 0 {
			break
		}
		cols, widths = append(cols, c), append(widths, w)
		used += w + 2
	}
	cell := func(v string, w int) string {
		v = ansi.Truncate(strings.ReplaceAll(v, "\n", " "), w, "…")
		return v + strings.Repeat(" ", max(w-ansi.StringWidth(v), 0))
	}
	var b strings.Builder
	var head []string
	for k, c := range cols {
		head = append(head, cell(r.Columns[c], widths[k]))
	}
	b.WriteString(s.Heading.Render(strings.Join(head, "  ")) + "\n")
	for _, row := range r.Rows[m.row:last] {
		var line []string
		for k, c := range cols {
			line = append(line, cell(row[c], widths[k]))
		}
		b.WriteString(strings.Join(line, "  ") + "\n")
	}
	return strings.TrimRight(b.String(), "\n")
}
