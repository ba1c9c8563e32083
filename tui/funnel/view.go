package funnel

import (
	"fmt"
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/leadlab/leadlab/analysis"
	"github.com/leadlab/leadlab/tui/common"
)

// Layout, in cells and lines.
const (
	marker    = 2  // "▸ " before the selected stage
	gap       = 2  // between columns
	leadGap   = 3  // between the KPIs and the lead funnel
	boxFrame  = 4  // a border and a space each side of the detail box
	minBar    = 8  // below this the conversion drops its words
	maxBar    = 80 // longer bars add nothing but distance to read across
	convWords = " from previous"
)

// View implements common.Pane: exactly width × height.
func (m *Model) View() string {
	if m.width <= 0 || m.height <= 0 {
		return ""
	}
	lines := m.header()
	rest := m.height - len(lines)
	switch {
	case !m.hasStages():
		if m.report != nil {
			lines = append(lines, m.c.Styles.Muted.Render("The report has no stages."))
		}
	case m.detail:
		// The box goes below the stage bars when both fit, and takes
		// their place when not.
		content := m.detailContent(m.width - boxFrame)
		if stages := append(m.stageRows(), ""); len(stages)+len(content)+2 <= rest {
			lines = append(lines, stages...)
			lines = append(lines, m.box(content, len(content))...)
		} else {
			lines = append(lines, m.box(content, min(len(content), rest-2))...)
		}
	default:
		lines = append(lines, m.body(rest)...)
	}
	return common.Fit(lines, m.width, m.height)
}

func (m *Model) header() []string {
	s := m.c.Styles
	title := s.Heading.Render("ABM funnel")
	if m.report != nil && m.report.Scope != "" {
		title += s.Muted.Render(" · " + m.report.Scope)
	}
	return []string{title, m.filterLine(), m.progressLine()}
}

// filterLine shows the filters of the result on screen.
func (m *Model) filterLine() string {
	s := m.c.Styles
	f := m.filter
	if m.report != nil {
		f = m.shown
	}
	parts := make([]string, 0, 4)
	for _, p := range filterParts(f) {
		v := s.Muted.Render(p[1])
		if p[1] != "all" {
			v = s.Number.Render(p[1])
		}
		parts = append(parts, s.Muted.Render(p[0]+" ")+v)
	}
	return s.Muted.Render("filters  ") + strings.Join(parts, s.Muted.Render(" · "))
}

// progressLine holds the input while a filter is typed, and otherwise
// says what is under way or went wrong; blank when nothing is.
func (m *Model) progressLine() string {
	s, failed := m.c.Styles, m.c.Failure(m.Title())
	switch {
	case m.Editing():
		return m.input.View()
	case m.inputErr != "":
		return s.Bad.Render(m.inputErr)
	case m.job.Running() && m.report == nil:
		return m.spin.View() + " building the funnel (" + describe(m.filter) + ")…"
	case m.job.Running():
		return m.spin.View() + s.Warn.Render(" updating…") +
			s.Muted.Render(" to "+describe(m.filter)+"; below, the result for the filters above")
	case failed != nil && m.report != nil:
		return s.Bad.Render("Could not build the "+failed.Error()) + s.Muted.Render("; below, the result for the filters above")
	case failed != nil:
		return s.Bad.Render("Could not build the " + failed.Error())
	case m.cancelled && m.report != nil:
		return s.Warn.Render("Cancelled;") + s.Muted.Render(" below, the result for the filters above")
	case m.cancelled:
		return s.Warn.Render("Cancelled.") + s.Muted.Render(" r builds the funnel again.")
	}
	return ""
}

// body is the funnel: the stage bars, then the selected stage's KPIs
// with the lead funnel beside them, or on one line above them when the
// KPI labels would be cut, then notes while they fit.
func (m *Model) body(h int) []string {
	lines := append(m.stageRows(), "")
	st := m.report.Stages[m.selected]
	leads := m.leadPanel()
	// The KPI column is as wide as the widest stage needs, so the lead
	// funnel stays put as the selection moves.
	kpiW := 0
	for _, other := range m.report.Stages {
		kpiW = max(kpiW, widest(m.kpiPanel(other, m.width)))
	}
	if len(leads) == 0 || kpiW+leadGap+widest(leads) <= m.width {
		lines = append(lines, beside(m.kpiPanel(st, kpiW), leads, kpiW, leadGap)...)
	} else {
		lines = append(lines, m.leadLine())
		lines = append(lines, m.kpiPanel(st, m.width)...)
	}
	return append(lines, m.notes(h-len(lines))...)
}

// widest is the width of the widest line.
func widest(lines []string) int {
	w := 0
	for _, l := range lines {
		w = max(w, ansi.StringWidth(l))
	}
	return w
}

// stageRows draws one row per stage: label, accounts, bar, conversion.
func (m *Model) stageRows() []string {
	s := m.c.Styles
	r := m.report
	labelW, countW := 0, 0
	for _, st := range r.Stages {
		labelW = max(labelW, ansi.StringWidth(st.Label))
		countW = max(countW, ansi.StringWidth(stageCount(st)))
	}
	words := convWords
	convW := len("100.0%") + ansi.StringWidth(words)
	fixed := marker + labelW + gap + countW + gap + gap
	if m.width-fixed-convW < minBar {
		words, convW = "", len("100.0%")
	}
	barW := min(max(m.width-fixed-convW, 0), maxBar)
	full := r.Stages[0].Accounts
	rows := make([]string, len(r.Stages))
	for i, st := range r.Stages {
		sel := i == m.selected
		// The selected row is highlighted across its width; each part
		// keeps its own colour over the highlight.
		style := func(base lipgloss.Style) lipgloss.Style {
			if sel {
				return base.Inherit(s.Selected)
			}
			return base
		}
		plain := style(lipgloss.NewStyle())
		mark := "  "
		if sel {
			mark = "▸ "
		}
		conv := ""
		if i > 0 {
			conv = percent(st.Conversion) + words
		}
		row := plain.Render(mark+common.Pad(st.Label, labelW, false)+strings.Repeat(" ", gap)) +
			style(s.Number).Render(common.Pad(stageCount(st), countW, true)) +
			plain.Render(strings.Repeat(" ", gap)) +
			style(s.Bar).Render(common.Pad(bar(st.Accounts, full, barW), barW, false)) +
			plain.Render(strings.Repeat(" ", gap)) +
			style(s.Muted).Render(common.Pad(conv, convW, true))
		if sel {
			row += plain.Render(strings.Repeat(" ", max(m.width-ansi.StringWidth(row), 0)))
		}
		rows[i] = row
	}
	return rows
}

// kpiPanel lists the selected stage's KPIs, values first so they align
// and a long label is the part cut at width w.
func (m *Model) kpiPanel(st analysis.Stage, w int) []string {
	s := m.c.Styles
	lines := []string{s.Heading.Render(st.Label) + s.Muted.Render(" · KPIs")}
	valW := 0
	for _, k := range st.KPIs {
		valW = max(valW, ansi.StringWidth(formatKPI(k)))
	}
	cut := func(t string, n int) string { return ansi.Truncate(t, max(n, 1), "…") }
	for _, k := range st.KPIs {
		value := s.Number.Render(common.Pad(formatKPI(k), valW, true))
		label := cut(k.Label, w-2-valW-gap)
		if k.Value == nil {
			why := kpiReason(m.report, k.Key)
			if why != "" {
				label = cut(k.Label+" ("+why+")", w-2-valW-gap)
			}
			value, label = s.Muted.Render(common.Pad(formatKPI(k), valW, true)), s.Muted.Render(label)
		}
		lines = append(lines, "  "+value+strings.Repeat(" ", gap)+label)
	}
	if len(st.KPIs) == 0 {
		lines = append(lines, s.Muted.Render("  no KPIs"))
	}
	for _, u := range stageUnavailable(m.report, st) {
		for _, l := range m.wrapMuted("unavailable: "+humanize(u.KPI)+" — "+u.Reason, w-2) {
			lines = append(lines, "  "+l)
		}
	}
	return lines
}

// leadPanel is the lead-level funnel with its step conversions.
func (m *Model) leadPanel() []string {
	s := m.c.Styles
	lf := m.shownReport().LeadFunnel
	if len(lf) == 0 {
		return nil
	}
	nameW, countW := 0, 0
	for _, l := range lf {
		nameW = max(nameW, ansi.StringWidth(leadName(l.Stage)))
		countW = max(countW, ansi.StringWidth(analysis.Count(l.Leads)))
	}
	lines := []string{s.Heading.Render("Lead funnel")}
	for i, l := range lf {
		conv := ""
		if i > 0 {
			conv = percent(l.Conversion)
		}
		lines = append(lines, "  "+common.Pad(leadName(l.Stage), nameW, false)+strings.Repeat(" ", gap)+
			s.Number.Render(common.Pad(analysis.Count(l.Leads), countW, true))+strings.Repeat(" ", gap)+
			s.Muted.Render(common.Pad(conv, len("100.0%"), true)))
	}
	return append(lines, s.Muted.Render("  % of the step before"))
}

// leadLine is the lead funnel on one line, for narrow panes: in words
// when that fits, else with short names and whole percentages.
func (m *Model) leadLine() string {
	s := m.c.Styles
	lf := m.shownReport().LeadFunnel
	line := func(short bool) string {
		steps := make([]string, len(lf))
		for i, l := range lf {
			name, conv := leadName(l.Stage), percent(l.Conversion)
			if short {
				name, conv = shortLeadName(l.Stage), wholePercent(l.Conversion)
			}
			steps[i] = strings.TrimLeft(name+" ", " ") + s.Number.Render(analysis.Count(l.Leads))
			if i > 0 {
				steps[i] += s.Muted.Render(" (" + conv + ")")
			}
		}
		return s.Heading.Render("Lead funnel") + "  " + strings.Join(steps, s.Muted.Render(" → "))
	}
	if full := line(false); ansi.StringWidth(full) <= m.width {
		return full
	}
	return line(true)
}

// shortLeadName is a lead funnel step in few letters; the first step, all
// leads, goes without a name.
func shortLeadName(stage string) string {
	switch stage {
	case "leads":
		return ""
	case "opportunity":
		return "opp."
	case "sdr_ready":
		return "ready"
	}
	return leadName(stage)
}

func wholePercent(v *float64) string {
	if v == nil {
		return "—"
	}
	return fmt.Sprintf("%.0f%%", 100**v)
}

// leadName writes a lead funnel step for people.
func leadName(stage string) string {
	if stage == "sdr_ready" {
		// Ready as of the outcome, not ready today (scoring/ready.go).
		return "ready before outcome"
	}
	return stage
}

// notes lists the report's notes, and unavailable KPIs no stage shows,
// after a blank line, each whole or not at all within h lines; a shorter
// one may still fit where a longer did not.
func (m *Model) notes(h int) []string {
	s := m.c.Styles
	var items []string
	for _, u := range looseUnavailable(m.report) {
		items = append(items, "unavailable: "+humanize(u.KPI)+" — "+u.Reason)
	}
	for _, n := range m.shownReport().Notes {
		items = append(items, "note: "+n)
	}
	var out []string
	for _, it := range items {
		wrapped := strings.Split(common.Wrap(it, m.width), "\n")
		need := len(wrapped)
		if len(out) == 0 {
			need++
		}
		if len(out)+need > h {
			continue
		}
		if len(out) == 0 {
			out = append(out, "")
		}
		for _, l := range wrapped {
			out = append(out, s.Muted.Render(l))
		}
	}
	return out
}

// beside sets right next to left, left cut and padded to leftW.
func beside(left, right []string, leftW, sep int) []string {
	out := make([]string, max(len(left), len(right)))
	for i := range out {
		var l, r string
		if i < len(left) {
			l = common.Truncate(left[i], leftW)
		}
		if i < len(right) {
			r = right[i]
		}
		out[i] = common.Pad(l, leftW, false) + strings.Repeat(" ", sep) + r
	}
	return out
}

// stageCount is a stage's accounts, or n/a when they cannot be known.
func stageCount(st analysis.Stage) string {
	if st.Unknown != "" {
		return "n/a"
	}
	return analysis.Count(st.Accounts)
}
