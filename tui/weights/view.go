package weights

import (
	"fmt"
	"math"
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/leadlab/leadlab/analysis/words"
	"github.com/leadlab/leadlab/queries"
	"github.com/leadlab/leadlab/tui/common"
)

// Layout.
const (
	listWidth = 58 // the two rule lists
)

// View implements common.Pane.
func (m *Model) View() string {
	s := m.c.Styles
	if m.sess == nil {
		return s.Muted.Render("waiting for the scoring model (see the Cutoff screen)…")
	}
	left := m.lists()
	// The histogram gets the rows left over, so it is never cut off at
	// the bottom: side by side, the height less the figures above it and
	// a footer; stacked, less the rule lists too.
	const above, footer = 5, 2
	var body string
	if rw := m.width - listWidth - 2; rw >= 36 {
		right := m.live(m.height-above-footer, rw)
		body = lipgloss.JoinHorizontal(lipgloss.Top, cut(left, listWidth), "  ", cut(right, rw))
	} else {
		body = left + "\n\n" + m.live(m.height-lipgloss.Height(left)-2-above-footer, m.width)
	}
	var foot string
	switch {
	case m.pending != nil:
		foot = m.suggestionView()
	case m.editing != none:
		foot = m.input.View()
	case m.message != "":
		foot = s.Warn.Render(m.message)
	case m.edit.Running():
		foot = s.Muted.Render(m.doing)
	}
	if foot != "" {
		body += "\n\n" + foot
	}
	return body
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
				extra += fmt.Sprintf(" ½ %sd", words.Points(*r.HalfLifeDays))
			}
			line := fmt.Sprintf(" %-38s %5s%s", ansi.Truncate(r.Factor, 38, "…"), words.Points(r.Points), s.Muted.Render(extra))
			if li == m.list && k == min(m.cursor[li], len(rules)-1) {
				line = s.Selected.Render(ansi.Truncate(line, listWidth, "…"))
			}
			b.WriteString(line + "\n")
		}
		b.WriteString("\n")
	}
	fmt.Fprintf(&b, "%s %s   %s %s–%s", s.Muted.Render("cutoff"), s.Number.Render(words.Points(cfg.Cutoff)),
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
	b.WriteString(s.Heading.Render("At cutoff "+words.Points(cfg.Cutoff)) + "\n")
	if row == nil {
		b.WriteString(s.Muted.Render("no settled lead reaches the cutoff") + "\n")
	} else {
		rate := s.Number.Render(pct(row.CloseRate))
		if row.CloseRate >= cfg.Target.Low && row.CloseRate <= cfg.Target.High {
			rate = s.Good.Render(pct(row.CloseRate))
		}
		fmt.Fprintf(&b, "close rate %s [%s, %s]\nrecall %s   share %s   ready %s\n", rate, pct(row.CILow), pct(row.CIHigh),
			pct(row.Recall), pct(row.Share), words.Count(row.Leads))
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
