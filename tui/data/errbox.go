package data

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/leadlab/leadlab/tui/common"
)

// maxErrLines bounds a failed load's message on the screen: its first
// problems, each with file, line, column and reason. A longer message
// ends with a line that says how to read the rest.
const maxErrLines = 8

// errLines is a failed load's message wrapped to the width, numbers and
// paths never cut in two.
func (m *Model) errLines() []string {
	return strings.Split(common.Wrap(m.loadErr, max(m.width, 1)), "\n")
}

// errCut says the screen shows only the start of the message.
func (m *Model) errCut() bool { return len(m.errLines()) > maxErrLines }

// loadErrView is the start of a failed load's message; when it is longer,
// its last line says so and that e shows the whole of it.
func (m *Model) loadErrView() string {
	s := m.c.Styles
	lines := m.errLines()
	more := ""
	if len(lines) > maxErrLines {
		more = s.Muted.Render(fmt.Sprintf("… %d more lines: e shows the whole error", len(lines)-maxErrLines+1))
		lines = lines[:maxErrLines-1]
	}
	for i, l := range lines {
		lines[i] = s.Bad.Render(l)
	}
	if more != "" {
		lines = append(lines, more)
	}
	return strings.Join(lines, "\n")
}

// Frame of the error box: a border on each side and a padding column.
const errBoxFrame = 4

// openErr shows the whole message in a box that scrolls.
func (m *Model) openErr() {
	m.errOpen = true
	m.errBox = viewport.New(viewport.WithWidth(max(m.width-errBoxFrame, 1)), viewport.WithHeight(max(m.height-3, 1)))
	m.errBox.SetContent(common.Wrap(m.loadErr, max(m.width-errBoxFrame, 1)))
}

// errKey scrolls the box; esc or e closes it.
func (m *Model) errKey(msg tea.KeyPressMsg) tea.Cmd {
	if key.Matches(msg, m.keys.Close, m.keys.Error) {
		m.errOpen = false
		return nil
	}
	var cmd tea.Cmd
	m.errBox, cmd = m.errBox.Update(msg)
	return cmd
}

// errBoxView is the whole message, framed, with where the view is in it.
func (m *Model) errBoxView() string {
	s := m.c.Styles
	head := s.Heading.Render("Why the load failed") + s.Muted.Render(fmt.Sprintf("  %d%% · ↑/↓ pgup/pgdn scroll · esc closes", int(m.errBox.ScrollPercent()*100)))
	box := lipgloss.NewStyle().Border(lipgloss.RoundedBorder()).BorderForeground(s.Muted.GetForeground()).Padding(0, 1).
		Render(s.Bad.Render(m.errBox.View()))
	return head + "\n" + box
}
