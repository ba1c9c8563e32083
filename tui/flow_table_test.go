package tui

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"github.com/leadlab/leadlab/queries"
	"github.com/leadlab/leadlab/tui/common"
	"github.com/leadlab/leadlab/tui/cutoff"
	"github.com/leadlab/leadlab/tui/data"
	"github.com/leadlab/leadlab/tui/funnel"
	"github.com/leadlab/leadlab/tui/jobs"
	"github.com/leadlab/leadlab/tui/leads"
	"github.com/leadlab/leadlab/tui/session"
	"github.com/leadlab/leadlab/tui/sqlpane"
	"github.com/leadlab/leadlab/tui/theme"
	"github.com/leadlab/leadlab/tui/tuitest"
)

// tabX is the column of the tab bar where the tab titled title is drawn.
func tabX(t *testing.T, m *Model, width int, title string) int {
	t.Helper()
	m.width = width
	bar := ansi.Strip(m.tabBar())
	i := strings.Index(bar, title)
	if i < 0 {
		t.Fatalf("no tab %q in %q", title, bar)
	}
	return ansi.StringWidth(bar[:i])
}

// TestMouseTabFlow: a click on a tab shows its screen, a click on a
// tab's number does too, and a click elsewhere on the bar does nothing.
func TestMouseTabFlow(t *testing.T) {
	if testing.Short() {
		t.Skip("loads the sample")
	}
	ctx := context.Background()
	ws := tuitest.Sample(t)
	c := &common.Common{Styles: theme.Default(), Jobs: jobs.New(ctx, ws), Session: &session.Store{}}
	opt := queries.OutcomeOptions{}
	m := NewModel(c, "sample", data.New(c, opt, time.Now), funnel.New(c, opt), sqlpane.New(c))
	x := tabX(t, m, 100, "Funnel")
	sql := tabX(t, m, 100, "3 SQL")
	sc := newScreen(t, m, 100, 30)
	sc.wait("the data screen", "How outcomes are counted", "20,000")
	sc.send(tea.MouseClickMsg{X: x + 2, Y: 0, Button: tea.MouseLeft})
	sc.wait("the funnel, clicked", "1 Target accounts")
	if m.Screen() != "Funnel" {
		t.Errorf("on screen: %s", m.Screen())
	}
	// A right click and a click beyond the last tab change nothing.
	sc.send(tea.MouseClickMsg{X: sql, Y: 0, Button: tea.MouseRight})
	sc.send(tea.MouseClickMsg{X: 99, Y: 0, Button: tea.MouseLeft})
	sc.wait("still the funnel", "1 Target accounts")
	sc.send(tea.MouseClickMsg{X: sql, Y: 0, Button: tea.MouseLeft})
	sc.wait("the SQL screen, clicked on its number", "i writes a query")
	sc.keys("q")
	sc.tm.WaitFinished(t, teatest.WithFinalTimeout(10*time.Second))
}

// TestLeadsSearchFlow: on the Leads screen / filters the leads by id as
// it is typed, enter keeps the filter, s sorts, and esc on / brings
// every lead back.
func TestLeadsSearchFlow(t *testing.T) {
	if testing.Short() {
		t.Skip("loads the sample and tunes a model")
	}
	ctx := context.Background()
	ws := tuitest.Sample(t)
	c := &common.Common{Styles: theme.Default(), Jobs: jobs.New(ctx, ws), Session: &session.Store{}}
	opt := queries.OutcomeOptions{}
	m := NewModel(c, "sample", cutoff.New(c, "", opt, time.Now), leads.New(c))
	sc := newScreen(t, m, 120, 40)
	sc.keys("2")
	sc.wait("the leads", "Leads scored today", "20,000, ")
	sc.keys("/L1000")
	sc.wait("the filter as typed", "/ L1000", "11 of 20,000", "L10009")
	sc.send(tea.KeyPressMsg{Code: tea.KeyEnter})
	sc.wait("the filter kept", `id ~ "L1000"`)
	sc.keys("ss") // score → status → lead
	sc.waitFor("sorted by lead id", func(frame []byte) bool {
		s := ansi.Strip(string(frame))
		i, j := strings.Index(s, " L1000 "), strings.Index(s, " L10000 ")
		return strings.Contains(s, "lead▲") && i >= 0 && j > i
	})
	sc.keys("/")
	sc.send(tea.KeyPressMsg{Code: tea.KeyEscape})
	sc.wait("every lead again", "lead▲", " L1 ", " L2 ")
	sc.keys("q")
	sc.tm.WaitFinished(t, teatest.WithFinalTimeout(10*time.Second))
}

// TestSQLExportFlow runs a query, writes the grid as CSV with w, reads
// the file back, and is asked before the file is written over.
func TestSQLExportFlow(t *testing.T) {
	if testing.Short() {
		t.Skip("loads the sample")
	}
	dir := t.TempDir()
	t.Chdir(dir) // the default file is in the working folder
	ctx := context.Background()
	ws := tuitest.Sample(t)
	c := &common.Common{Styles: theme.Default(), Jobs: jobs.New(ctx, ws), Session: &session.Store{}}
	m := NewModel(c, "sample", sqlpane.New(c))
	sc := newScreen(t, m, 120, 30)
	sc.keys("i")
	sc.keys("SELECT lead_id, account_id, NULL AS note FROM leads WHERE lead_id IN ('L9', 'L10', 'L109') ORDER BY lead_id")
	sc.send(tea.KeyPressMsg{Code: 'r', Mod: tea.ModCtrl})
	sc.wait("the result", "3 rows")
	sc.send(tea.KeyPressMsg{Code: tea.KeyEscape})
	sc.keys("s") // by lead_id, naturally: L9, L10, L109
	sc.wait("the grid sorted", "lead_id▲")
	sc.keys("w")
	sc.wait("the prompt", "write the table as CSV to: query.csv")
	sc.send(tea.KeyPressMsg{Code: tea.KeyEnter})
	sc.wait("written", "wrote 3 rows to query.csv")
	path := filepath.Join(dir, "query.csv")
	body, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var want strings.Builder
	want.WriteString("lead_id,account_id,note\n")
	for _, id := range []string{"L9", "L10", "L109"} {
		var acc string
		if err := ws.DB.QueryRow("SELECT account_id FROM leads WHERE lead_id = ?", id).Scan(&acc); err != nil {
			t.Fatal(err)
		}
		want.WriteString(id + "," + acc + ",\n")
	}
	if string(body) != want.String() {
		t.Errorf("query.csv:\n%s\nwant:\n%s", body, want.String())
	}
	// Again: the file is there, so the workbench asks; any key but y
	// goes back to the name, esc gives up, and the file is untouched.
	if err := os.WriteFile(path, []byte("mine\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	sc.keys("w")
	sc.wait("the prompt", "write the table as CSV to: query.csv")
	sc.send(tea.KeyPressMsg{Code: tea.KeyEnter})
	sc.wait("the question", "query.csv exists: y overwrites it")
	sc.keys("n")
	sc.wait("back to the name", "write the table as CSV to: query.csv")
	sc.send(tea.KeyPressMsg{Code: tea.KeyEnter})
	sc.wait("the question again", "query.csv exists: y overwrites it")
	sc.send(tea.KeyPressMsg{Code: tea.KeyEscape})
	sc.wait("given up", "3 rows")
	if b, _ := os.ReadFile(path); string(b) != "mine\n" {
		t.Errorf("the file was written over without a yes: %q", b)
	}
	sc.keys("w")
	sc.send(tea.KeyPressMsg{Code: tea.KeyEnter})
	sc.wait("the question", "query.csv exists: y overwrites it")
	sc.keys("y")
	sc.wait("written over", "wrote 3 rows to query.csv")
	if b, _ := os.ReadFile(path); string(b) != want.String() {
		t.Errorf("after y: %q", b)
	}
	sc.keys("q")
	sc.tm.WaitFinished(t, teatest.WithFinalTimeout(10*time.Second))
}
