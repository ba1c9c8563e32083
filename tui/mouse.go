package tui

import (
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/leadlab/leadlab/tui/common"
)

// wheelLines is how far one notch of the wheel moves a list.
const wheelLines = 3

// mouse handles a click or the wheel. A click on a tab shows its screen;
// a click or the wheel over the screen goes to it, in its own
// coordinates, when it reads the mouse. Nothing happens while a prompt
// or a question waits for keys, or while the screen takes keys for a
// text field: as with 1–8, a click must not leave a field half typed.
func (m *Model) mouse(msg tea.MouseMsg) tea.Cmd {
	if m.csv != nil || m.confirm != nil || m.confirmQuit {
		return nil
	}
	if ed, ok := m.Active().(common.Editing); ok && ed.Editing() {
		return nil
	}
	ms := msg.Mouse()
	top, bottom := tabBarHeight, tabBarHeight+m.bodyHeight()
	switch msg := msg.(type) {
	case tea.MouseClickMsg:
		if msg.Button != tea.MouseLeft {
			return nil
		}
		if ms.Y == 0 {
			if i := m.tabAt(ms.X); i >= 0 {
				return m.show(i)
			}
			return nil
		}
		if c, ok := m.Active().(common.Clicker); ok && ms.Y >= top && ms.Y < bottom {
			return c.Click(ms.X, ms.Y-top)
		}
	case tea.MouseWheelMsg:
		s, ok := m.Active().(common.Scroller)
		if !ok || ms.Y < top || ms.Y >= bottom {
			return nil
		}
		switch msg.Button {
		case tea.MouseWheelUp:
			s.Scroll(-wheelLines)
		case tea.MouseWheelDown:
			s.Scroll(wheelLines)
		}
	}
	return nil
}

// tabAt is the screen whose tab is drawn at column x of the tab bar, or
// -1: the bar is measured as tabBar draws it, short titles and all.
func (m *Model) tabAt(x int) int {
	_, parts := m.tabs(m.tabShort())
	at := 0
	for i, p := range parts {
		w := lipgloss.Width(p)
		if x >= at && x < at+w {
			return i - 1 // parts[0] is the app's name
		}
		at += w
	}
	return -1
}
