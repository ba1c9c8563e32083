package campaigns

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/leadlab/leadlab/tui/common"
)

// Layout, in lines. The verdicts get what they need up to what leaves
// the table minTableRows; the table gets the rest.
const (
	headerLines  = 2 // title, progress or error
	tableChrome  = 2 // the table's heading and column names
	detailLines  = 2 // the selected campaign in full, below the table
	minTableRows = 5
)

// View implements common.Pane: exactly width × height.
func (m *Model) View() string {
	if m.width <= 0 || m.height <= 0 {
		return ""
	}
	lines := []string{m.title(), m.progressLine()}
	switch {
	case m.report == nil:
	case !m.hasCampaigns():
		lines = append(lines, m.unavailable()...)
	default:
		lines = append(lines, m.verdicts(m.verdictBudget())...)
		lines = append(lines, m.table(m.pageRows())...)
	}
	// Taller than the window only when the verdicts need it.
	return common.Fit(lines, m.width, max(m.height, len(strings.Split(strings.Join(lines, "\n"), "\n"))))
}

// CursorLine implements common.Cursor: the last line, the selected
// campaign in full under the table, so that when the verdicts make the
// screen taller than the window, moving in the table brings the table and
// its detail into view.
func (m *Model) CursorLine() int {
	if m.report == nil || !m.hasCampaigns() {
		return -1
	}
	return strings.Count(m.View(), "\n")
}

// verdictBudget is the most lines the verdicts may take.
func (m *Model) verdictBudget() int {
	return m.height - headerLines - tableChrome - minTableRows - detailLines
}

// pageRows is how many campaigns the table shows at once: what the
// verdicts leave. Keys use it too, so paging moves by what is on screen.
func (m *Model) pageRows() int {
	if !m.hasCampaigns() {
		return 0
	}
	top := len(m.verdicts(m.verdictBudget()))
	return max(m.height-headerLines-top-tableChrome-detailLines, minTableRows)
}

// title names the screen and the window of the result on screen, not the
// one asked for: while a job runs they differ, and the progress line
// names the other.
func (m *Model) title() string {
	s := m.c.Styles
	t := s.Heading.Render("Drip campaigns")
	if m.hasCampaigns() {
		t += s.Muted.Render(fmt.Sprintf(" · product use within %s of a send", days(m.report.Days)))
	}
	return t
}

// progressLine says what is under way or went wrong; blank otherwise.
func (m *Model) progressLine() string {
	s := m.c.Styles
	shown := ""
	if m.report != nil {
		shown = s.Muted.Render("; below, the result for " + days(m.report.Days))
	}
	switch {
	case m.job.Running() && m.report == nil:
		return m.spin.View() + s.Muted.Render(" measuring product use within "+days(m.days)+" of a send…")
	case m.job.Running():
		return m.spin.View() + s.Warn.Render(" updating…") + s.Muted.Render(" to "+days(m.days)) + shown
	case m.c.Failure(m.Title()) != nil:
		return s.Bad.Render("C"+strings.TrimPrefix(m.c.Failure(m.Title()).Error(), "c")) + shown
	case m.cancelled && m.report != nil:
		return s.Warn.Render("Cancelled") + shown
	case m.cancelled:
		return s.Warn.Render("Cancelled.") + s.Muted.Render(" r measures again.")
	}
	return ""
}

// unavailable says plainly why there is nothing to show.
func (m *Model) unavailable() []string {
	s := m.c.Styles
	var lines []string
	for _, u := range m.report.Unavailable {
		lines = append(lines, wrap(s.Warn.Render("Drip campaigns cannot be measured: "+u.Reason+"."), m.width)...)
	}
	if len(lines) == 0 {
		lines = append(lines, wrap("No campaigns in the campaigns table.", m.width)...)
	}
	lines = append(lines, "")
	return append(lines, wrap(s.Muted.Render("This screen needs a campaigns table (campaign, type, segmented, segment) "+
		"and events that name their campaign: sends, opens and clicks, with product events to count after them."), m.width)...)
}

// days writes a window: 1 day, 7 days.
func days(n int) string {
	if n == 1 {
		return "1 day"
	}
	return fmt.Sprintf("%d days", n)
}

// wrap breaks styled text into lines at most w cells wide.
func wrap(t string, w int) []string {
	return strings.Split(common.Wrap(t, w), "\n")
}

// trunc cuts s to w cells with an ellipsis.
func trunc(s string, w int) string { return ansi.Truncate(s, max(w, 0), "…") }
