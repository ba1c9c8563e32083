package common

import tea "charm.land/bubbletea/v2"

// Table is a screen that shows a table (Actions, Leads, Campaigns, the
// SQL grid): the workbench copies its selected row to the clipboard (y,
// Y) and writes the whole table as CSV (w), so that each screen only
// says what its table holds.
type Table interface {
	// Table is the table as on view, filtered and sorted: every row,
	// not only those on screen.
	Table() TableData
}

// TableData is a table's rows for copying and writing. Row reads data
// the screen never changes once made (a new sort or result makes a new
// slice), so a command may call it off the UI loop.
type TableData struct {
	Name     string   // names the default CSV file: "leads" gives leads.csv
	Header   []string // the column names
	Len      int      // the number of rows
	Row      func(i int) []string
	Selected int // the selected row, -1 when there is none
	Value    int // the column whose value y copies: an id or a name
}

// Clicker is a screen that selects what is clicked: x and y are cells
// within the screen's own view, (0, 0) its top left corner.
type Clicker interface {
	Click(x, y int) tea.Cmd
}

// Scroller is a screen whose list the mouse wheel scrolls: lines is
// negative upwards.
type Scroller interface {
	Scroll(lines int)
}
