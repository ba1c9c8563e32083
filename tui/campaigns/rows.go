package campaigns

import (
	"cmp"
	"slices"
	"strconv"

	tea "charm.land/bubbletea/v2"

	"github.com/leadlab/leadlab/analysis"
	"github.com/leadlab/leadlab/tui/common"
	"github.com/leadlab/leadlab/tui/table"
)

// sortable are the columns s cycles through, in order; the first, the
// type, is the report's own order (type, then campaign).
var sortable = []int{colType, colCampaign, colSegment, colRecipients, colUse, colLift}

// highFirst says which sort columns start largest first.
func highFirst(k int) bool {
	switch sortable[k] {
	case colRecipients, colUse, colLift:
		return true
	}
	return false
}

// compareCol orders two campaigns by column col, ascending. A campaign
// with no comparable non-recipients has no lift and sorts below every
// lift.
func compareCol(col int, a, b *analysis.CampaignRow) int {
	switch col {
	case colCampaign:
		return table.Compare(a.Campaign, b.Campaign)
	case colType:
		return table.Compare(a.Type, b.Type)
	case colSegment:
		return table.Compare(a.Segment, b.Segment)
	case colRecipients:
		return cmp.Compare(a.Recipients, b.Recipients)
	case colUse:
		return cmp.Compare(a.EngagedRate, b.EngagedRate)
	case colLift:
		ca, cb := comparable(*a), comparable(*b)
		if ca != cb {
			if ca {
				return 1
			}
			return -1
		}
		return cmp.Compare(a.LiftPP, b.LiftPP)
	}
	return 0
}

// refilter recomputes the rows on view from the report, the filter (on
// the campaign's name, type or segment) and the sort, keeping the same
// campaign selected when it is still shown.
func (m *Model) refilter() { m.refilterAt(m.selectedName()) }

func (m *Model) refilterAt(name string) {
	if m.report == nil {
		m.rows = nil
		return
	}
	all := m.report.Campaigns
	rows := make([]int, 0, len(all))
	for i, c := range all {
		if m.search.Match(c.Campaign, c.Type, c.Segment) {
			rows = append(rows, i)
		}
	}
	col := sortable[m.sort.Col]
	slices.SortStableFunc(rows, func(i, j int) int {
		a, b := &all[i], &all[j]
		if c := m.sort.Apply(compareCol(col, a, b)); c != 0 {
			return c
		}
		if c := table.Compare(a.Type, b.Type); c != 0 {
			return c
		}
		return table.Compare(a.Campaign, b.Campaign)
	})
	m.rows = rows
	m.selected = 0
	for k, i := range rows {
		if all[i].Campaign == name {
			m.selected = k
		}
	}
	m.clampSelection()
}

// campaign is the campaign on row k of the table as on view.
func (m *Model) campaign(k int) analysis.CampaignRow { return m.report.Campaigns[m.rows[k]] }

// Click implements common.Clicker: a click on a row of the table selects
// it. The rows start below the title, the progress line, the verdicts,
// the table's heading and its column names.
func (m *Model) Click(_, y int) tea.Cmd {
	if !m.hasCampaigns() {
		return nil
	}
	top := headerLines + len(m.verdicts(m.verdictBudget())) + tableChrome
	rows := m.pageRows()
	if y < top || y >= top+rows {
		return nil
	}
	off := scrollTo(m.offset, m.selected, len(m.rows), rows)
	if k := off + y - top; k < len(m.rows) {
		m.offset, m.selected = off, k
		m.clampSelection()
	}
	return nil
}

// Scroll implements common.Scroller: the wheel moves the selection.
func (m *Model) Scroll(lines int) {
	if m.hasCampaigns() {
		m.move(lines)
	}
}

// Table implements common.Table: the campaigns as filtered and sorted,
// with the columns of report campaigns; y copies the campaign's name.
func (m *Model) Table() common.TableData {
	if m.report == nil {
		return common.TableData{Selected: -1}
	}
	all, rows := m.report.Campaigns, m.rows
	sel := m.selected
	if sel >= len(rows) {
		sel = -1
	}
	g := func(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
	n := func(v int64) string { return strconv.FormatInt(v, 10) }
	return common.TableData{Name: "campaigns",
		Header: []string{"campaign", "type", "segmented", "segment", "recipients", "sends", "open_rate", "click_rate",
			"product_engagement", "baseline_product_engagement", "baseline_leads", "lift_pp", "lift_ci_low", "lift_ci_high"},
		Len: len(rows), Selected: sel,
		Row: func(i int) []string {
			c := all[rows[i]]
			return []string{c.Campaign, c.Type, strconv.FormatBool(c.Segmented), c.Segment, n(c.Recipients), n(c.Sends),
				g(c.OpenRate), g(c.ClickRate), g(c.EngagedRate), g(c.BaselineRate), n(c.BaselineSize), g(c.LiftPP), g(c.LiftCILow), g(c.LiftCIHigh)}
		}}
}
