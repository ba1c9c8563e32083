package actions

import (
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/leadlab/leadlab/tui/common"
)

// column is one column of a table. Fixed columns are as wide as their
// widest value; flexible ones start at width and grow.
type column struct {
	id    int
	title string
	width int
	right bool
	// Room to spare goes first to every flexible column up to want, then
	// up to grow, and what is left to the one column marked fill: the
	// interval gets a readable width before a long name gets all of it.
	want, grow int
	fill       bool
	// drop ranks the columns left out when the screen is too narrow,
	// highest first; 0 is never left out.
	drop int
}

// layout fits cols into width: columns are left out, highest drop rank
// first, until the rest fit at their minimum widths; then the flexible
// ones grow, in order, up to want, then up to grow, and the fill column
// takes the rest. One blank cell separates two columns.
func layout(cols []column, width int) []column {
	out := append([]column(nil), cols...)
	need := func() int {
		n := -1
		for _, c := range out {
			n += c.width + 1
		}
		return n
	}
	for need() > width {
		worst := -1
		for i, c := range out {
			if c.drop > 0 && (worst < 0 || c.drop > out[worst].drop) {
				worst = i
			}
		}
		if worst < 0 {
			break
		}
		out = append(out[:worst], out[worst+1:]...)
	}
	spare := width - need()
	for _, limit := range []func(column) int{func(c column) int { return c.want }, func(c column) int { return c.grow }} {
		for i := range out {
			if add := min(spare, limit(out[i])-out[i].width); add > 0 {
				out[i].width += add
				spare -= add
			}
		}
	}
	for i := range out {
		if out[i].fill && spare > 0 {
			out[i].width += spare
		}
	}
	return out
}

// cell is the text of one cell and how to style it when the row is not
// styled as a whole.
type cell struct {
	text  string
	style lipgloss.Style
}

// middle cuts s to w cells in its middle: factor names differ at the end
// as often as at the start (event:document_created>=3, >=4, >=5), so the
// end is kept.
func middle(s string, w int) string {
	n := ansi.StringWidth(s)
	if n <= w {
		return s
	}
	if w < 5 {
		return ansi.Truncate(s, w, "…")
	}
	tail := (w - 1) / 3
	return ansi.Truncate(s, w-1-tail, "") + "…" + ansi.TruncateLeft(s, n-tail, "")
}

// row renders one line of a table width cells wide. With a row style the
// cells are joined plain and styled as one (the selection's background
// must run unbroken); without, each cell keeps its own style.
func row(cols []column, cellOf func(id, width int) cell, rowStyle *lipgloss.Style, width int) string {
	parts := make([]string, len(cols))
	for i, c := range cols {
		ce := cellOf(c.id, c.width)
		t := common.Cell(ce.text, c.width, c.right)
		if rowStyle == nil {
			t = ce.style.Render(t)
		}
		parts[i] = t
	}
	line := strings.Join(parts, " ")
	if rowStyle == nil {
		return line
	}
	return rowStyle.Render(common.Cell(line, width, false))
}
