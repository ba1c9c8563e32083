package actions

import (
	"strconv"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/leadlab/leadlab/tui/common"
)

// rowsTop is the line of either table's first row: both have four lines
// above it (the summary and the power or the model's two lines, the
// controls or nothing, the column titles).
const rowsTop = tableChrome - 1

// Click implements common.Clicker: a click on a row selects it.
func (m *Model) Click(_, y int) tea.Cmd {
	if m.report == nil || y < rowsTop || y >= rowsTop+m.pageRows() {
		return nil
	}
	w := &m.table
	if m.mode == multivariate {
		w = &m.model
	}
	if i := w.offset + y - rowsTop; i < m.total() {
		m.move(i - w.cursor)
	}
	return nil
}

// Scroll implements common.Scroller: the wheel moves the selection.
func (m *Model) Scroll(lines int) {
	if m.report != nil {
		m.move(lines)
	}
}

// Table implements common.Table: the univariate table as filtered and
// sorted, with the columns and precision of report actions --format csv;
// y copies the factor's name. The multivariate view has no rows to copy.
func (m *Model) Table() common.TableData {
	if m.report == nil || m.mode != univariate {
		return common.TableData{Selected: -1}
	}
	fs, rows := m.report.Factors, m.rows
	g := func(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
	n := func(v int64) string { return strconv.FormatInt(v, 10) }
	return common.TableData{
		Name: "actions",
		Header: []string{"factor", "kind", "leads_with", "won_with", "leads_without", "won_without", "rate_with", "rate_without",
			"lift_pp", "lift_ci_low", "lift_ci_high", "odds_ratio", "phi", "p_value", "q_value", "suggested_points", "flags", "compared_among", "adjusted_points"},
		Len: len(rows),
		Row: func(i int) []string {
			f := &fs[rows[i]]
			return []string{f.Factor, f.Kind, n(f.LeadsWith), n(f.WonWith), n(f.LeadsWithout), n(f.WonWithout),
				g(f.RateWith), g(f.RateWithout), g(f.LiftPP), g(f.LiftCILow), g(f.LiftCIHigh), g(f.OddsRatio), g(f.Phi),
				g(f.PValue), g(f.QValue), strconv.Itoa(f.SuggestedPoints), strings.Join(f.Flags, ";"), f.ComparedAmong, strconv.Itoa(f.AdjustedPoints)}
		},
		Selected: m.table.cursor,
	}
}
