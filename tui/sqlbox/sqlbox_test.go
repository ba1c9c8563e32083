package sqlbox

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/leadlab/leadlab/queries"
	"github.com/leadlab/leadlab/tui/common"
	"github.com/leadlab/leadlab/tui/jobs"
	"github.com/leadlab/leadlab/tui/theme"
	"github.com/leadlab/leadlab/tui/tuitest"
)

func sample(t *testing.T) *Model {
	t.Helper()
	ctx := context.Background()
	ws := tuitest.Sample(t)
	m := New(&common.Common{Styles: theme.Default(), Jobs: jobs.New(ctx, ws)})
	m.SetSize(100, 20)
	return m
}

// run executes a command and feeds the job results back.
func run(m *Model, cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	switch msg := cmd().(type) {
	case tea.BatchMsg:
		for _, c := range msg {
			run(m, c)
		}
	case jobs.Done:
		m.Update(msg)
	}
}

func query(m *Model, q string) {
	m.editor.SetValue(q)
	run(m, m.Update(tea.KeyPressMsg{Code: 'r', Mod: tea.ModCtrl}))
}

func TestQueriesTheSample(t *testing.T) {
	m := sample(t)
	if m.Editing() {
		t.Fatal("the editor is focused before i: the number keys would not switch screens")
	}
	query(m, "SELECT event, count(*) AS n FROM events GROUP BY event ORDER BY n DESC")
	v := ansi.Strip(m.View())
	if m.err != nil || !strings.Contains(v, "email_sent") || !strings.Contains(v, "event") {
		t.Fatalf("err %v, view:\n%s", m.err, v)
	}
	// Scrolling stops at the ends.
	for range 100 {
		m.Update(tea.KeyPressMsg{Code: tea.KeyDown})
	}
	if m.row != max(len(m.result.Rows)-(m.gridHeight()-1), 0) {
		t.Errorf("scrolled to row %d of %d", m.row, len(m.result.Rows))
	}
	// A write is refused in words, and the last result stays.
	query(m, "DROP TABLE leads")
	if m.err == nil || !strings.Contains(ansi.Strip(m.View()), "DROP is not allowed") {
		t.Errorf("DROP: %v", m.err)
	}
	// History: ctrl+p brings back the queries run, newest first.
	m.editor.SetValue("")
	m.Update(tea.KeyPressMsg{Code: 'p', Mod: tea.ModCtrl})
	if m.editor.Value() != "DROP TABLE leads" {
		t.Errorf("history: %q", m.editor.Value())
	}
	m.Update(tea.KeyPressMsg{Code: 'p', Mod: tea.ModCtrl})
	if !strings.HasPrefix(m.editor.Value(), "SELECT event") {
		t.Errorf("history: %q", m.editor.Value())
	}
	// Many rows are capped and the screen says so.
	query(m, "SELECT * FROM events")
	if len(m.result.Rows) != maxRows || !strings.Contains(ansi.Strip(m.View()), "there are more") {
		t.Errorf("%d rows, view:\n%s", len(m.result.Rows), ansi.Strip(m.View()))
	}
}

func TestStaleResultIgnored(t *testing.T) {
	m := sample(t)
	m.editor.SetValue("SELECT 1 AS old")
	first := m.run()
	m.editor.SetValue("SELECT 2 AS new")
	second := m.run()
	run(m, second)
	run(m, first)
	if m.result == nil || m.result.Columns[0] != "new" {
		t.Errorf("result %+v", m.result)
	}
}

var update = flag.Bool("update", false, "rewrite the golden files")

func TestSQLScreenGolden(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {120, 36}} {
		m := New(&common.Common{Styles: theme.Default()})
		m.SetSize(size[0], size[1])
		m.editor.SetValue("SELECT source, count(*) AS leads FROM leads GROUP BY source ORDER BY leads DESC")
		m.result = &queries.ReadResult{Columns: []string{"source", "leads", "a_long_column_name_that_is_cut_short"},
			Rows: [][]string{{"paid_search", "4,812", "x"}, {"organic", "4,101", "NULL"}, {"partner", "1,930", strings.Repeat("y", 40)}}, Elapsed: 12e6}
		got := ansi.Strip(m.View())
		golden := filepath.Join("testdata", fmt.Sprintf("sql_%dx%d.golden", size[0], size[1]))
		if *update {
			os.MkdirAll("testdata", 0o755)
			os.WriteFile(golden, []byte(got), 0o644)
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatalf("%v (go test ./tui/sqlbox -update)", err)
		}
		if got != string(want) {
			t.Errorf("view at %v differs from %s:\n%s", size, golden, got)
		}
	}
}
