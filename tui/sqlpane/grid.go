package sqlpane

import (
	"strings"
	"unicode"

	"github.com/charmbracelet/x/ansi"

	"github.com/leadlab/leadlab/queries"
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
	res  *queries.AdhocResult
	cur  int // the selected row
	top  int // the first row on screen
	left int // the first column on screen
}

// gridCol is a column on screen.
type gridCol struct {
	index, width int
	right        bool // numbers line up on the right
}

func (g *grid) rowCount() int {
	if g.res == nil {
		return 0
	}
	return len(g.res.Rows)
}

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
	return g.res.Rows[g.top:min(g.top+max(height, 0), len(g.res.Rows))]
}

// natural is the width column i wants over the rows on screen, capped.
func (g *grid) natural(i, height int) int {
	w := ansi.StringWidth(g.res.Columns[i])
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
			b.WriteString(style(c, pad(values(c.index), c.width, c.right)))
		}
		return b.String()
	}
	out := []string{s.Heading.Render(pad(line(func(i int) string { return g.res.Columns[i] },
		func(_ gridCol, v string) string { return v }), width, false))}
	for k, row := range g.visible(height) {
		if g.top+k == g.cur {
			// The selected row is one style end to end: a muted NULL
			// inside it would end its background early.
			out = append(out, s.Selected.Render(pad(line(func(i int) string { return row[i] },
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

// pad fits v into exactly w cells, cut with … or padded on the side
// away from its alignment.
func pad(v string, w int, right bool) string {
	v = ansi.Truncate(cellText(v), w, "…")
	fill := strings.Repeat(" ", max(w-ansi.StringWidth(v), 0))
	if right {
		return fill + v
	}
	return v + fill
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
