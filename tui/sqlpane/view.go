package sqlpane

import (
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/leadlab/leadlab/internal/numfmt"
	"github.com/leadlab/leadlab/tui/common"
)

// Layout: the box, a blank line, the status line, then the grid's header
// and rows.
const (
	boxShare       = 6 // the box takes a sixth of the height, within bounds
	boxMin, boxMax = 3, 8
	chrome         = 3 // the blank line, the status line and the header
)

func (m *Model) editorHeight() int { return clamp(m.height/boxShare, boxMin, boxMax) }

// gridRows is how many rows of the result are on screen.
func (m *Model) gridRows() int { return max(m.height-m.editorHeight()-chrome, 1) }

// View implements common.Pane: exactly width × height cells.
func (m *Model) View() string {
	box := strings.Split(strings.TrimSuffix(m.editor.View(), "\n"), "\n")
	box = box[:min(len(box), m.editorHeight())]
	for len(box) < m.editorHeight() {
		box = append(box, "")
	}
	status, body := m.statusAndBody()
	lines := append(append(box, "", status), body...)
	return common.Fit(lines, m.width, m.height)
}

// statusAndBody is the line under the box and what fills the screen below
// it: the grid, an error in full, or nothing yet.
func (m *Model) statusAndBody() (string, []string) {
	s := m.c.Styles
	w := max(m.width, 1)
	var body []string
	if g := &m.grid; g.res != nil {
		if g.colCount() == 0 {
			body = []string{s.Muted.Render("The statement returned no columns.")}
		} else {
			body = g.render(s, w, m.gridRows())
			switch {
			case len(g.res.Rows) == 0:
				body = append(body, s.Muted.Render("no rows"))
			case g.rowCount() == 0:
				body = append(body, s.Muted.Render("no row has the filter's text: / then esc clears it"))
			}
		}
	}
	switch {
	case m.job.Running():
		return m.spin.View() + " " + s.Muted.Render("running · esc cancels"), body
	case m.hint != "":
		return s.Warn.Render(m.hint), body
	case m.c.Failure(m.Title()) != nil:
		lines := strings.Split(common.Wrap(m.c.Failure(m.Title()).Error(), w), "\n")
		for i := range lines {
			lines[i] = s.Bad.Render(lines[i])
		}
		return lines[0], lines[1:]
	case m.cancelled && m.grid.res != nil:
		return s.Warn.Render("cancelled") + s.Muted.Render(" · the rows below are from the query before"), body
	case m.cancelled:
		return s.Warn.Render("cancelled"), body
	case m.grid.res != nil:
		return m.summary(), body
	}
	return s.Muted.Render("i writes a query, ctrl+r runs it. The box only reads: SELECT, DESCRIBE, SHOW TABLES, SUMMARIZE …"), body
}

// summary says how much came back and where the grid is in it: on the
// left the counts, on the right the position, if both fit.
func (m *Model) summary() string {
	s := m.c.Styles
	g := &m.grid
	r := g.res
	rows := plural(len(r.Rows), "row")
	if r.Truncated {
		rows = s.Warn.Render("first " + rows + "; more exist")
	}
	left := rows + s.Muted.Render(" · "+plural(len(r.Columns), "column")+" · "+elapsed(r.Elapsed))
	if f := m.search.View(s, "any cell"); f != "" {
		// The filter goes first: while it is typed, it is what is read.
		left = f + s.Muted.Render(fmt.Sprintf(" · %s of ", numfmt.Count(int64(g.rowCount())))) + rows
	}
	var right string
	if cols := g.layout(max(m.width, 1), m.gridRows()); g.rowCount() > 0 && len(cols) > 0 {
		first, last := cols[0].index+1, cols[len(cols)-1].index+1
		right = fmt.Sprintf("row %s of %s · columns %d–%d of %d", numfmt.Count(int64(g.cur+1)), numfmt.Count(int64(g.rowCount())), first, last, len(r.Columns))
	}
	if gap := m.width - ansi.StringWidth(left) - ansi.StringWidth(right); right != "" && gap >= 2 {
		return left + strings.Repeat(" ", gap) + s.Muted.Render(right)
	}
	return left
}

// plural writes n things with thousands separators: 1 row, 1,000 rows.
func plural(n int, noun string) string {
	if n != 1 {
		noun += "s"
	}
	return numfmt.Count(int64(n)) + " " + noun
}

// elapsed writes a query's time as a person reads it.
func elapsed(d time.Duration) string {
	switch {
	case d < time.Millisecond:
		return "under 1 ms"
	case d < time.Second:
		return fmt.Sprintf("%d ms", d.Milliseconds())
	case d < time.Minute:
		return fmt.Sprintf("%.1f s", d.Seconds())
	}
	return d.Round(time.Second).String()
}
