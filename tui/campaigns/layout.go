package campaigns

import (
	"fmt"

	"github.com/charmbracelet/x/ansi"

	"github.com/leadlab/leadlab/analysis"
)

// The columns of the campaign table.
const (
	colCampaign = iota
	colType
	colSegment
	colRecipients
	colOpen
	colClick
	colUse
	colOthers
	colLift
	colInterval
	colWhisker
	nCols
)

// tableHeads name the columns; the table's heading says what use, others
// and lift mean, since there is no room to say it here.
var tableHeads = [nCols]string{"campaign", "type", "segment", "recipients", "open", "click", "use", "others", "lift", "95% interval", ""}

// shortRecipients heads the recipients column in the narrowest layout,
// where its full name would be wider than its figures.
const shortRecipients = "recip."

// textCols are the columns that shrink, names cut with …, down to their
// least widths; every other column keeps the width of its widest cell.
var textCols = []int{colCampaign, colType, colSegment}

var minWidth = [nCols]int{colCampaign: 8, colType: 6, colSegment: 7}

// Table layout, in cells.
const (
	marker      = 2  // "▸ " before the selected row
	comfortText = 54 // names get at least this (or all they need) before detail is dropped
	maxWhisker  = 40
)

// Phrases for a campaign with no lift to show, from the fullest down to
// one that fits a narrow table.
var (
	noBaseline = []string{"no comparable non-recipients", "none comparable"}
	noSends    = []string{"no sends in the data", "no sends"}
)

// tableTries are the layouts from the most detailed down: the interval in
// figures beside its whisker with two-cell gaps; the whisker alone; then
// one-cell gaps; then whole percentages under shorter names. The first
// that leaves the names room is used; the selected campaign is spelled
// out in full below the table whatever is cut.
var tableTries = []struct {
	gap            int
	figures, whole bool
}{{2, true, false}, {2, false, false}, {1, false, false}, {1, false, true}}

type tableLayout struct {
	gap   int
	whole bool       // percentages rounded to whole ones
	width [nCols]int // 0 hides a column
	ax    axis
}

// used is the width of the row after the marker.
func (l tableLayout) used() int {
	n, w := 0, 0
	for _, cw := range l.width {
		if cw > 0 {
			n++
			w += cw
		}
	}
	return w + l.gap*max(n-1, 0)
}

// span is the width from column a to column b, gaps included.
func (l tableLayout) span(a, b int) int {
	sub := tableLayout{gap: l.gap}
	copy(sub.width[a:b+1], l.width[a:b+1])
	return sub.used()
}

// comparable says the campaign has a lift: recipients, and comparable
// non-recipients to measure them against.
func comparable(c analysis.CampaignRow) bool { return c.Recipients > 0 && c.BaselineSize > 0 }

func pct(v float64) string { return fmt.Sprintf("%.1f%%", 100*v) }

// cellsOf writes a campaign's cells as the CLI's table does, with whole
// percentages if whole is set.
func cellsOf(c analysis.CampaignRow, whole bool) [nCols]string {
	pct := pct
	if whole {
		pct = func(v float64) string { return fmt.Sprintf("%.0f%%", 100*v) }
	}
	seg := "generic"
	if c.Segmented {
		seg = c.Segment
		if seg == "" {
			seg = "segmented"
		}
	}
	typ := c.Type
	if typ == "" {
		typ = "—"
	}
	out := [nCols]string{c.Campaign, typ, seg, analysis.Count(c.Recipients), "—", "—", "—", "—", "—", "", ""}
	if c.Recipients > 0 {
		out[colOpen], out[colClick], out[colUse] = pct(c.OpenRate), pct(c.ClickRate), pct(c.EngagedRate)
	}
	if comparable(c) {
		out[colOthers], out[colLift] = pct(c.BaselineRate), pp(c.LiftPP)
		out[colInterval] = "[" + pp(c.LiftCILow) + ", " + pp(c.LiftCIHigh) + "]"
	}
	return out
}

// tableAxis spans every campaign's lift and interval.
func tableAxis(rows []analysis.CampaignRow) axis {
	var vals []float64
	for _, c := range rows {
		if comparable(c) {
			vals = append(vals, c.LiftCILow, c.LiftPP, c.LiftCIHigh)
		}
	}
	return newAxis(vals...)
}

// planTable fits the columns to the width: every figure whole, names cut
// when they must be, the whisker taking what is left up to maxWhisker.
func (m *Model) planTable() tableLayout {
	rows := m.report.Campaigns
	barMin := min(max(m.width/8, 8), 16)
	var lay tableLayout
	for i, t := range tableTries {
		nat, textNat := naturalWidths(rows, t.whole)
		lay = tableLayout{gap: t.gap, whole: t.whole, width: nat, ax: tableAxis(rows)}
		if !t.figures {
			lay.width[colInterval] = 0
		}
		lay.width[colWhisker] = barMin
		avail := m.width - marker - lay.used() + textNat
		if avail < min(textNat, comfortText) && i < len(tableTries)-1 {
			continue
		}
		shrinkText(&lay, avail)
		lay.width[colWhisker] = min(max(m.width-marker-lay.used()+barMin, barMin), maxWhisker)
		break
	}
	return lay
}

// naturalWidths are the widths of the widest cell of each column, header
// included, and the sum of the name columns'.
func naturalWidths(rows []analysis.CampaignRow, whole bool) (nat [nCols]int, text int) {
	for i, h := range headsFor(whole) {
		nat[i] = ansi.StringWidth(h)
	}
	for _, c := range rows {
		for i, t := range cellsOf(c, whole) {
			nat[i] = max(nat[i], ansi.StringWidth(t))
		}
	}
	for _, c := range textCols {
		text += nat[c]
	}
	return nat, text
}

// headsFor are the column names of a layout.
func headsFor(whole bool) [nCols]string {
	h := tableHeads
	if whole {
		h[colRecipients] = shortRecipients
	}
	return h
}

// shrinkWeight orders the cuts: the type goes first, since the verdicts
// above and the detail below name it; the campaign, which tells rows
// apart, goes last.
var shrinkWeight = [nCols]float64{colCampaign: 0.9, colType: 1.4, colSegment: 1}

// shrinkText narrows the name column that is widest by shrinkWeight, a
// cell at a time, until the names fit avail or are all at their least.
func shrinkText(lay *tableLayout, avail int) {
	for {
		sum, widest := 0, -1
		for _, c := range textCols {
			sum += lay.width[c]
			if lay.width[c] > minWidth[c] && (widest < 0 ||
				float64(lay.width[c])*shrinkWeight[c] > float64(lay.width[widest])*shrinkWeight[widest]) {
				widest = c
			}
		}
		if sum <= avail || widest < 0 {
			return
		}
		lay.width[widest]--
	}
}
