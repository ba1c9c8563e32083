package sqlpane

import (
	"slices"
	"strings"
	"unicode"

	"github.com/charmbracelet/x/ansi"

	"github.com/leadlab/leadlab/queries"
	"github.com/leadlab/leadlab/tui/common"
	"github.com/leadlab/leadlab/tui/table"
	"github.com/leadlab/leadlab/tui/theme"
)

// Grid layout.
const (
	maxColWidth = 30 // a column is never wider, so several fit side by side
	colGap      = 2  // cells between columns
	// minPartial is the narrowest a column cut by the right edge is still
	// shown: narrower, it would be an ellipsis and noise.
	minPartial = 6
)

// grid is the results table's window: a result can be a thousand rows by
// dozens of columns, so only the rows and columns on screen are measured
// and drawn.
type grid struct {
	res *queries.AdhocResult
	// order are the rows on view, filtered and sorted: indexes into
	// res.Rows, made afresh (never changed in place) by arrange.
	order []int
	// sortCol is the column the rows are sorted by, -1 for the order
	// the query returned them in.
	sortCol  int
	sortDesc bool
	cur      int // the selected row, a place in order
	top      int // the first row on screen, a place in order
	left     int // the first column on screen
}

// newGrid shows a result in the order the query returned it.
func newGrid(r *queries.AdhocResult) grid {
	g := grid{res: r, sortCol: -1}
	g.arrange(func(...string) bool { return true })
	return g
}

// arrange recomputes the rows on view: those keep accepts, sorted by
// sortCol in the natural order of their cells (numbers as numbers,
// A109 before A1080), ties in the query's order.
func (g *grid) arrange(keep func(cells ...string) bool) {
	if g.res == nil {
		return
	}
	order := make([]int, 0, len(g.res.Rows))
	for i, row := range g.res.Rows {
		if keep(row...) {
			order = append(order, i)
		}
	}
	if c := g.sortCol; c >= 0 && c < g.colCount() {
		null := func(i int) bool { return i < len(g.res.Nulls) && c < len(g.res.Nulls[i]) && g.res.Nulls[i][c] }
		slices.SortStableFunc(order, func(i, j int) int {
			// NULLs go last whichever the direction: they are what is
			// missing, not the smallest or the largest.
			if ni, nj := null(i), null(j); ni != nj {
				if ni {
					return 1
				}
				return -1
			}
			r := table.Compare(g.res.Rows[i][c], g.res.Rows[j][c])
			if g.sortDesc {
				return -r
			}
			return r
		})
	}
	g.order = order
}

// row is the row on view at place k.
func (g *grid) row(k int) []string { return g.res.Rows[g.order[k]] }

// title is column i's name, with an arrow when the rows are sorted by it.
func (g *grid) title(i int) string {
	if i != g.sortCol {
		return g.res.Columns[i]
	}
	if g.sortDesc {
		return g.res.Columns[i] + "▼"
	}
	return g.res.Columns[i] + "▲"
}

// gridCol is a column on screen.
type gridCol struct {
	index, width int
	right        bool // numbers line up on the right
}

// rowCount is the number of rows on view.
func (g *grid) rowCount() int { return len(g.order) }

func (g *grid) colCount() int {
	if g.res == nil {
		return 0
	}
	return len(g.res.Columns)
}

// moveTo selects row, scrolling so that it is among the height rows on
// screen.
func (g *grid) moveTo(row, height int) {
	n := g.rowCount()
	height = max(height, 1)
	g.cur = clamp(row, 0, n-1)
	if g.cur < g.top {
		g.top = g.cur
	}
	if g.cur >= g.top+height {
		g.top = g.cur - height + 1
	}
	g.top = clamp(g.top, 0, n-height)
}

// scrollCols moves the first column on screen by delta, but not past the
// point where the last column is already in full view.
func (g *grid) scrollCols(delta, width, height int) {
	if delta > 0 {
		cols := g.layout(width, height)
		if len(cols) == 0 || cols[len(cols)-1].index == g.colCount()-1 && !g.cut(cols[len(cols)-1], height) {
			return
		}
	}
	g.left = clamp(g.left+delta, 0, g.colCount()-1)
}

// visible are the rows on screen.
func (g *grid) visible(height int) [][]string {
	if g.res == nil {
		return nil
	}
	var out [][]string
	for k := g.top; k < min(g.top+max(height, 0), len(g.order)); k++ {
		out = append(out, g.row(k))
	}
	return out
}

// natural is the width column i wants over the rows on screen, capped.
func (g *grid) natural(i, height int) int {
	w := ansi.StringWidth(g.title(i))
	for _, row := range g.visible(height) {
		w = max(w, ansi.StringWidth(cellText(row[i])))
	}
	return min(max(w, 1), maxColWidth)
}

// cut says a column on screen is narrower than it wants to be.
func (g *grid) cut(c gridCol, height int) bool { return c.width < g.natural(c.index, height) }

// layout picks the columns that fit in width from the first on screen,
// each as wide as its widest visible value up to maxColWidth; the last may
// be cut by the edge.
func (g *grid) layout(width, height int) []gridCol {
	var cols []gridCol
	used := 0
	for i := g.left; i < g.colCount(); i++ {
		gap := 0
		if len(cols) > 0 {
			gap = colGap
		}
		w := g.natural(i, height)
		room := width - used - gap
		if w > room {
			if room >= minPartial || len(cols) == 0 {
				cols = append(cols, gridCol{i, max(room, 1), g.numeric(i)})
			}
			break
		}
		cols = append(cols, gridCol{i, w, g.numeric(i)})
		used += gap + w
	}
	return cols
}

// numericTypes are DuckDB's number types but DECIMAL, which has a
// precision in its name.
var numericTypes = map[string]bool{"TINYINT": true, "SMALLINT": true, "INTEGER": true, "BIGINT": true, "HUGEINT": true,
	"UTINYINT": true, "USMALLINT": true, "UINTEGER": true, "UBIGINT": true, "UHUGEINT": true, "FLOAT": true, "DOUBLE": true}

// numeric says column i holds numbers, which line up on the right.
func (g *grid) numeric(i int) bool {
	if i >= len(g.res.Types) {
		return false
	}
	t := g.res.Types[i]
	return numericTypes[t] || strings.HasPrefix(t, "DECIMAL")
}

// render draws the header and the rows on screen, each line exactly
// width cells.
func (g *grid) render(s theme.Styles, width, height int) []string {
	cols := g.layout(width, height)
	line := func(values func(i int) string, style func(c gridCol, v string) string) string {
		var b strings.Builder
		for k, c := range cols {
			if k > 0 {
				b.WriteString(strings.Repeat(" ", colGap))
			}
			b.WriteString(style(c, common.Cell(cellText(values(c.index)), c.width, c.right)))
		}
		return b.String()
	}
	out := []string{s.Heading.Render(common.Cell(line(g.title,
		func(_ gridCol, v string) string { return v }), width, false))}
	for k, row := range g.visible(height) {
		if g.top+k == g.cur {
			// The selected row is one style end to end: a muted NULL
			// inside it would end its background early.
			out = append(out, s.Selected.Render(common.Cell(line(func(i int) string { return row[i] },
				func(_ gridCol, v string) string { return v }), width, false)))
			continue
		}
		out = append(out, line(func(i int) string { return row[i] }, func(c gridCol, v string) string {
			if row[c.index] == "NULL" {
				return s.Muted.Render(v)
			}
			return v
		}))
	}
	return out
}

// cellText makes a value safe for one line of the terminal: line breaks
// and tabs become spaces, and other control characters (an escape
// sequence in the data would restyle the screen) are dropped.
func cellText(v string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\n' || r == '\r' || r == '\t':
			return ' '
		case unicode.IsControl(r):
			return -1
		}
		return r
	}, v)
}

func clamp(v, lo, hi int) int { return max(min(v, hi), lo) }
