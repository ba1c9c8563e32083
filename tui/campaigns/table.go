package campaigns

import (
	"fmt"
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/leadlab/leadlab/analysis"
	"github.com/leadlab/leadlab/tui/common"
)

// table is the campaigns from the first on screen, rows of them, under
// a heading and the column names, with the selected one in full below.
func (m *Model) table(rows int) []string {
	lay := m.planTable()
	off := scrollTo(m.offset, m.selected, len(m.rows), rows)
	end := min(off+rows, len(m.rows))
	lines := []string{m.tableHeading(off, end), m.tableHeader(lay)}
	for k := off; k < end; k++ {
		lines = append(lines, m.tableRow(lay, m.campaign(k), k == m.selected))
	}
	if len(m.rows) == 0 {
		lines = append(lines, m.c.Styles.Muted.Render("  No campaign matches the filter: / then esc clears it."))
	}
	return append(lines, m.detail()...)
}

// tableHeading names the table, where the rows on screen sit among all,
// and what the short column names mean, in the fullest words that fit.
func (m *Model) tableHeading(off, end int) string {
	s := m.c.Styles
	n := len(m.rows)
	head := s.Heading.Render("Campaigns") + s.Muted.Render(fmt.Sprintf(" · %d", n))
	if end-off < n {
		head = s.Heading.Render("Campaigns") + s.Muted.Render(fmt.Sprintf(" · %d–%d of %d", off+1, end, n))
	}
	if all := len(m.report.Campaigns); n < all {
		head += s.Muted.Render(fmt.Sprintf(" (of %d)", all))
	}
	if f := m.search.View(s, "name"); f != "" {
		head += s.Muted.Render(" · ") + f
	}
	for _, e := range []string{
		fmt.Sprintf(" · use: product use within %s of a send · others: comparable non-recipients · lift: use − others, points", days(m.report.Days)),
		" · others: comparable non-recipients · lift: use − others, points",
		" · lift: use − others (non-recipients), points",
	} {
		if ansi.StringWidth(head)+ansi.StringWidth(e) <= m.width {
			return head + s.Muted.Render(e)
		}
	}
	return head
}

// tableHeader names the columns, aligned as their cells, and draws the
// axis's ends over the whiskers.
func (m *Model) tableHeader(lay tableLayout) string {
	heads := headsFor(lay.whole)
	heads[sortable[m.sort.Col]] += m.sort.Arrow()
	heads[colWhisker] = axisLabels(lay.ax, lay.width[colWhisker])
	var b strings.Builder
	b.WriteString(strings.Repeat(" ", marker))
	first := true
	for i, h := range heads {
		w := lay.width[i]
		if w == 0 {
			continue
		}
		if !first {
			b.WriteString(strings.Repeat(" ", lay.gap))
		}
		first = false
		if isText(i) || i == colWhisker {
			b.WriteString(common.Cell(h, w, false))
		} else {
			b.WriteString(common.Pad(h, w, true))
		}
	}
	return m.c.Styles.Muted.Render(b.String())
}

func isText(col int) bool { return col <= colSegment }

// tableRow draws one campaign. Opens and clicks are muted as vanity;
// product use stands out; the lift and its whisker are good or bad when
// the interval clears zero. A campaign with no lift says why across the
// columns it leaves empty.
func (m *Model) tableRow(lay tableLayout, c analysis.CampaignRow, sel bool) string {
	s := m.c.Styles
	cs := cellsOf(c, lay.whole)
	plain := onSel(lipgloss.NewStyle(), s, sel)
	var b strings.Builder
	mark := "  "
	if sel {
		mark = "▸ "
	}
	b.WriteString(plain.Render(mark))
	first := true
	sep := func() {
		if !first {
			b.WriteString(plain.Render(strings.Repeat(" ", lay.gap)))
		}
		first = false
	}
	put := func(col int, st lipgloss.Style) {
		w := lay.width[col]
		if w == 0 {
			return
		}
		sep()
		t := trunc(cs[col], w)
		if isText(col) {
			t = common.Pad(t, w, false)
		} else {
			t = common.Pad(t, w, true)
		}
		b.WriteString(onSel(st, s, sel).Render(t))
	}
	segStyle := lipgloss.NewStyle()
	if !c.Segmented {
		segStyle = s.Muted
	}
	put(colCampaign, lipgloss.NewStyle())
	put(colType, lipgloss.NewStyle())
	put(colSegment, segStyle)
	put(colRecipients, lipgloss.NewStyle())
	put(colOpen, s.Muted)
	put(colClick, s.Muted)
	put(colUse, s.Number)
	if comparable(c) {
		tn := toneOf(c.LiftCILow, c.LiftCIHigh)
		put(colOthers, lipgloss.NewStyle())
		put(colLift, textInk(tn, m))
		put(colInterval, textInk(tn, m))
		sep()
		b.WriteString(renderWhisker(drawWhisker(lay.ax, c.LiftCILow, c.LiftPP, c.LiftCIHigh, lay.width[colWhisker]), tn.style(s), s, sel))
	} else {
		sep()
		w := lay.span(colOthers, colWhisker)
		why := noBaseline
		if c.Recipients == 0 {
			why = noSends
		}
		b.WriteString(onSel(s.Muted, s, sel).Render(common.Pad(phrase(why, w), w, false)))
	}
	if sel {
		b.WriteString(plain.Render(strings.Repeat(" ", max(m.width-ansi.StringWidth(b.String()), 0))))
	}
	return b.String()
}

// phrase is the fullest of the phrases that fits w, or the shortest cut.
func phrase(ps []string, w int) string {
	for _, p := range ps {
		if ansi.StringWidth(p) <= w {
			return p
		}
	}
	return trunc(ps[len(ps)-1], w)
}

// detail spells out the selected campaign, which the table may have cut:
// its full names, and the lift with its interval in figures, in the
// fullest wording that fits detailLines.
func (m *Model) detail() []string {
	s := m.c.Styles
	if m.selected >= len(m.rows) {
		return nil
	}
	c := m.campaign(m.selected)
	cs := cellsOf(c, false)
	dot := s.Muted.Render(" · ")
	names := s.Number.Render(c.Campaign) + dot + cs[colType] + dot + cs[colSegment]
	sent := analysis.Count(c.Recipients) + " recipients"
	sentFull := sent + ", " + analysis.Count(c.Sends) + " sends"
	vanity := s.Muted.Render("open " + cs[colOpen] + ", click " + cs[colClick])
	var use, useShort string
	switch {
	case c.Recipients == 0:
		use, useShort, vanity = s.Muted.Render("no sends in the data"), s.Muted.Render("no sends in the data"), ""
	case comparable(c):
		lift := textInk(toneOf(c.LiftCILow, c.LiftCIHigh), m).Render("lift " + cs[colLift] + " points " + cs[colInterval])
		use = fmt.Sprintf("product use %s against %s of %s comparable non-recipients: ", cs[colUse], cs[colOthers], analysis.Count(c.BaselineSize)) + lift
		useShort = fmt.Sprintf("use %s vs %s of %s others: ", cs[colUse], cs[colOthers], analysis.Count(c.BaselineSize)) + lift
	default:
		use = "product use " + cs[colUse] + s.Muted.Render(", no comparable non-recipients")
		useShort = "use " + cs[colUse] + s.Muted.Render(", no comparable non-recipients")
	}
	variants := []string{names + dot + sentFull + dot + use, names + dot + sent + dot + useShort}
	if vanity != "" {
		variants = append([]string{names + dot + sentFull + dot + vanity + dot + use}, variants...)
	}
	var lines []string
	for _, v := range variants {
		if lines = wrap(v, m.width); len(lines) <= detailLines {
			return lines
		}
	}
	// Keep the lines the layout reserved; the last says it was cut.
	lines = lines[:detailLines]
	lines[detailLines-1] = ansi.Truncate(lines[detailLines-1], max(m.width-1, 0), "") + "…"
	return lines
}
