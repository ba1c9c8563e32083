package scoring

import (
	"fmt"
	"math"
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/leadlab/leadlab/internal/numfmt"
	"github.com/leadlab/leadlab/queries"
	"github.com/leadlab/leadlab/tui/common"
)

// Layout.
const (
	listWidth    = 58  // the two rule lists, at least
	maxListWidth = 100 // and at most, on a wide window
)

// listW is the width of the rule lists: two fifths of a wide window, so
// that long factor names show whole.
func (m *Model) listW() int { return min(max(listWidth, m.width*2/5), maxListWidth) }

// View implements common.Pane.
func (m *Model) View() string {
	s := m.c.Styles
	if m.sess == nil {
		return s.Muted.Render("waiting for the scoring model (see the Cutoff screen)…")
	}
	if m.editing == openPath {
		return s.Heading.Render("Open a config (.yaml, .json)") + "\n" +
			s.Muted.Render("type a path, tab completes it, enter opens it; the model on view is replaced (asked first if it has unsaved changes)") +
			"\n\n" + m.picker.View(s, max(m.height-4, 3))
	}
	left := m.lists()
	// The histogram gets the rows beside the lists, less the figures
	// above it; stacked under the lists on a narrow window, it gets a
	// window's height of its own, and the workbench scrolls to it.
	const above = 5 // the figures and the histogram's heading
	var body string
	if lw := m.listW(); m.width-lw-2 >= 36 {
		rw := m.width - lw - 2
		right := m.live(max(m.height, lipgloss.Height(left))-above, rw)
		body = lipgloss.JoinHorizontal(lipgloss.Top, cut(left, lw), "  ", cut(right, rw))
	} else {
		body = left + "\n\n" + m.live(m.height-above, m.width)
	}
	if m.pending != nil {
		// The proposal comes first, so it is on view while enter or esc
		// is awaited.
		body = m.suggestionBlock() + "\n\n" + body
	}
	return body
}

// suggestionBlock is tune's proposal wrapped to the width, so that its
// verdict is read whole.
func (m *Model) suggestionBlock() string {
	return lipgloss.NewStyle().Width(max(m.width, 20)).Render(m.suggestionView())
}

// Prompt implements common.Prompter: the field being typed in, the answer
// to the last edit, or what is running, drawn above the status line.
func (m *Model) Prompt() string {
	s := m.c.Styles
	switch {
	case m.pending != nil:
		return s.Heading.Render("Suggested by tune") + s.Muted.Render(" (listed at the top): enter applies, esc drops it")
	case m.editing == openPath:
		return "" // the picker takes the screen
	case m.editing == newFactor:
		return m.input.View() + "\n" + s.Muted.Render(m.completionHint())
	case m.editing != none:
		return m.input.View()
	case m.message != "":
		return s.Warn.Render(m.message)
	case m.edit.Running():
		return s.Muted.Render(m.doing)
	}
	return ""
}

// CursorLine implements common.Cursor: the line of the selected rule, so
// that the workbench keeps it on view when the lists are taller than the
// window.
func (m *Model) CursorLine() int {
	if m.sess == nil {
		return -1
	}
	line := 1 + min(m.cursor[0], max(len(m.sess.Config.Fit)-1, 0))
	if m.list == 1 {
		line = 1 + max(len(m.sess.Config.Fit), 1) + 2 + min(m.cursor[1], max(len(m.sess.Config.Pain)-1, 0))
	}
	if m.pending != nil {
		line += lipgloss.Height(m.suggestionBlock()) + 1
	}
	return line
}

func (m *Model) lists() string {
	s := m.c.Styles
	cfg := m.sess.Config
	var b strings.Builder
	for li, title := range []string{"Fit rules (profile)", "Pain rules (behaviour)"} {
		rules := cfg.Fit
		if li == 1 {
			rules = cfg.Pain
		}
		h := s.Heading.Render(title)
		if li == m.list {
			h += s.Muted.Render("  ◀")
		}
		b.WriteString(h + "\n")
		if len(rules) == 0 {
			b.WriteString(s.Muted.Render("  none — a to add one") + "\n")
		}
		for k, r := range rules {
			extra := ""
			if r.Cap != nil {
				extra += fmt.Sprintf(" cap %d", *r.Cap)
			}
			if r.HalfLifeDays != nil {
				extra += fmt.Sprintf(" ½ %sd", numfmt.Points(*r.HalfLifeDays))
			}
			fw := m.listW() - 20 // the factor's column
			line := fmt.Sprintf(" %-*s %5s%s", fw, ansi.Truncate(r.Factor, fw, "…"), numfmt.Points(r.Points), s.Muted.Render(extra))
			if li == m.list && k == min(m.cursor[li], len(rules)-1) {
				line = s.Selected.Render(ansi.Truncate(line, m.listW(), "…"))
			}
			b.WriteString(line + "\n")
		}
		b.WriteString("\n")
	}
	fmt.Fprintf(&b, "%s %s   %s %s–%s", s.Muted.Render("cutoff"), s.Number.Render(numfmt.Points(cfg.Cutoff)),
		s.Muted.Render("target"), pct(cfg.Target.Low), pct(cfg.Target.High))
	return b.String()
}

func pct(v float64) string { return fmt.Sprintf("%.1f%%", 100*v) }

// live is the figures at the cutoff and the score histogram of won
// against not-won settled leads (see histogram and histLines), on rows
// rows and width cells.
func (m *Model) live(rows, width int) string {
	s := m.c.Styles
	d, sc, cfg := m.sess.Data, m.sess.Scores, m.sess.Config
	var b strings.Builder
	row := m.sess.Report.AtCutoff
	b.WriteString(s.Heading.Render("At cutoff "+numfmt.Points(cfg.Cutoff)) + "\n")
	if row == nil {
		b.WriteString(s.Muted.Render("no settled lead reaches the cutoff") + "\n")
	} else {
		rate := s.Number.Render(pct(row.CloseRate))
		if row.CloseRate >= cfg.Target.Low && row.CloseRate <= cfg.Target.High {
			rate = s.Good.Render(pct(row.CloseRate))
		}
		fmt.Fprintf(&b, "close rate %s [%s, %s]\nrecall %s   share %s   ready %s\n", rate, pct(row.CILow), pct(row.CIHigh),
			pct(row.Recall), pct(row.Share), numfmt.Count(row.Leads))
	}
	settled := func(i int) (float64, bool, bool) {
		return sc.Score(i), d.Leads.Outcome[i] != queries.OutcomeMaturing, d.Leads.Won[i]
	}
	// Below the bins: the rule at the cutoff and the legend's lines.
	bins := histogram(d.N(), settled, cfg.Cutoff, rows-histLegend)
	if len(bins) == 0 {
		return b.String()
	}
	b.WriteString("\n" + s.Heading.Render("Scores") + s.Muted.Render(" of settled leads: ") + s.BarAlt.Render("won") +
		s.Muted.Render(" | ") + s.Bar.Render("not won") + "\n")
	for _, l := range histLines(bins, cfg.Cutoff, m.scale, width, s) {
		b.WriteString(l + "\n")
	}
	legend := "bars: " + m.scale.String() + " · v: " + m.scale.next().String()
	if fractional(d.N(), settled) {
		legend += "\ndecayed scores are binned by their floor: 7.6 counts in 7"
	}
	b.WriteString(s.Muted.Render(common.Wrap(legend, width)))
	return b.String()
}

// histLegend is the rows under the histogram's bins: the rule at the
// cutoff and the legend's two lines.
const histLegend = 3

// fractional says some settled lead's score is not whole (it decays).
func fractional(n int, at lead) bool {
	for i := range n {
		if s, settled, _ := at(i); settled && s != math.Trunc(s) {
			return true
		}
	}
	return false
}

// cut truncates or pads every line of s to exactly width cells.
func cut(s string, width int) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		l = common.Truncate(l, width)
		lines[i] = l + strings.Repeat(" ", max(width-ansi.StringWidth(l), 0))
	}
	return strings.Join(lines, "\n")
}
