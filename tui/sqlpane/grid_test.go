package sqlpane

import (
	"fmt"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/leadlab/leadlab/queries"
	"github.com/leadlab/leadlab/tui/theme"
)

// gridOf is a grid over rows of the given columns, all text.
func gridOf(cols []string, rows ...[]string) *grid {
	types := make([]string, len(cols))
	for i := range types {
		types[i] = "VARCHAR"
	}
	g := newGrid(&queries.AdhocResult{Columns: cols, Types: types, Rows: rows})
	return &g
}

func widths(cols []gridCol) string {
	var parts []string
	for _, c := range cols {
		parts = append(parts, fmt.Sprintf("%d:%d", c.index, c.width))
	}
	return strings.Join(parts, " ")
}

func TestGridLayout(t *testing.T) {
	long := strings.Repeat("x", 50)
	g := gridOf([]string{"id", "long", "tail"}, []string{"1", long, "abcdefgh"}, []string{"22", "y", "z"})
	for _, tc := range []struct {
		width int
		want  string
	}{
		{80, "0:2 1:30 2:8"},
		{42, "0:2 1:30 2:6"}, // the last column cut by the edge
		{39, "0:2 1:30"},     // too little room left to show a cut column
		{10, "0:2 1:6"},
		{1, "0:1"}, // the first column always shows, however cut
	} {
		if got := widths(g.layout(tc.width, 10)); got != tc.want {
			t.Errorf("width %d: %s, want %s", tc.width, got, tc.want)
		}
	}
	g.left = 1
	if got := widths(g.layout(80, 10)); got != "1:30 2:8" {
		t.Errorf("from the second column: %s", got)
	}
}

// Widths come from the rows on screen only, so a long value further down
// does not widen the column until it scrolls into view.
func TestGridMeasuresVisibleRowsOnly(t *testing.T) {
	var rows [][]string
	for i := range 100 {
		rows = append(rows, []string{fmt.Sprint(i)})
	}
	rows[90][0] = strings.Repeat("w", 20)
	g := gridOf([]string{"v"}, rows...)
	if got := widths(g.layout(80, 10)); got != "0:1" {
		t.Errorf("top of the result: %s", got)
	}
	g.moveTo(95, 10)
	if got := widths(g.layout(80, 10)); got != "0:20" {
		t.Errorf("with row 90 on screen: %s", got)
	}
}

func TestGridMoveTo(t *testing.T) {
	var rows [][]string
	for i := range 20 {
		rows = append(rows, []string{fmt.Sprint(i)})
	}
	g := gridOf([]string{"v"}, rows...)
	for _, tc := range []struct{ to, cur, top int }{
		{7, 7, 3}, {2, 2, 2}, {100, 19, 15}, {-3, 0, 0}, {4, 4, 0},
	} {
		g.moveTo(tc.to, 5)
		if g.cur != tc.cur || g.top != tc.top {
			t.Errorf("moveTo(%d): row %d top %d, want %d %d", tc.to, g.cur, g.top, tc.cur, tc.top)
		}
	}
	empty := gridOf([]string{"v"})
	empty.moveTo(3, 5)
	if empty.cur != 0 || empty.top != 0 {
		t.Errorf("empty grid: %d %d", empty.cur, empty.top)
	}
}

// Scrolling right stops once the last column is in full view.
func TestGridScrollColsStops(t *testing.T) {
	g := gridOf([]string{"a", "b", "c", "d"}, []string{"aaaaaaaaaa", "bbbbbbbbbb", "cccccccccc", "dddddddddd"})
	for range 10 {
		g.scrollCols(1, 25, 5)
	}
	if g.left != 2 {
		t.Errorf("first column %d, want 2 (c and d fill 22 of 25 cells)", g.left)
	}
	for range 10 {
		g.scrollCols(-1, 25, 5)
	}
	if g.left != 0 {
		t.Errorf("back left: %d", g.left)
	}
}

func TestGridRender(t *testing.T) {
	g := gridOf([]string{"name", "n"}, []string{"a\tb\x1b[31m", "7"}, []string{"NULL", "1234"})
	g.res.Types[1] = "BIGINT"
	lines := g.render(theme.Default(), 20, 5)
	if len(lines) != 3 {
		t.Fatalf("%d lines, want the header and 2 rows", len(lines))
	}
	want := []string{"name        n", "a b[31m     7", "NULL     1234"}
	for i, l := range lines {
		got := strings.TrimRight(ansi.Strip(l), " ")
		if got != want[i] {
			t.Errorf("line %d: %q, want %q", i, got, want[i])
		}
		if ansi.StringWidth(l) > 20 {
			t.Errorf("line %d is %d cells", i, ansi.StringWidth(l))
		}
	}
}
