package leads

import tea "charm.land/bubbletea/v2"

// Click implements common.Clicker: a click on a row of the list selects
// it (the explanation beside the list follows).
func (m *Model) Click(x, y int) tea.Cmd {
	top := m.rowsTop()
	if m.rank == nil || x >= m.listW() || y < top || y >= top+m.listHeight() {
		return nil
	}
	if i := m.offset + y - top; i < len(m.rows) {
		m.cursor = i
		m.clamp()
	}
	return nil
}

// Scroll implements common.Scroller: the wheel moves the selection.
func (m *Model) Scroll(lines int) { m.move(lines) }
