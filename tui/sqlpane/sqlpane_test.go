package sqlpane

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/leadlab/leadlab/queries"
	"github.com/leadlab/leadlab/tui/common"
	"github.com/leadlab/leadlab/tui/jobs"
	"github.com/leadlab/leadlab/tui/theme"
	"github.com/leadlab/leadlab/tui/tuitest"
)

// fixture is a result wider and longer than either screen.
func fixture() queries.AdhocResult {
	r := queries.AdhocResult{
		Columns:   []string{"lead_id", "email", "source", "score", "won", "created_at", "notes", "touches"},
		Types:     []string{"VARCHAR", "VARCHAR", "VARCHAR", "DOUBLE", "BOOLEAN", "TIMESTAMP", "VARCHAR", "BIGINT"},
		Truncated: true,
		Elapsed:   12 * time.Millisecond,
	}
	sources := []string{"paid_search", "organic", "partner", "webinar"}
	for i := range 40 {
		note := "NULL"
		if i%3 == 0 {
			note = fmt.Sprintf("asked for a demo twice, then went quiet for %d weeks", i)
		}
		r.Rows = append(r.Rows, []string{
			fmt.Sprintf("L%05d", i+1), fmt.Sprintf("person%d@company-%d.example.com", i, i*7), sources[i%4],
			fmt.Sprintf("%.2f", float64(i*37%100)/10), fmt.Sprint(i%5 == 0), fmt.Sprintf("2024-03-%02d 09:%02d:00", i%28+1, i%60), note, fmt.Sprint(i * 13 % 97),
		})
	}
	return r
}

func newPane(w, h int) *Model {
	m := New(&common.Common{Styles: theme.Default()})
	m.SetSize(w, h)
	return m
}

// checkSize fails unless view is exactly w × h cells.
func checkSize(t *testing.T, view string, w, h int) { t.Helper(); tuitest.CheckSize(t, view, w, h) }

func TestSQLPaneGolden(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {120, 36}} {
		w, h := size[0], size[1]
		m := newPane(w, h)
		m.SetQuery("SELECT lead_id, email, source, score, won, created_at, notes, touches\nFROM leads\nORDER BY created_at")
		r := fixture()
		m.grid = newGrid(&r)
		view := m.View()
		checkSize(t, view, w, h)
		tuitest.Golden(t, fmt.Sprintf("sql_%dx%d", w, h), ansi.Strip(view))
	}
}

func TestSQLPaneGoldenError(t *testing.T) {
	m := newPane(80, 24)
	m.SetQuery("SELECT nope FROM leads")
	m.c.Fail(m.Title(), errors.New(`Binder Error: Referenced column "nope" not found in FROM clause! Candidate bindings: "leads.lead_id", "leads.title", "leads.company", "leads.created_at"`))
	view := m.View()
	checkSize(t, view, 80, 24)
	tuitest.Golden(t, "sql_error_80x24", ansi.Strip(view))
}

// Every state of the screen fills its size exactly, down to tiny ones.
func TestSQLPaneFitsEverySize(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {120, 36}, {40, 10}, {20, 5}, {200, 60}} {
		w, h := size[0], size[1]
		m := newPane(w, h)
		checkSize(t, m.View(), w, h)
		r := fixture()
		m.grid = newGrid(&r)
		checkSize(t, m.View(), w, h)
		m.grid.moveTo(39, m.gridRows())
		m.grid.scrollCols(3, w, m.gridRows())
		checkSize(t, m.View(), w, h)
		m.c.Fail(m.Title(), errors.New(strings.Repeat("a long error ", 40)))
		checkSize(t, m.View(), w, h)
	}
}

// press sends one key (see tuitest.Key).
func press(m *Model, k string) tea.Cmd { return m.Update(tuitest.Key(k)) }

// The keys move the grid and stop at its ends; i and esc move focus in
// and out of the box, which takes the keys meanwhile.
func TestSQLPaneKeys(t *testing.T) {
	m := newPane(80, 24)
	r := fixture()
	m.grid = newGrid(&r)
	if m.Editing() {
		t.Fatal("the box has focus before i: the number keys would not switch screens")
	}
	press(m, "j")
	press(m, "j")
	if m.grid.cur != 2 {
		t.Errorf("after j j the row is %d", m.grid.cur)
	}
	press(m, "G")
	if m.grid.cur != 39 || m.grid.top != 40-m.gridRows() {
		t.Errorf("after G: row %d, top %d", m.grid.cur, m.grid.top)
	}
	press(m, "j")
	if m.grid.cur != 39 {
		t.Errorf("j past the end: row %d", m.grid.cur)
	}
	press(m, "g")
	press(m, "l")
	if m.grid.left != 1 || !strings.Contains(ansi.Strip(m.View()), "columns 2–") {
		t.Errorf("after l the first column is %d:\n%s", m.grid.left, ansi.Strip(m.View()))
	}
	press(m, "i")
	if !m.Editing() {
		t.Fatal("i did not focus the box")
	}
	press(m, "j")
	if m.grid.cur != 0 || m.editor.Value() != "j" {
		t.Errorf("while editing, j moved the grid (row %d) or was not typed (%q)", m.grid.cur, m.editor.Value())
	}
	press(m, "esc")
	if m.Editing() {
		t.Error("esc did not leave the box")
	}
}

// Queries run come back with ctrl+p and ctrl+n, or ↑ on the box's first
// line and ↓ on its last; the query being written is kept as a draft.
func TestSQLPaneHistoryKeys(t *testing.T) {
	m := newPane(80, 24)
	m.hist.add("SELECT 1")
	m.hist.add("SELECT 2\nFROM two")
	m.SetQuery("SELECT 3")
	press(m, "ctrl+p")
	if m.editor.Value() != "SELECT 2\nFROM two" {
		t.Fatalf("ctrl+p: %q", m.editor.Value())
	}
	press(m, "i")
	press(m, "up") // from the end of FROM two to its first line
	if m.editor.Value() != "SELECT 2\nFROM two" {
		t.Errorf("↑ inside a query recalled: %q", m.editor.Value())
	}
	press(m, "up")
	if m.editor.Value() != "SELECT 1" {
		t.Errorf("↑ on the first line: %q", m.editor.Value())
	}
	press(m, "down")
	press(m, "down")
	press(m, "down")
	if m.editor.Value() != "SELECT 3" {
		t.Errorf("↓ back to the draft: %q", m.editor.Value())
	}
	press(m, "ctrl+n")
	if m.editor.Value() != "SELECT 3" {
		t.Errorf("ctrl+n past the draft: %q", m.editor.Value())
	}
}

// The screen on the embedded sample, through the job runner: a query, a
// refusal, the row limit, a stale result and a cancel. The subtests share
// one loaded workspace, each with a screen and runner of its own.
func TestSQLPaneOnSample(t *testing.T) {
	ws := tuitest.Sample(t)
	pane := func() *Model {
		m := New(&common.Common{Styles: theme.Default(), Jobs: jobs.New(context.Background(), ws)})
		m.SetSize(100, 30)
		return m
	}
	t.Run("query", func(t *testing.T) {
		m := pane()
		m.SetQuery("SELECT event, count(*) AS n FROM events GROUP BY event ORDER BY n DESC")
		cmd := press(m, "ctrl+r")
		if !m.Busy() || !strings.Contains(ansi.Strip(m.View()), "running") {
			t.Error("no sign of the query running")
		}
		tuitest.Run(m.Update, cmd)
		v := ansi.Strip(m.View())
		if m.c.Failure(m.Title()) != nil || !strings.Contains(v, "email_sent") || !strings.Contains(v, "event") || m.Busy() {
			t.Fatalf("err %v, view:\n%s", m.c.Failure(m.Title()), v)
		}
		// A write is refused in words and leaves no grid behind.
		m.SetQuery("DROP TABLE events")
		tuitest.Run(m.Update, press(m, "ctrl+r"))
		if v := ansi.Strip(m.View()); !strings.Contains(v, "DROP is not allowed") || strings.Contains(v, "email_sent") {
			t.Errorf("DROP:\n%s", v)
		}
		// Many rows stop at the limit, and the screen says so.
		m.SetQuery("SELECT * FROM events")
		tuitest.Run(m.Update, press(m, "ctrl+r"))
		if m.grid.rowCount() != maxRows || !strings.Contains(ansi.Strip(m.View()), "first 1,000 rows; more exist") {
			t.Errorf("%d rows:\n%s", m.grid.rowCount(), ansi.Strip(m.View()))
		}
	})
	t.Run("stale result", func(t *testing.T) {
		m := pane()
		m.SetQuery("SELECT 1 AS old")
		first := m.run()
		m.SetQuery("SELECT 2 AS new")
		second := m.run()
		tuitest.Run(m.Update, second)
		tuitest.Run(m.Update, first)
		if m.grid.res == nil || m.grid.res.Columns[0] != "new" {
			t.Errorf("result %+v", m.grid.res)
		}
	})
	t.Run("esc cancels", func(t *testing.T) {
		m := pane()
		m.SetQuery("SELECT 42 AS answer")
		tuitest.Run(m.Update, press(m, "ctrl+r"))
		m.SetQuery("SELECT count(*) FROM range(10000000000)")
		// The commands run beside the screen, as the program runs them,
		// so that esc arrives while DuckDB is counting.
		batch := press(m, "ctrl+r")().(tea.BatchMsg)
		out := make(chan tea.Msg, len(batch))
		for _, c := range batch {
			go func() { out <- c() }()
		}
		time.Sleep(50 * time.Millisecond)
		start := time.Now()
		press(m, "esc")
		for range batch {
			m.Update(<-out)
		}
		if took := time.Since(start); took > 2*time.Second {
			t.Errorf("the cancelled query took %v to stop", took)
		}
		v := ansi.Strip(m.View())
		if m.Busy() || !m.cancelled || !strings.Contains(v, "cancelled") || !strings.Contains(v, "answer") {
			t.Errorf("after esc:\n%s", v)
		}
	})
}

// TestEmptyBoxSaysWhatToDo: the placeholder does not read as a query, and
// ctrl+r on the empty box says how to write one instead of doing nothing.
func TestEmptyBoxSaysWhatToDo(t *testing.T) {
	m := newPane(100, 24)
	if v := ansi.Strip(m.View()); strings.Contains(v, "SELECT event") || !strings.Contains(v, "type a query here") {
		t.Errorf("placeholder:\n%s", v)
	}
	if cmd := press(m, "ctrl+r"); cmd != nil {
		t.Error("ctrl+r on the empty box started something")
	}
	if v := ansi.Strip(m.View()); !strings.Contains(v, "Nothing to run: the box is empty. Press i, type a query") {
		t.Errorf("ctrl+r on the empty box:\n%s", v)
	}
	press(m, "i")
	press(m, "ctrl+r")
	if v := ansi.Strip(m.View()); !strings.Contains(v, "Nothing to run: the box is empty. Type a query") {
		t.Errorf("ctrl+r on the empty box, in it:\n%s", v)
	}
	press(m, "x")
	if v := ansi.Strip(m.View()); strings.Contains(v, "Nothing to run") {
		t.Errorf("the hint stays after typing:\n%s", v)
	}
}
