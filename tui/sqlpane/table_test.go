package sqlpane

import (
	"slices"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/leadlab/leadlab/queries"
)

// TestGridSearchSortClick: / keeps the rows with the text in any cell; s
// sorts by the next column in natural order, numbers as numbers and
// NULLs last; a click selects the row under it; the table handed to y
// and w is the grid as on view, NULL an empty field.
func TestGridSearchSortClick(t *testing.T) {
	m := newPane(100, 30)
	r := queries.AdhocResult{Columns: []string{"account_id", "leads"}, Types: []string{"VARCHAR", "BIGINT"},
		Rows:  [][]string{{"A1080", "3"}, {"A109", "12"}, {"B7", "NULL"}, {"A2", "9"}, {"A10", "100"}},
		Nulls: [][]bool{{false, false}, {false, false}, {false, true}, {false, false}, {false, false}}}
	m.grid = newGrid(&r)
	col := func(c int) []string {
		var out []string
		for k := range m.grid.rowCount() {
			out = append(out, m.grid.row(k)[c])
		}
		return out
	}
	press(m, "s")
	if got, want := col(0), []string{"A2", "A10", "A109", "A1080", "B7"}; !slices.Equal(got, want) {
		t.Errorf("by account_id: %v, want %v", got, want)
	}
	press(m, "s")
	if got, want := col(1), []string{"3", "9", "12", "100", "NULL"}; !slices.Equal(got, want) {
		t.Errorf("by leads: %v, want %v", got, want)
	}
	press(m, "S")
	if got, want := col(1), []string{"100", "12", "9", "3", "NULL"}; !slices.Equal(got, want) {
		t.Errorf("by leads, reversed: %v, want %v", got, want)
	}
	if v := ansi.Strip(m.View()); !strings.Contains(v, "leads▼") {
		t.Errorf("the sorted column is not marked:\n%s", v)
	}
	for _, k := range []string{"/", "a", "1", "0"} {
		press(m, k)
	}
	if !m.Editing() {
		t.Error("the filter is not open while typed")
	}
	press(m, "enter")
	if got, want := col(0), []string{"A10", "A109", "A1080"}; !slices.Equal(got, want) {
		t.Errorf("filtered on a10: %v, want %v", got, want)
	}
	if v := ansi.Strip(m.View()); !strings.Contains(v, `any cell ~ "a10" · 3 of 5 rows`) {
		t.Errorf("the filter is not on screen:\n%s", v)
	}
	lines := strings.Split(ansi.Strip(m.View()), "\n")
	y := slices.IndexFunc(lines, func(l string) bool { return strings.HasPrefix(l, "A1080 ") })
	if y < 0 {
		t.Fatal("A1080 is not on screen")
	}
	m.Click(2, y)
	d := m.Table()
	if d.Len != 3 || d.Row(d.Selected)[d.Value] != "A1080" {
		t.Errorf("after the click: %d rows, selected %v", d.Len, d.Row(max(d.Selected, 0)))
	}
	press(m, "/")
	press(m, "esc")
	press(m, "G")
	if d := m.Table(); d.Row(d.Selected)[0] != "B7" || d.Row(d.Selected)[1] != "" {
		t.Errorf("the NULL row as written: %q", d.Row(d.Selected))
	}
	// A click in the box starts editing the query.
	m.Click(3, 0)
	if !m.editor.Focused() {
		t.Error("a click in the box did not focus it")
	}
}
