package sqlpane

import (
	"slices"

	tea "charm.land/bubbletea/v2"

	"github.com/leadlab/leadlab/tui/common"
)

// Click implements common.Clicker: a click in the box starts editing the
// query; a click on a row of the grid selects it.
func (m *Model) Click(_, y int) tea.Cmd {
	if y < m.editorHeight() {
		return m.editor.Focus()
	}
	top := m.editorHeight() + chrome // the blank line, the status line, the header
	if m.grid.res == nil || y < top || y >= top+m.gridRows() {
		return nil
	}
	if k := m.grid.top + y - top; k < m.grid.rowCount() {
		m.grid.moveTo(k, m.gridRows())
	}
	return nil
}

// Scroll implements common.Scroller: the wheel moves the selection.
func (m *Model) Scroll(lines int) {
	m.grid.moveTo(m.grid.cur+lines, m.gridRows())
}

// Table implements common.Table: the grid's rows as filtered and sorted
// (the at most 1,000 it holds), values as the grid shows them but NULL
// an empty field, as leadlab sql --format csv writes it; y copies the
// value in the first column on screen, so ←/→ choose which.
func (m *Model) Table() common.TableData {
	g := m.grid
	if g.res == nil || g.colCount() == 0 {
		return common.TableData{Selected: -1}
	}
	res, order := g.res, g.order
	sel := g.cur
	if sel >= len(order) {
		sel = -1
	}
	return common.TableData{Name: "query", Header: res.Columns, Len: len(order), Selected: sel, Value: g.left,
		Row: func(i int) []string {
			row := res.Rows[order[i]]
			if order[i] >= len(res.Nulls) || !slices.Contains(res.Nulls[order[i]], true) {
				return row
			}
			out := slices.Clone(row)
			for j, null := range res.Nulls[order[i]] {
				if null {
					out[j] = ""
				}
			}
			return out
		}}
}
