package funnel

import (
	"fmt"
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/leadlab/leadlab/analysis"
	"github.com/leadlab/leadlab/tui/common"
)

// detailContent shows the selected stage on its own, w cells wide: its
// accounts, its conversions and every KPI with its full label.
func (m *Model) detailContent(w int) []string {
	s := m.c.Styles
	r := m.report
	st := r.Stages[m.selected]
	facts := []string{s.Number.Render(stageCount(st)) + " accounts"}
	if st.Unknown != "" {
		facts = append(facts, st.Unknown)
	} else if m.selected > 0 {
		prev := m.selected - 1
		for prev > 0 && r.Stages[prev].Unknown != "" {
			prev-- // the stage converts from the last one that is known
		}
		facts = append(facts, percent(st.Conversion)+" of "+r.Stages[prev].Label)
		if full := r.Stages[0].Accounts; full > 0 {
			facts = append(facts, fmt.Sprintf("%.1f%% of %s", 100*float64(st.Accounts)/float64(full), r.Stages[0].Label))
		}
	}
	lines := []string{s.Heading.Render(st.Label), strings.Join(facts, s.Muted.Render(" · ")), ""}
	labelW, valW := 0, 0
	for _, k := range st.KPIs {
		labelW = max(labelW, ansi.StringWidth(k.Label))
		valW = max(valW, ansi.StringWidth(formatKPI(k)))
	}
	labelW = min(labelW, max(w-gap-valW, 1))
	for _, k := range st.KPIs {
		line := common.Cell(k.Label, labelW, false) + strings.Repeat(" ", gap)
		if k.Value == nil {
			line = s.Muted.Render(line + common.Pad(formatKPI(k), valW, true))
			if why := kpiReason(r, k.Key); why != "" {
				line += s.Muted.Render("  " + why)
			}
		} else {
			line += s.Number.Render(common.Pad(formatKPI(k), valW, true))
		}
		lines = append(lines, line)
	}
	for _, u := range stageUnavailable(r, st) {
		lines = append(lines, m.wrapMuted("unavailable: "+humanize(u.KPI)+" — "+u.Reason, w)...)
	}
	if m.accounts == nil {
		return lines
	}
	ids := m.accounts[m.selected]
	lines = append(lines, "")
	if len(ids) == 0 {
		return append(lines, m.wrapMuted("No account reached this stage.", w)...)
	}
	head := fmt.Sprintf("Accounts (%d)", len(ids))
	if int64(len(ids)) < st.Accounts {
		head = fmt.Sprintf("Accounts (the first %d of %s, by id)", len(ids), analysis.Count(st.Accounts))
	}
	lines = append(lines, s.Heading.Render(head))
	return append(lines, strings.Split(common.Wrap(strings.Join(ids, "  "), w), "\n")...)
}

// box frames content, cut or padded to h lines, across the pane's width.
func (m *Model) box(content []string, h int) []string {
	w := m.width - boxFrame
	if w < 1 || h < 1 {
		return nil
	}
	b := lipgloss.NewStyle().Border(lipgloss.RoundedBorder()).BorderForeground(m.c.Styles.Muted.GetForeground()).
		Padding(0, 1).Render(common.Fit(content, w, h))
	return strings.Split(b, "\n")
}

// wrapMuted wraps t at w cells, each line muted, for explanations too
// useful to cut.
func (m *Model) wrapMuted(t string, w int) []string {
	lines := strings.Split(common.Wrap(t, w), "\n")
	for i, l := range lines {
		lines[i] = m.c.Styles.Muted.Render(l)
	}
	return lines
}
