package tui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/leadlab/leadlab/tui/common"
)

// The smallest terminal the workbench lays itself out in; below it, it
// asks for a larger window rather than drawing a broken screen.
const (
	minWidth  = 80
	minHeight = 24
	// maxPromptLines caps a pane's prompt or message, so that a long
	// error still leaves the screen above it.
	maxPromptLines = 4
)

// tooSmall says the terminal is below the minimum (a size of 0 is not
// known yet: nothing is laid out).
func (m *Model) tooSmall() bool {
	return m.width > 0 && m.height > 0 && (m.width < minWidth || m.height < minHeight)
}

// smallView asks for a larger window, naming the size now, in whatever
// room there is. The second line is left blank, as on every screen.
func (m *Model) smallView() string {
	s := m.c.Styles
	msg := fmt.Sprintf("Make the window at least %d×%d (now %d×%d): the workbench comes back as it was.", minWidth, minHeight, m.width, m.height)
	if m.confirmQuit {
		msg = "The scoring model has unsaved changes: q again quits without saving, any other key stays."
	}
	lines := []string{s.Title.Render("leadlab"), ""}
	lines = append(lines, strings.Split(lipgloss.NewStyle().Width(max(m.width, 10)).Render(msg), "\n")...)
	lines = append(lines, "", s.Muted.Render("q quits"))
	return common.Clip(lines, m.width, m.height)
}

// promptView is the pane's prompt, question or message, wrapped to the
// width and kept to a few lines: it stays on screen above the status line
// whatever the height of the pane.
func (m *Model) promptView() string {
	p, ok := m.Active().(common.Prompter)
	if !ok || m.help.ShowAll {
		return ""
	}
	text := p.Prompt()
	if text == "" || m.width <= 0 {
		return text
	}
	lines := strings.Split(lipgloss.NewStyle().Width(m.width).Render(text), "\n")
	if len(lines) > maxPromptLines {
		lines = append(lines[:maxPromptLines-1], ansi.Truncate(lines[maxPromptLines-1], m.width-1, "")+"…")
	}
	for i, l := range lines {
		lines[i] = strings.TrimRight(ansi.Truncate(l, m.width, "…"), " ")
	}
	return strings.Join(lines, "\n")
}

func (m *Model) promptHeight() int {
	if p := m.promptView(); p != "" {
		return lipgloss.Height(p)
	}
	return 0
}

// content is what the body shows before it is cut to the window: the
// full help while it is open, otherwise the pane's view, which may be
// taller than the room it was given.
func (m *Model) content() []string {
	if m.help.ShowAll {
		return strings.Split(m.fullHelp(), "\n")
	}
	return strings.Split(m.Active().View(), "\n")
}

// overflows says the body is taller than its room, so J and K scroll it.
func (m *Model) overflows() bool { return len(m.content()) > m.bodyHeight() }

// maxScroll is how far the body can scroll: its last line then sits just
// above the line that says where the view is.
func (m *Model) maxScroll(lines int) int { return max(lines-(m.bodyHeight()-1), 0) }

// scrollBy moves the body by n lines, within its length.
func (m *Model) scrollBy(n int) {
	lines := len(m.content())
	if lines <= m.bodyHeight() {
		m.scroll = 0
		return
	}
	m.scroll = min(max(m.scroll+n, 0), m.maxScroll(lines))
}

// follow scrolls the body so that the pane's cursor, when it has one, is
// in view after a key moved it.
func (m *Model) follow() {
	c, ok := m.Active().(common.Cursor)
	if !ok || m.help.ShowAll {
		return
	}
	line, lines, room := c.CursorLine(), len(m.content()), m.bodyHeight()-1
	if lines <= m.bodyHeight() || line < 0 {
		m.scroll = 0
		return
	}
	switch {
	case line < m.scroll:
		m.scroll = line
	case line >= m.scroll+room:
		m.scroll = line - room + 1
	}
	m.scroll = min(max(m.scroll, 0), m.maxScroll(lines))
}

// body is the content cut to the room under the tabs: when it is taller,
// the part scrolled to, and a last line that says which part it is and
// how to see the rest.
func (m *Model) body(lines []string) string {
	h := m.bodyHeight()
	if m.width <= 0 || m.height <= 0 {
		return strings.Join(lines, "\n")
	}
	if len(lines) <= h {
		return common.Clip(lines, m.width, h)
	}
	top := min(max(m.scroll, 0), m.maxScroll(len(lines)))
	shown := lines[top : top+h-1]
	where := fmt.Sprintf("── lines %d–%d of %d · J/K scroll ", top+1, top+h-1, len(lines))
	switch {
	case top == 0:
		where += "(more below) "
	case top+h-1 >= len(lines):
		where += "(more above) "
	}
	where += strings.Repeat("─", max(m.width-ansi.StringWidth(where), 0))
	return common.Clip(shown, m.width, h-1) + "\n" + m.c.Styles.Muted.Render(ansi.Truncate(where, m.width, ""))
}

// fullHelp is every binding of the screen and the global ones, a block
// per group, laid side by side while they fit the width and in further
// rows after that, so no binding is cut off; the body scrolls when the
// blocks are taller than the window.
func (m *Model) fullHelp() string {
	s := m.c.Styles
	var blocks []string
	tall := len(strings.Split(m.Active().View(), "\n")) > m.bodyHeight()
	for _, group := range m.helpKeys(tall).FullHelp() {
		var keys, descs []string
		for _, b := range group {
			if b.Enabled() && b.Help().Key != "" {
				keys = append(keys, b.Help().Key)
				descs = append(descs, b.Help().Desc)
			}
		}
		if len(keys) == 0 {
			continue
		}
		block := lipgloss.JoinHorizontal(lipgloss.Top, s.Number.Render(strings.Join(keys, "\n")), "  ", s.Muted.Render(strings.Join(descs, "\n")))
		blocks = append(blocks, block)
	}
	var rows []string
	var row []string
	width := 0
	const gap = 4
	for _, b := range blocks {
		w := lipgloss.Width(b)
		if len(row) > 0 && width+gap+w > m.width {
			rows = append(rows, lipgloss.JoinHorizontal(lipgloss.Top, row...))
			row, width = nil, 0
		}
		if len(row) > 0 {
			row = append(row, strings.Repeat(" ", gap))
			width += gap
		}
		row = append(row, b)
		width += w
	}
	if len(row) > 0 {
		rows = append(rows, lipgloss.JoinHorizontal(lipgloss.Top, row...))
	}
	return s.Heading.Render("Keys on this screen") + "\n\n" + strings.Join(rows, "\n\n")
}

// scrollKeys are J and K (and ctrl+d and ctrl+u), which scroll a body
// taller than the window; they are offered only when it is.
func scrollKeys() (down, up key.Binding) {
	return key.NewBinding(key.WithKeys("J", "ctrl+d"), key.WithHelp("J/K", "scroll the screen")),
		key.NewBinding(key.WithKeys("K", "ctrl+u"))
}
