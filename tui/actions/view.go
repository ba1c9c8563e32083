package actions

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/leadlab/leadlab/analysis"
	"github.com/leadlab/leadlab/analysis/scoring"
	"github.com/leadlab/leadlab/tui/common"
	"github.com/leadlab/leadlab/tui/theme"
)

// Column ids of the table, in the order they are drawn.
const (
	colMark = iota
	colFactor
	colKind
	colLeads
	colWith
	colWithout
	colLift
	colBar
	colOdds
	colQ
	colPoints
	colFlags
)

// Minimum widths of the flexible columns: below these a name or an
// interval says nothing.
const (
	minFactorWidth = 16
	minBarWidth    = 17
	// Widths the name and the interval reach before either grows further.
	wantFactorWidth = 22
	wantBarWidth    = 24
)

// Lines around the table's rows: the two header lines, the controls, the
// column titles above, the selected factor's details below.
const tableChrome = 5

// View implements common.Pane.
func (m *Model) View() string {
	s := m.c.Styles
	var lines []string
	switch {
	case m.report == nil && m.c.Failure(m.Title()) != nil:
		lines = []string{s.Bad.Render("T" + strings.TrimPrefix(m.c.Failure(m.Title()).Error(), "t")),
			s.Muted.Render("r runs it again.")}
	case m.report == nil:
		lines = []string{m.spin.View() + " comparing the close rates of leads with and without each action and attribute…"}
	case scoring.NoContrast(m.report.Leads, m.report.Won, "lead") != "":
		// The same sentence report actions ends with (exit status 4).
		why := common.Wrap(scoring.NoContrast(m.report.Leads, m.report.Won, "lead"), max(m.width, 10))
		lines = append([]string{m.summary(), ""}, strings.Split(s.Warn.Render(why), "\n")...)
	case m.mode == multivariate:
		lines = m.modelView()
	default:
		lines = m.tableView()
	}
	return common.Fit(lines, m.width, m.height)
}

// pageRows is how many rows of the table on view fit on screen.
func (m *Model) pageRows() int { return m.pageRowsIn(m.mode) }

func (m *Model) pageRowsIn(md mode) int {
	if md == multivariate {
		return max(m.height-modelChrome-len(m.modelFooter()), 1)
	}
	return max(m.height-tableChrome, 1)
}

// summary is the first header line: what the figures are computed over,
// and whether a re-run is on its way to replace them.
func (m *Model) summary() string {
	s, r := m.c.Styles, m.report
	window := "no window"
	if r.WindowDays > 0 {
		window = fmt.Sprintf("window %d days", r.WindowDays)
	}
	sep := s.Muted.Render(" · ")
	return s.Number.Render(analysis.Count(r.Leads)) + " settled leads" + sep +
		s.Number.Render(analysis.Count(r.Won)) + " won" + sep +
		"base rate " + s.Number.Render(fmt.Sprintf("%.2f%%", 100*r.BaseRate)) + sep + window + m.updating()
}

// power is the second header line: the smallest lift the data can show,
// so that a team with few wins knows what it cannot see yet.
func (m *Model) power() string {
	s, r := m.c.Styles, m.report
	if r.Leads == 0 || math.IsNaN(r.MinLiftPP) || math.IsInf(r.MinLiftPP, 0) {
		return s.Warn.Render("Too few settled leads to detect any lift yet.")
	}
	text := fmt.Sprintf("With these leads, lifts under %.1f points cannot be seen", r.MinLiftPP)
	if long := text + " (80% power, with the factor in half of them)."; ansi.StringWidth(long) <= m.width {
		return s.Muted.Render(long)
	}
	return s.Muted.Render(text + " (80% power).")
}

// updating marks a table that a re-run will replace.
func (m *Model) updating() string {
	if !m.job.Running() {
		return ""
	}
	return "  " + m.spin.View() + m.c.Styles.Warn.Render(" updating…")
}

func (m *Model) controls() string {
	s := m.c.Styles
	sep := s.Muted.Render(" · ")
	arrow := "▲"
	if m.desc {
		arrow = "▼"
	}
	parts := []string{
		s.Muted.Render("sort ") + m.sortBy.String() + " " + arrow,
		s.Muted.Render("kind ") + kindLabel(m.filter.kind),
	}
	if f := m.search.View(s, "name"); f != "" {
		parts = append(parts, f)
	}
	if m.filter.hideMuted {
		parts = append(parts, s.Muted.Render("rare/vanity ")+"hidden")
	} else {
		parts = append(parts, s.Muted.Render("rare/vanity ")+"muted")
	}
	parts = append(parts, fmt.Sprintf("%d of %d", len(m.rows), len(m.report.Factors)))
	if n := len(m.report.Dropped); n > 0 {
		// Factors every lead has: nothing to compare them with.
		parts = append(parts, s.Muted.Render(fmt.Sprintf("%d every lead has, left out", n)))
	}
	if len(m.added)+len(m.excluded)+len(m.inModel) > 0 {
		parts = append(parts, s.Muted.Render("+ in model, × excluded"))
	}
	return strings.Join(parts, sep)
}

// tableColumns are the table's columns before layout: fixed ones as wide
// as their widest value over the whole report, so the layout does not
// shift while scrolling or filtering. When space is short, kind goes
// first (the name's prefix says it: event: is pain), then the rate
// without (close to the base rate for most factors), then the odds ratio
// (the detail line keeps the counts): at 80 columns the interval gets the
// room.
func (m *Model) tableColumns() []column {
	w := func(title string, f func(*analysis.Factor) string) int {
		n := len([]rune(title)) + 1 // room for the sort arrow
		for i := range m.report.Factors {
			n = max(n, len([]rune(f(&m.report.Factors[i]))))
		}
		return n
	}
	name, flags := 0, 0
	for _, f := range m.report.Factors {
		name = max(name, len([]rune(f.Factor)))
		flags = max(flags, len([]rune(strings.Join(f.Flags, ","))))
	}
	return []column{
		{id: colMark, width: 1},
		{id: colFactor, title: "factor", width: minFactorWidth, want: wantFactorWidth, grow: name},
		{id: colKind, title: "kind", width: w("kind", func(f *analysis.Factor) string { return f.Kind }), drop: 5},
		{id: colLeads, title: "leads", width: w("leads", leadsText), right: true, drop: 1},
		{id: colWith, title: "with", width: w("with", rateWithText), right: true, drop: 2},
		{id: colWithout, title: "w/o", width: w("w/o", rateWithoutText), right: true, drop: 4},
		{id: colLift, title: "lift", width: w("lift", liftText), right: true},
		{id: colBar, width: minBarWidth, want: wantBarWidth, fill: true},
		{id: colOdds, title: "odds", width: w("odds", oddsText), right: true, drop: 3},
		{id: colQ, title: "q", width: w("q", qText), right: true},
		{id: colPoints, title: "pts", width: w("pts", pointsText), right: true},
		// Wide enough for any one flag; several are cut, the detail
		// line has them all.
		{id: colFlags, title: "flags", width: len("vanity"), grow: max(flags, len("vanity"))},
	}
}

func leadsText(f *analysis.Factor) string       { return analysis.Count(f.LeadsWith) }
func rateWithText(f *analysis.Factor) string    { return fmt.Sprintf("%.1f%%", 100*f.RateWith) }
func rateWithoutText(f *analysis.Factor) string { return fmt.Sprintf("%.1f%%", 100*f.RateWithout) }
func liftText(f *analysis.Factor) string        { return fmt.Sprintf("%+.1f", f.LiftPP) }
func oddsText(f *analysis.Factor) string        { return fmt.Sprintf("%.2f", f.OddsRatio) }
func qText(f *analysis.Factor) string           { return formatQ(f.QValue) }
func pointsText(f *analysis.Factor) string      { return strconv.Itoa(f.SuggestedPoints) }

// formatQ writes a q-value as the CLI does: four decimals, or <0.0001.
func formatQ(q float64) string {
	if q < 0.0001 {
		return "<0.0001"
	}
	return strconv.FormatFloat(q, 'f', 4, 64)
}

// sortColumnID is the column that shows a sort key.
var sortColumnID = [sortColumns]int{colFactor, colKind, colLeads, colWith, colLift, colOdds, colQ, colPoints}

// liftStyle colours an interval that clears 0: good above, bad below;
// one that includes 0 says nothing yet and is muted.
func liftStyle(s theme.Styles, lo, hi float64) lipgloss.Style {
	switch {
	case lo > 0:
		return s.Good
	case hi < 0:
		return s.Bad
	}
	return s.Muted
}

func (m *Model) tableView() []string {
	s := m.c.Styles
	lines := []string{m.summary(), m.power(), m.controls()}
	cols := layout(m.cols, m.width)
	lines = append(lines, m.tableHeader(cols))
	if len(m.rows) == 0 {
		return append(lines, s.Muted.Render("No factor matches: f, / and v change what is shown."))
	}
	h := m.pageRows()
	w := m.table
	w.fit(len(m.rows), h)
	for i := w.offset; i < min(w.offset+h, len(m.rows)); i++ {
		f := &m.report.Factors[m.rows[i]]
		var rs *lipgloss.Style
		switch {
		case i == w.cursor:
			rs = &s.Selected
		case muted(f):
			rs = &s.Muted
		}
		lines = append(lines, row(cols, m.factorCell(f), rs, m.width))
	}
	for len(lines) < m.height-1 {
		lines = append(lines, "")
	}
	return append(lines, m.detail())
}

func (m *Model) tableHeader(cols []column) string {
	s := m.c.Styles
	parts := make([]string, len(cols))
	sorted := sortColumnID[m.sortBy]
	for i, c := range cols {
		title := c.title
		if c.id == colBar {
			parts[i] = s.Muted.Render(scale(m.lift, c.width, func(v float64) string { return fmt.Sprintf("%+g", v) }))
			continue
		}
		st := s.Muted
		if c.id == sorted {
			st = s.Heading
			if m.desc {
				title += "▼"
			} else {
				title += "▲"
			}
		}
		parts[i] = st.Render(common.Cell(title, c.width, c.right))
	}
	return strings.Join(parts, " ")
}

// factorCell gives the cells of f's row.
func (m *Model) factorCell(f *analysis.Factor) func(id, width int) cell {
	s := m.c.Styles
	return func(id, width int) cell {
		switch id {
		case colMark:
			return cell{text: m.mark(f.Factor), style: s.Number}
		case colFactor:
			return cell{text: middle(f.Factor, width)}
		case colKind:
			return cell{text: f.Kind, style: s.Muted}
		case colLeads:
			return cell{text: leadsText(f)}
		case colWith:
			return cell{text: rateWithText(f)}
		case colWithout:
			return cell{text: rateWithoutText(f), style: s.Muted}
		case colLift:
			return cell{text: liftText(f), style: liftStyle(s, f.LiftCILow, f.LiftCIHigh)}
		case colBar:
			return cell{text: whisker(f.LiftCILow, f.LiftPP, f.LiftCIHigh, m.lift, width),
				style: liftStyle(s, f.LiftCILow, f.LiftCIHigh)}
		case colOdds:
			return cell{text: oddsText(f)}
		case colQ:
			st := s.Muted
			if f.QValue < maxQ {
				st = lipgloss.NewStyle()
			}
			return cell{text: qText(f), style: st}
		case colPoints:
			if f.SuggestedPoints == 0 {
				return cell{text: pointsText(f), style: s.Muted}
			}
			return cell{text: pointsText(f), style: s.Number}
		case colFlags:
			return cell{text: strings.Join(f.Flags, ","), style: s.Warn}
		}
		return cell{}
	}
}

// detail is the line under the table: the selected factor in full, where
// it stands with the scoring model (or why it earns no points), and the
// counts behind its rates.
func (m *Model) detail() string {
	s := m.c.Styles
	f, ok := m.selected()
	if !ok {
		return ""
	}
	sep := s.Muted.Render(" · ")
	// An account attribute is compared only among leads whose account
	// records it: say so, or "without" reads as every other lead.
	among := ""
	if f.ComparedAmong != "" && f.ComparedAmong != "all" {
		among = " (among " + f.ComparedAmong + ")"
	}
	return s.Number.Render(f.Factor) + sep + m.standing(f) + sep +
		s.Muted.Render(fmt.Sprintf("won %s/%s with, %s/%s without%s · p %s · φ %+.3f",
			analysis.Count(f.WonWith), analysis.Count(f.LeadsWith), analysis.Count(f.WonWithout),
			analysis.Count(f.LeadsWithout), among, formatQ(f.PValue), f.Phi))
}
