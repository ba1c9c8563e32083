package cutoff

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/leadlab/leadlab/analysis/scoring"
	"github.com/leadlab/leadlab/internal/numfmt"
	"github.com/leadlab/leadlab/tui/common"
	"github.com/leadlab/leadlab/tui/theme"
)

// Layout of the screen.
const (
	minChartRows = 12 // rows of the close-rate chart, at least
	chartFrame   = 6  // the lines above the chart and its marker, labels and legend
	figuresWidth = 50 // the figures column beside the chart
	minChart     = 24 // narrower than this, the figures go below the chart
)

// chartRows is the chart's height: the window's, less the lines around it.
func (m *Model) chartRows() int { return max(m.height-chartFrame, minChartRows) }

// View implements common.Pane.
func (m *Model) View() string {
	s := m.c.Styles
	switch {
	case m.cancelled:
		return s.Warn.Render("Building the scoring model was cancelled: r starts it again.")
	case m.c.Failure(m.Title()) != nil:
		return s.Bad.Render("C" + strings.TrimPrefix(m.c.Failure(m.Title()).Error(), "c"))
	case m.sess == nil:
		return m.spin.View() + " scoring the leads (tuning a starting model when no --config is given)…"
	}
	r := m.sess.Report
	cfg := m.sess.Config
	var head strings.Builder
	fmt.Fprintf(&head, "%s  cutoff %s  ·  target %s–%s  ·  %s settled %ss, %s won",
		s.Heading.Render("SDR-ready cutoff"), s.Number.Render(numfmt.Points(cfg.Cutoff)),
		pct(cfg.Target.Low), pct(cfg.Target.High), numfmt.Count(r.Leads), r.Unit, numfmt.Count(r.Won))
	if m.edit.Running() {
		head.WriteString(s.Muted.Render("  updating…"))
	}
	lines := []string{head.String()}
	if why := scoring.NoContrast(r.Leads, r.Won, r.Unit); why != "" {
		// The same sentence report cutoffs ends with (exit status 4): no
		// chart of a close rate that is 0% (or 100%) at every cutoff.
		wrapped := s.Warn.Render(common.Wrap(why, max(m.width, 10)))
		return common.Truncate(head.String(), max(m.width, 1)) + "\n" + wrapped
	}
	lines = append(lines, s.Muted.Render("recommended: "+recWords(r.Recommended)))
	chartW := m.width - figuresWidth - 2
	figures := m.figures()
	var body string
	if chartW >= minChart {
		// The chart block is cut to its width, so a long legend never
		// pushes the figures off the screen.
		chart := m.chart(chartW)
		chart = cut(chart, min(lipgloss.Width(chart), chartW))
		body = lipgloss.JoinHorizontal(lipgloss.Top, chart, "  ", figures)
	} else {
		body = m.chart(max(m.width, 10)) + "\n" + figures
	}
	for i, l := range lines {
		lines[i] = common.Truncate(l, max(m.width, 1))
	}
	return strings.Join(lines, "\n") + "\n\n" + body
}

// Prompt implements common.Prompter: the target being typed, or the
// answer to the last key, drawn above the status line so that it is on
// view however far the screen is scrolled.
func (m *Model) Prompt() string {
	switch {
	case m.typing:
		return m.target.View()
	case m.message != "":
		return m.c.Styles.Warn.Render(m.message)
	}
	return ""
}

func pct(v float64) string { return fmt.Sprintf("%.1f%%", 100*v) }

func recWords(r scoring.Recommendation) string {
	if r.Cutoff == nil {
		return r.Reason
	}
	return fmt.Sprintf("%s (%s) — %s", numfmt.Points(*r.Cutoff), pct(r.CloseRate), r.Reason)
}

// chart draws the close rate of ready leads (●) with its 95% interval (│)
// against the cutoff, lowest cutoff on the left, on the left axis; recall
// (·) on the right axis, 0–100%; the target range shaded and the current
// cutoff marked ▼. Each cutoff gets an equal share of the width; with more
// cutoffs than columns, each column shows one cutoff of its share.
func (m *Model) chart(width int) string {
	s := m.c.Styles
	r := m.sess.Report
	cfg := m.sess.Config
	rows := make([]scoring.SweepRow, len(r.Rows))
	for i, row := range r.Rows { // ascending cutoff, left to right
		rows[len(rows)-1-i] = row
	}
	const axis, right = 7, 6 // "100.0% " and " 100%"
	avail := max(width-axis-right, 1)
	if len(rows) == 0 {
		return s.Muted.Render("no settled leads to sweep")
	}
	chartHeight := m.chartRows()
	n := min(len(rows), avail) // segments shown
	// The segments share all the width, so the chart fills its room.
	cols := avail
	seg := max(cols/n, 1)
	top := cfg.Target.High * 1.25
	for _, row := range rows {
		top = math.Max(top, row.CIHigh)
	}
	top = math.Min(math.Ceil(top*20)/20, 1) // a round 5% above
	level := func(v, scale float64) int {
		return min(int(math.Round(v/scale*float64(chartHeight-1))), chartHeight-1)
	}
	grid := make([][]cell, chartHeight)
	for y := range grid {
		grid[y] = make([]cell, cols)
	}
	curCol := -1
	labels := slices.Repeat([]byte{' '}, cols+8)
	lastLabel := -2
	for k := range n {
		row := rows[k*len(rows)/n]
		x := k*cols/n + seg/2
		if row.Cutoff <= cfg.Cutoff {
			curCol = x
		}
		lo, hi, p := level(row.CILow, top), level(row.CIHigh, top), level(row.CloseRate, top)
		for y := lo; y <= hi; y++ {
			grid[y][x] = cell{"│", s.Muted}
		}
		rx := x
		if seg >= 3 {
			rx = x + 1
		}
		grid[level(row.Recall, 1)][rx] = cell{"·", s.BarAlt}
		grid[p][x] = cell{"●", s.Bar}
		if l := numfmt.Points(row.Cutoff); x > lastLabel+1 && x+len(l) <= len(labels) {
			copy(labels[x:], l)
			lastLabel = x + len(l)
		}
	}
	tlo, thi := level(cfg.Target.Low, top), level(cfg.Target.High, top)
	var b strings.Builder
	marker := strings.Repeat(" ", axis)
	if curCol >= 0 {
		marker += strings.Repeat(" ", curCol) + s.Heading.Render("▼")
	}
	b.WriteString(marker + "\n")
	for y := chartHeight - 1; y >= 0; y-- {
		label, rlabel := "       ", ""
		switch y {
		case thi:
			label = fmt.Sprintf("%6s ", fmt.Sprintf("%.0f%%", 100*cfg.Target.High))
		case tlo:
			label = fmt.Sprintf("%6s ", fmt.Sprintf("%.0f%%", 100*cfg.Target.Low))
		case chartHeight - 1, 0:
			label = fmt.Sprintf("%6s ", fmt.Sprintf("%.0f%%", 100*top*float64(y)/float64(chartHeight-1)))
		}
		switch y {
		case chartHeight - 1:
			rlabel = " 100%"
		case 0:
			rlabel = " 0%"
		}
		line := chartRow(grid[y], y >= tlo && y <= thi, s)
		b.WriteString(s.Muted.Render(label) + line + s.BarAlt.Render(rlabel) + "\n")
	}
	b.WriteString(s.Muted.Render(strings.Repeat(" ", axis)+strings.TrimRight(string(labels), " ")) + "\n")
	b.WriteString(s.Muted.Render(strings.Repeat(" ", axis)) + s.Bar.Render("●") + s.Muted.Render(" close rate │ 95% interval ") +
		s.BarAlt.Render("· recall (right)") + " " + s.TargetBand.Render(strings.Repeat(s.BandFill, 2)) + s.Muted.Render(" target"))
	return b.String()
}

// cell is one mark of the chart and its ink; the zero cell is empty.
type cell struct {
	glyph string
	ink   lipgloss.Style
}

// chartRow renders a row of the chart. A row inside the target band is
// shaded across its whole width, under the marks too: each mark takes the
// band's background, and empty cells the band's fill (a pattern when
// there is no colour to shade with).
func chartRow(cells []cell, band bool, s theme.Styles) string {
	var b strings.Builder
	for _, c := range cells {
		switch {
		case c.glyph == "" && band:
			b.WriteString(s.TargetBand.Render(s.BandFill))
		case c.glyph == "":
			b.WriteString(" ")
		case band:
			b.WriteString(c.ink.Background(s.TargetBand.GetBackground()).Render(c.glyph))
		default:
			b.WriteString(c.ink.Render(c.glyph))
		}
	}
	return b.String()
}

// figures are the numbers at the current cutoff.
func (m *Model) figures() string {
	s := m.c.Styles
	r := m.sess.Report
	cfg := m.sess.Config
	var b strings.Builder
	row := r.AtCutoff
	if row == nil {
		return s.Muted.Render("no settled lead reaches this cutoff")
	}
	inTarget := row.CloseRate >= cfg.Target.Low && row.CloseRate <= cfg.Target.High
	rate := s.Number.Render(pct(row.CloseRate))
	if inTarget {
		rate = s.Good.Render(pct(row.CloseRate))
	}
	fmt.Fprintf(&b, "%s\n", s.Heading.Render("At cutoff "+numfmt.Points(r.Cutoff)))
	fmt.Fprintf(&b, "close rate  %s [%s, %s]\n", rate, pct(row.CILow), pct(row.CIHigh))
	fmt.Fprintf(&b, "ready       %s %ss (%s), %s won\n", numfmt.Count(row.Leads), r.Unit, pct(row.Share), numfmt.Count(row.Won))
	if r.Unit == "lead" {
		b.WriteString(s.Muted.Render(scoring.ReadySettledSentence) + "\n")
	}
	fmt.Fprintf(&b, "recall      %s of wins\n", pct(row.Recall))
	if row.PerDay != nil {
		capWords := "capacity not set"
		if r.Capacity > 0 {
			capWords = fmt.Sprintf("capacity %.1f", r.Capacity)
			if *row.PerDay > r.Capacity {
				capWords = s.Warn.Render(capWords + ": over")
			}
		}
		fmt.Fprintf(&b, "per day     %.1f ready (%s)\n", *row.PerDay, capWords)
	}
	guard := func(v float64) string {
		if v > 0.05 {
			return s.Warn.Render(pct(v) + " (over 5%)")
		}
		return pct(v)
	}
	fmt.Fprintf(&b, "fit only    %s of leads\n", guard(row.FitOnlyShare))
	if v := row.BadFitLowPainShare; v != nil {
		fmt.Fprintf(&b, "bad fit, low pain %s of ready\n", guard(*v))
	} else {
		b.WriteString("bad fit, low pain n/a (no events: pain unknown)\n")
	}
	if row.MedianDays != nil {
		fmt.Fprintf(&b, "median      %.1f days to the cutoff\n", *row.MedianDays)
	}
	b.WriteString("\n" + s.Heading.Render("Qualification") + s.Muted.Render(fmt.Sprintf(" fit ≥ %s, pain ≥ %s", numfmt.Points(r.Matrix.GoodFit), numfmt.Points(r.Matrix.HighPain))) + "\n")
	if r.Matrix.Note != "" {
		b.WriteString(s.Muted.Render(r.Matrix.Note) + "\n")
	}
	for _, c := range r.Matrix.Cells {
		fmt.Fprintf(&b, "%-4s fit %-4s pain %7s %6s  %s\n", c.Fit, c.Pain, numfmt.Count(c.All.Leads), numfmt.Pct(c.All.CloseRate, 1), s.Muted.Render(c.Outcome))
	}
	if len(r.Velocity) > 0 {
		b.WriteString("\n" + s.Heading.Render("Velocity of ready leads") + "\n")
		for _, v := range r.Velocity {
			fmt.Fprintf(&b, "%-16s %6s  %s\n", v.Band, numfmt.Count(v.Leads), numfmt.Pct(v.CloseRate, 1))
		}
	}
	if h := m.sess.Holdout; h.Leads > 0 {
		tu := m.sess.Tuning
		b.WriteString("\n" + s.Heading.Render("Now") + s.Muted.Render(" earliest 70% · latest 30% of leads") + "\n")
		fmt.Fprintf(&b, "tuning   %s [%s, %s] of %s\n", pct(tu.CloseRate), pct(tu.CILow), pct(tu.CIHigh), numfmt.Count(tu.Ready))
		fmt.Fprintf(&b, "holdout  %s [%s, %s] of %s\n", pct(h.CloseRate), pct(h.CILow), pct(h.CIHigh), numfmt.Count(h.Ready))
	}
	if md := cfg.Metadata; md != nil && md.Tuning != nil && md.Holdout != nil {
		b.WriteString("\n" + s.Heading.Render("As recorded") + s.Muted.Render(" in the config, cutoff "+numfmt.Points(m.sess.Tuned)) + "\n")
		fmt.Fprintf(&b, "tuning   %s [%s, %s]\n", pct(md.Tuning.CloseRate), pct(md.Tuning.CILow), pct(md.Tuning.CIHigh))
		fmt.Fprintf(&b, "holdout  %s [%s, %s]\n", pct(md.Holdout.CloseRate), pct(md.Holdout.CILow), pct(md.Holdout.CIHigh))
		if c := md.ModelCheck; c != nil {
			fmt.Fprintf(&b, "AUC      %.3f points, %.3f unrounded\n", c.PointsAUC, c.UnroundedAUC)
		}
	}
	for _, w := range r.Warnings {
		b.WriteString(s.Warn.Render("! "+w) + "\n")
	}
	return lipgloss.NewStyle().Width(figuresWidth).Render(common.Wrap(strings.TrimRight(b.String(), "\n"), figuresWidth))
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
