package tui

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"github.com/leadlab/leadlab/analysis"
	"github.com/leadlab/leadlab/queries"
	"github.com/leadlab/leadlab/tui/common"
	"github.com/leadlab/leadlab/tui/data"
	"github.com/leadlab/leadlab/tui/theme"
	"github.com/leadlab/leadlab/tui/tuitest"
)

// fixedModel is the workbench over a report built by hand: no database,
// no clock.
func fixedModel() *Model {
	c := &common.Common{Styles: theme.Default()}
	return NewModel(c, "embedded sample (in memory)", data.New(c, queries.OutcomeOptions{}, time.Now).WithReport(fixedReport()))
}

// fixedReport is a report built by hand, so the golden test needs no
// database and no clock.
func fixedReport() analysis.DataReport {
	from := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	to := time.Date(2025, 6, 30, 0, 0, 0, 0, time.UTC)
	mean, rate := 47.3, 0.1031
	return analysis.DataReport{
		Load: analysis.LoadSummary{Origin: "embedded sample"},
		Tables: map[string]analysis.TableStats{
			"accounts": {Loaded: true, File: "/tmp/x/accounts.csv.gz", Rows: 5012},
			"leads":    {Loaded: true, File: "/tmp/x/leads.csv.gz", Rows: 20000, Rejected: 2, From: &from, To: &to},
			"events":   {Loaded: true, File: "/tmp/x/events.csv.gz", Rows: 412345, From: &from, To: &to},
		},
		Outcome: analysis.OutcomeSummary{
			WindowDays: 48, WindowSource: "mean sales cycle (47.3 days over 1,804 won leads), rounded up",
			MeanCycleDays: &mean, AsOf: &to, AsOfSource: "latest timestamp in the data", Basis: "deals",
			Leads: 20000, Won: 1804, NotWon: 15692, Maturing: 2504, CloseRate: &rate,
			ExposureRule: "a lead's figures count only its own events strictly before its exposure cutoff: its first opportunity or the end of its 48-day window, whichever is earlier (with neither, every event through the as-of date); events with no time never count",
		},
		Rejected: 2,
		Rejects: []queries.Reject{{Table: "leads", File: "/tmp/x/leads.csv.gz", Line: 17, Column: "created_at",
			Value: "soon", Reason: "not a valid date or timestamp"}},
		Warnings: []queries.Warning{{Code: "won_before_created", Count: 1, Message: "won deals closed before their lead was created (first contact)"}},
	}
}

func TestDataViewGolden(t *testing.T) {
	for _, size := range [][2]int{{100, 32}, {80, 24}} {
		m := fixedModel()
		m.Update(tea.WindowSizeMsg{Width: size[0], Height: size[1]})
		tuitest.Golden(t, fmt.Sprintf("data_%dx%d", size[0], size[1]), ansi.Strip(m.View().Content))
	}
}

// TestHelpAndQuit drives the program as a user would: the screen shows
// the outcome rules, ? expands the help, q quits.
func TestHelpAndQuit(t *testing.T) {
	tm := teatest.NewTestModel(t, fixedModel(), teatest.WithInitialTermSize(100, 32))
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool {
		return bytes.Contains(b, []byte("maturing")) && bytes.Contains(b, []byte("quit"))
	}, teatest.WithDuration(5*time.Second))
	tm.Send(tea.KeyPressMsg{Code: '?', Text: "?"})
	tm.Send(tea.KeyPressMsg{Code: 'q', Text: "q"})
	tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
	final := tm.FinalModel(t).(*Model)
	if !final.help.ShowAll {
		t.Error("? did not expand the help")
	}
}

// dirtyPane stands in for a screen with unsaved changes.
type dirtyPane struct{ common.Pane }

func (dirtyPane) Dirty() bool { return true }

func TestQuitAsksWhenUnsaved(t *testing.T) {
	c := &common.Common{Styles: theme.Default()}
	m := NewModel(c, "ws", dirtyPane{data.New(c, queries.OutcomeOptions{}, time.Now).WithReport(fixedReport())})
	m.Update(tea.WindowSizeMsg{Width: 100, Height: 30})
	if _, cmd := m.Update(tea.KeyPressMsg{Code: 'q', Text: "q"}); cmd != nil || !strings.Contains(ansi.Strip(m.View().Content), "unsaved changes") {
		t.Fatal("q quit with unsaved changes, or did not say why it stayed")
	}
	m.Update(tea.KeyPressMsg{Code: 'x', Text: "x"})
	if m.confirmQuit {
		t.Error("another key did not cancel the question")
	}
	m.Update(tea.KeyPressMsg{Code: 'q', Text: "q"})
	if _, cmd := m.Update(tea.KeyPressMsg{Code: 'q', Text: "q"}); cmd == nil {
		t.Error("a second q did not quit")
	}
}

// countingPane counts how often it is started.
type countingPane struct {
	common.Pane
	title string
	inits int
	eager bool
}

func (p *countingPane) Init() tea.Cmd          { p.inits++; return nil }
func (p *countingPane) Title() string          { return p.title }
func (p *countingPane) Eager() bool            { return p.eager }
func (p *countingPane) Update(tea.Msg) tea.Cmd { return nil }

func TestScreensStartWhenFirstShown(t *testing.T) {
	c := &common.Common{Styles: theme.Default()}
	base := data.New(c, queries.OutcomeOptions{}, time.Now).WithReport(fixedReport())
	a, b, e := &countingPane{Pane: base, title: "A"}, &countingPane{Pane: base, title: "B"}, &countingPane{Pane: base, title: "E", eager: true}
	m := NewModel(c, "ws", a, b, e)
	m.Init()
	if a.inits != 1 || b.inits != 0 || e.inits != 1 {
		t.Fatalf("at start: A %d, B %d, eager E %d", a.inits, b.inits, e.inits)
	}
	m.Update(tea.KeyPressMsg{Code: '2', Text: "2"})
	m.Update(tea.KeyPressMsg{Code: '1', Text: "1"})
	m.Update(tea.KeyPressMsg{Code: '2', Text: "2"})
	if a.inits != 1 || b.inits != 1 {
		t.Errorf("after showing B twice: A %d, B %d", a.inits, b.inits)
	}
}

func TestTabsFitNarrowTerminals(t *testing.T) {
	c := &common.Common{Styles: theme.Default()}
	base := data.New(c, queries.OutcomeOptions{}, time.Now).WithReport(fixedReport())
	var panes []common.Pane
	for _, title := range []string{"Data", "Funnel", "Actions", "Scoring", "Cutoff", "Leads", "Campaigns", "SQL"} {
		panes = append(panes, &countingPane{Pane: base, title: title})
	}
	m := NewModel(c, "ws", panes...)
	m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	bar := ansi.Strip(m.tabBar())
	if !strings.Contains(bar, "8 SQL") || !strings.Contains(bar, "1 Data") || ansi.StringWidth(bar) > 80 {
		t.Errorf("tab bar at 80 columns: %q", bar)
	}
	m.Update(tea.WindowSizeMsg{Width: 140, Height: 24})
	if bar := ansi.Strip(m.tabBar()); !strings.Contains(bar, "7 Campaigns") {
		t.Errorf("tab bar at 140 columns: %q", bar)
	}
}

// TestFailedLoadReloadsAndKeepsItsReason: a Reloaded for a failed load
// rebuilds every screen, and the new Data screen says why it failed.
func TestFailedLoadReloadsAndKeepsItsReason(t *testing.T) {
	c := &common.Common{Styles: theme.Default()}
	built := 0
	screens := func() []common.Pane {
		built++
		return []common.Pane{data.New(c, queries.OutcomeOptions{}, time.Now).WithReport(fixedReport())}
	}
	m := NewModel(c, "ws.duckdb", screens()...).WithRebuild(screens)
	m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	m.Update(common.Reloaded{Note: "load failed, the workspace is as it was", LoadErr: "load failed, the workspace is as it was: workspace ws.duckdb is open in another process (PID 7)"})
	if built != 2 {
		t.Errorf("screens built %d times, want once more after the failed load", built)
	}
	if v := ansi.Strip(m.Active().View()); !strings.Contains(v, "PID 7") {
		t.Errorf("the Data screen does not say why the load failed:\n%s", v)
	}
}

// agreed stands for what a screen asks to do once the model may be
// replaced.
type agreed struct{}

// TestReplaceAsksWhenUnsaved: an action that replaces the scoring model
// goes ahead at once when nothing is unsaved; with unsaved changes the
// status line asks, any key but y keeps the changes and says so, and y
// goes ahead.
func TestReplaceAsksWhenUnsaved(t *testing.T) {
	c := &common.Common{Styles: theme.Default()}
	ask := common.ReplaceModel{What: "loads gen", Then: agreed{}}
	clean := NewModel(c, "ws", data.New(c, queries.OutcomeOptions{}, time.Now).WithReport(fixedReport()))
	if _, cmd := clean.Update(ask); cmd == nil || cmd() != (agreed{}) {
		t.Fatal("with nothing unsaved the action did not go ahead at once")
	}
	m := NewModel(c, "ws", dirtyPane{data.New(c, queries.OutcomeOptions{}, time.Now).WithReport(fixedReport())})
	m.Update(tea.WindowSizeMsg{Width: 120, Height: 30})
	status := func() string { return ansi.Strip(m.status()) }
	if _, cmd := m.Update(ask); cmd != nil || !strings.Contains(status(), "unsaved changes: y loads gen anyway") {
		t.Fatalf("did not ask: %q", status())
	}
	if _, cmd := m.Update(tea.KeyPressMsg{Code: 'n', Text: "n"}); cmd != nil || !strings.Contains(status(), "kept the unsaved changes") {
		t.Fatalf("n: went ahead, or did not say the changes are kept: %q", status())
	}
	m.Update(tea.KeyPressMsg{Code: tea.KeyDown})
	if strings.Contains(status(), "kept") {
		t.Errorf("the answer stays on the status line after the next key: %q", status())
	}
	m.Update(ask)
	if _, cmd := m.Update(tea.KeyPressMsg{Code: 'y', Text: "y"}); cmd == nil || cmd() != (agreed{}) || m.confirm != nil {
		t.Errorf("y did not go ahead")
	}
}

// TestEscClosesHelp: esc closes the full help as ? does, and the help
// says so while it is open.
func TestEscClosesHelp(t *testing.T) {
	m := fixedModel()
	m.Update(tea.WindowSizeMsg{Width: 100, Height: 32})
	m.Update(tea.KeyPressMsg{Code: '?', Text: "?"})
	if h := ansi.Strip(m.helpView()); !m.help.ShowAll || !regexp.MustCompile(`\?/esc +close help`).MatchString(h) {
		t.Fatalf("? did not open the help, or it does not say how to close it:\n%s", ansi.Strip(m.helpView()))
	}
	m.Update(tea.KeyPressMsg{Code: tea.KeyEscape})
	if m.help.ShowAll || !strings.Contains(ansi.Strip(m.helpView()), "? help") {
		t.Errorf("esc did not close the help:\n%s", ansi.Strip(m.helpView()))
	}
}

// TestStartScreenStartsWithoutShowing: a screen asked to start (the
// Scoring screen wants the Actions table's factor names) starts once and
// stays off view.
func TestStartScreenStartsWithoutShowing(t *testing.T) {
	c := &common.Common{Styles: theme.Default()}
	base := data.New(c, queries.OutcomeOptions{}, time.Now).WithReport(fixedReport())
	a, b := &countingPane{Pane: base, title: "A"}, &countingPane{Pane: base, title: "B"}
	m := NewModel(c, "ws", a, b)
	m.Init()
	m.Update(common.StartScreen{Title: "B"})
	m.Update(common.StartScreen{Title: "B"})
	if b.inits != 1 || m.Screen() != "A" {
		t.Errorf("B started %d times; on view: %s", b.inits, m.Screen())
	}
}

// TestTabClicks: a click anywhere on a tab shows its screen, at any
// width (titles off view are cut short when the bar is narrow), and a
// click on the app's name or past the last tab does nothing.
func TestTabClicks(t *testing.T) {
	c := &common.Common{Styles: theme.Default()}
	base := data.New(c, queries.OutcomeOptions{}, time.Now).WithReport(fixedReport())
	titles := []string{"Data", "Funnel", "Actions", "Scoring", "Cutoff", "Leads", "Campaigns", "SQL"}
	var panes []common.Pane
	for _, title := range titles {
		panes = append(panes, &countingPane{Pane: base, title: title})
	}
	m := NewModel(c, "ws", panes...)
	for _, w := range []int{80, 140} {
		m.Update(tea.WindowSizeMsg{Width: w, Height: 24})
		for i := range titles {
			m.active = 0
			bar := ansi.Strip(m.tabBar())
			label := fmt.Sprintf("%d ", i+1)
			x := strings.Index(bar, " "+label) + 1 // the tab's number; its padding is one cell before
			if i == 0 {
				x = strings.Index(bar, "1 Data")
			}
			for _, dx := range []int{-1, 1} { // the padding before and a cell of the title
				m.active = 7
				m.Update(tea.MouseClickMsg{X: x + dx, Y: 0, Button: tea.MouseLeft})
				if m.active != i {
					t.Errorf("width %d: a click at %d on %q shows %s", w, x+dx, bar, m.Screen())
				}
			}
		}
		m.active = 2
		for _, x := range []int{0, w - 1} {
			m.Update(tea.MouseClickMsg{X: x, Y: 0, Button: tea.MouseLeft})
			if m.active != 2 {
				t.Errorf("width %d: a click at %d shows %s", w, x, m.Screen())
			}
		}
	}
}

// TestLayoutAt80x24 checks what every screen relies on at the smallest
// size: a pane's prompt is drawn above the status line even when its
// view is taller than the window; the body then scrolls with J and K and
// says where it is; the full help takes the body; below 80×24 the
// workbench asks for room.
func TestLayoutAt80x24(t *testing.T) {
	c := &common.Common{Styles: theme.Default()}
	p := &tallPane{Pane: data.New(c, queries.OutcomeOptions{}, time.Now).WithReport(fixedReport()), lines: 60, prompt: "points for x: 12"}
	m := NewModel(c, "ws", p)
	m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	view := ansi.Strip(m.View().Content)
	fits(t, view, 80, 24)
	lines := trimmed(view)
	if lines[21] != "points for x: 12" || !strings.Contains(lines[20], "lines 1–18 of 60 · J/K scroll (more below)") || lines[2] != "line 1" {
		t.Fatalf("prompt or scroll line not where expected:\n%s", view)
	}
	m.Update(tea.KeyPressMsg{Code: 'J', Text: "J"})
	if lines := trimmed(ansi.Strip(m.View().Content)); lines[2] != "line 10" {
		t.Errorf("J scrolled to %q, want line 10", lines[2])
	}
	for range 10 {
		m.Update(tea.KeyPressMsg{Code: 'J', Text: "J"})
	}
	if lines := trimmed(ansi.Strip(m.View().Content)); lines[19] != "line 60" || !strings.Contains(lines[20], "(more above)") {
		t.Errorf("at the end: %q / %q", lines[19], lines[20])
	}
	p.cursor = 3
	m.Update(tea.KeyPressMsg{Code: 'x', Text: "x"})
	if lines := trimmed(ansi.Strip(m.View().Content)); lines[2] != "line 4" {
		t.Errorf("the cursor on line 4 is not in view: top %q", lines[2])
	}
	m.Update(tea.KeyPressMsg{Code: '?', Text: "?"})
	if view := ansi.Strip(m.View().Content); !strings.Contains(view, "Keys on this screen") || !strings.Contains(view, "cancel a running query") {
		t.Errorf("full help:\n%s", view)
	}
	m.Update(tea.KeyPressMsg{Code: tea.KeyEscape})
	m.Update(tea.WindowSizeMsg{Width: 79, Height: 30})
	if view := ansi.Strip(m.View().Content); !strings.Contains(view, "at least 80×24 (now 79×30)") {
		t.Errorf("below the minimum:\n%s", view)
	}
	fits(t, ansi.Strip(m.View().Content), 79, 30)
}

// tallPane is a screen taller than any window, with a prompt and a cursor.
type tallPane struct {
	common.Pane
	lines  int
	prompt string
	cursor int
}

func (p *tallPane) View() string {
	out := make([]string, p.lines)
	for i := range out {
		out[i] = fmt.Sprintf("line %d", i+1)
	}
	return strings.Join(out, "\n")
}
func (p *tallPane) Prompt() string         { return p.prompt }
func (p *tallPane) CursorLine() int        { return p.cursor }
func (p *tallPane) Update(tea.Msg) tea.Cmd { return nil }

// trimmed is the view's lines without the blanks that pad them.
func trimmed(view string) []string {
	lines := strings.Split(view, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " ")
	}
	return lines
}

// TestErrorOnStatusLine: a failure a screen reports is on the status
// line, named by the screen, until the next key.
func TestErrorOnStatusLine(t *testing.T) {
	m := fixedModel()
	m.Update(tea.WindowSizeMsg{Width: 100, Height: 30})
	m.Update(common.Error{Screen: "Leads", Err: errors.New("no leads table")})
	status := func() string { return ansi.Strip(m.status()) }
	if got := status(); !strings.HasPrefix(got, "Leads: no leads table  ·  embedded sample") {
		t.Errorf("status line %q", got)
	}
	m.Update(common.Error{Screen: "Actions", Err: context.Canceled})
	if got := status(); !strings.HasPrefix(got, "Actions: cancelled") {
		t.Errorf("a cancelled job: %q", got)
	}
	m.Update(tea.KeyPressMsg{Code: tea.KeyRight})
	if got := status(); strings.Contains(got, "cancelled") {
		t.Errorf("a key did not clear the failure: %q", got)
	}
	// DuckDB's errors run over several lines; the status line is one.
	m.Update(common.Error{Screen: "SQL", Err: errors.New("Binder Error: no column \"nope\"\nCandidate bindings: \"role\"")})
	if got := status(); strings.Contains(got, "\n") || !strings.HasPrefix(got, `SQL: Binder Error: no column "nope" Candidate bindings: "role"`) {
		t.Errorf("a failure over two lines: %q", got)
	}
}

// TestTraceNamedOnStatusLine: with LEADLAB_TRACE the status line says
// where the SQL trace goes, as it is not on the screen.
func TestTraceNamedOnStatusLine(t *testing.T) {
	m := fixedModel().WithTrace("/state/leadlab/leadlab-trace.log")
	m.Update(tea.WindowSizeMsg{Width: 120, Height: 30})
	if got := ansi.Strip(m.status()); !strings.Contains(got, "SQL trace in /state/leadlab/leadlab-trace.log") {
		t.Errorf("status line %q", got)
	}
}
