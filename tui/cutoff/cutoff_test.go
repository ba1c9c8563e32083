package cutoff

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/leadlab/leadlab/analysis/scoring"
	"github.com/leadlab/leadlab/internal/numfmt"
	"github.com/leadlab/leadlab/queries"
	"github.com/leadlab/leadlab/tui/common"
	"github.com/leadlab/leadlab/tui/jobs"
	"github.com/leadlab/leadlab/tui/session"
	"github.com/leadlab/leadlab/tui/theme"
	"github.com/leadlab/leadlab/tui/tuitest"
)

// sampleWS loads the embedded sample into memory.
func sampleWS(t *testing.T) *queries.Workspace { return tuitest.Sample(t) }

// fixedConfig is a model written by hand, so the screen does not move
// when tuning changes.
func fixedConfig(t *testing.T) string {
	cfg := scoring.Default()
	one := 1
	cfg.Fit = []scoring.Rule{{Factor: "account:target=true", Points: 9}}
	cfg.Pain = []scoring.Rule{{Factor: "event:document_created", Points: 28, Cap: &one},
		{Factor: "event:demo_request", Points: 13, Cap: &one}, {Factor: "event:trial_signup", Points: 7, Cap: &one}}
	cfg.Cutoff, cfg.GoodFit, cfg.HighPain = 13, 9, 7
	body, err := scoring.EncodeYAML(cfg)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "model.yaml")
	if err := os.WriteFile(path, body, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// run executes a command and its batches, feeding each message to m, as
// the program would; spinner ticks are dropped.
func run(m *Model, cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	switch msg := cmd().(type) {
	case tea.BatchMsg:
		for _, c := range msg {
			run(m, c)
		}
	case nil:
	default:
		if _, tick := msg.(interface{ Tick() }); tick {
			return
		}
		if fmt.Sprintf("%T", msg) == "spinner.TickMsg" {
			return
		}
		run(m, m.Update(msg))
	}
}

func opened(t *testing.T) *Model {
	t.Helper()
	ws := sampleWS(t)
	c := &common.Common{Styles: theme.Default(), Jobs: jobs.New(context.Background(), ws), Session: &session.Store{}}
	m := New(c, fixedConfig(t), queries.OutcomeOptions{}, time.Now)
	run(m, m.Init())
	if m.sess == nil {
		t.Fatalf("no session: %v", m.c.Failure(m.Title()))
	}
	return m
}

func TestCutoffScreenGolden(t *testing.T) {
	m := opened(t)
	for _, size := range [][2]int{{120, 36}, {80, 30}} {
		m.SetSize(size[0], size[1])
		tuitest.Golden(t, fmt.Sprintf("cutoff_%dx%d", size[0], size[1]), ansi.Strip(m.View()))
	}
}

func TestCutoffKeys(t *testing.T) {
	m := opened(t)
	m.SetSize(120, 36)
	start := m.sess.Config.Cutoff
	rows := m.sess.Report.Rows
	// ← moves to the next lower cutoff of the sweep, → back.
	run(m, m.Update(tea.KeyPressMsg{Code: tea.KeyLeft}))
	lower := m.sess.Config.Cutoff
	if lower >= start || m.sess.Report.AtCutoff == nil || m.sess.Report.AtCutoff.Cutoff != lower {
		t.Errorf("← went from %v to %v (rows %v…)", start, lower, rows[:3])
	}
	run(m, m.Update(tea.KeyPressMsg{Code: tea.KeyRight}))
	if m.sess.Config.Cutoff != start {
		t.Errorf("→ came back to %v, want %v", m.sess.Config.Cutoff, start)
	}
	// r jumps to the recommendation.
	run(m, m.Update(tea.KeyPressMsg{Code: 'r', Text: "r"}))
	if rc := m.sess.Report.Recommended.Cutoff; rc == nil || m.sess.Config.Cutoff != *rc {
		t.Errorf("r: cutoff %v, recommendation %v", m.sess.Config.Cutoff, rc)
	}
	// Keys pressed faster than the model is recomputed compose: two ←
	// move two steps, even when the first result arrives last.
	at := m.sess.Config.Cutoff
	first := m.Update(tea.KeyPressMsg{Code: tea.KeyLeft})
	second := m.Update(tea.KeyPressMsg{Code: tea.KeyLeft})
	if !m.Dirty() {
		t.Error("a cutoff still being recomputed counts as saved; q would lose it")
	}
	late := make(chan tea.Msg)
	go func() { late <- second() }()
	one := first()
	two := <-late
	run(m, func() tea.Msg { return two })
	run(m, func() tea.Msg { return one })
	if want := neighbour(rows, neighbour(rows, at, 1), 1); m.sess.Config.Cutoff != want || want >= at || m.Dirty() {
		t.Errorf("two ← from %v: cutoff %v, want %v (running %v)", at, m.sess.Config.Cutoff, want, m.edit.Running())
	}
	if at == start {
		t.Fatal("the recommendation is the starting cutoff: undo cannot be told from no change")
	}
	// u takes back the two ← at once (moves in a row are one step), then
	// the jump to the recommendation; ctrl+r does the jump again.
	for _, k := range []struct {
		key  tea.KeyPressMsg
		want float64
	}{{tea.KeyPressMsg{Code: 'u', Text: "u"}, at}, {tea.KeyPressMsg{Code: 'u', Text: "u"}, start}, {tea.KeyPressMsg{Code: 'r', Mod: tea.ModCtrl}, at}} {
		run(m, m.Update(k.key))
		if m.sess.Config.Cutoff != k.want {
			t.Errorf("%s: cutoff %v, want %v (%q)", k.key, m.sess.Config.Cutoff, k.want, m.message)
		}
	}
	// t edits the target; a reversed range is refused in words.
	run(m, m.Update(tea.KeyPressMsg{Code: 't', Text: "t"}))
	if !m.Editing() {
		t.Fatal("t did not open the target field")
	}
	m.target.SetValue("20-12")
	run(m, m.Update(tea.KeyPressMsg{Code: tea.KeyEnter}))
	if m.Editing() || !strings.Contains(m.message, "reversed") {
		t.Errorf("reversed target: editing %v, message %q", m.Editing(), m.message)
	}
	run(m, m.Update(tea.KeyPressMsg{Code: 't', Text: "t"}))
	m.target.SetValue("15-20")
	run(m, m.Update(tea.KeyPressMsg{Code: tea.KeyEnter}))
	if tg := m.sess.Config.Target; tg.Low != 0.15 || tg.High != 0.20 || m.sess.Report.Target != tg {
		t.Errorf("target %+v, report %+v", tg, m.sess.Report.Target)
	}
}

// With no wins the screen says there is nothing to tune, in the words
// report cutoffs exits with, and draws no chart of 0% close rates.
func TestNoWinsSaysNothingToTune(t *testing.T) {
	c := &common.Common{Styles: theme.Default(), Jobs: jobs.New(context.Background(), nil), Session: &session.Store{}}
	m := New(c, "", queries.OutcomeOptions{}, time.Now)
	m.sess = &session.Session{Config: scoring.Default(), Report: scoring.CutoffReport{Unit: "lead", Leads: 12, Won: 0}}
	m.SetSize(100, 30)
	got := strings.Join(strings.Fields(ansi.Strip(m.View())), " ")
	if want := scoring.NoContrast(12, 0, "lead"); !strings.Contains(got, want) {
		t.Errorf("screen does not say %q:\n%s", want, got)
	}
	if strings.Contains(got, "recommended") || strings.Contains(got, "close rate │") {
		t.Errorf("a recommendation or chart is drawn with nothing to compare:\n%s", got)
	}
}

// TestTargetFieldReopensAtTheEnd: a refused target leaves the field's
// cursor wherever the analyst had put it; t opens the field again with
// the cursor after the target on view, where typing continues it.
func TestTargetFieldReopensAtTheEnd(t *testing.T) {
	m := opened(t)
	m.SetSize(120, 36)
	run(m, m.Update(tea.KeyPressMsg{Code: 't', Text: "t"}))
	run(m, m.Update(tea.KeyPressMsg{Code: tea.KeyHome}))
	run(m, m.Update(tea.KeyPressMsg{Code: 'x', Text: "x"}))
	run(m, m.Update(tea.KeyPressMsg{Code: tea.KeyEnter}))
	if m.Editing() || !strings.Contains(m.message, "want LOW-HIGH") {
		t.Fatalf("x10-15 was not refused: editing %v, %q", m.Editing(), m.message)
	}
	run(m, m.Update(tea.KeyPressMsg{Code: 't', Text: "t"}))
	if v := m.target.Value(); v != "10-15" || m.target.Position() != len(v) {
		t.Errorf("t after a refused entry: %q with the cursor at %d, want it at %d", v, m.target.Position(), len(v))
	}
}

// TestCancelledOpenSaysSoAndStartsAgain: esc while the model is being
// built says "cancelled" in words (not Go's "context canceled"), and r
// builds it again.
func TestCancelledOpenSaysSoAndStartsAgain(t *testing.T) {
	ws := sampleWS(t)
	c := &common.Common{Styles: theme.Default(), Jobs: jobs.New(context.Background(), ws), Session: &session.Store{}}
	m := New(c, fixedConfig(t), queries.OutcomeOptions{}, time.Now)
	m.SetSize(120, 36)
	start := m.Init()
	m.Update(tea.KeyPressMsg{Code: tea.KeyEscape})
	run(m, start)
	view := ansi.Strip(m.View())
	if m.sess != nil || !strings.Contains(view, "cancelled: r starts it again") || strings.Contains(view, "canceled") {
		t.Fatalf("after esc: session %v, view:\n%s", m.sess != nil, view)
	}
	if h := m.ShortHelp(); len(h) != 1 || h[0].Help().Key != "r" {
		t.Errorf("help after the cancel: %v", h)
	}
	run(m, m.Update(tea.KeyPressMsg{Code: 'r', Text: "r"}))
	if m.sess == nil || m.c.Failure(m.Title()) != nil {
		t.Errorf("r did not build the model again: %v", m.c.Failure(m.Title()))
	}
}

// TestTypedCutoff: c opens a field on the cutoff in force; a number
// typed there becomes the cutoff, one step for undo, and anything else
// is refused in words with the cutoff unchanged.
func TestTypedCutoff(t *testing.T) {
	m := opened(t)
	m.SetSize(120, 36)
	start := m.sess.Config.Cutoff
	run(m, m.Update(tea.KeyPressMsg{Code: 'c', Text: "c"}))
	if !m.Editing() || !strings.Contains(ansi.Strip(m.Prompt()), "cutoff in points: "+numfmt.Points(start)) {
		t.Fatalf("c did not open the cutoff field: prompt %q", ansi.Strip(m.Prompt()))
	}
	for _, k := range []string{"backspace", "backspace", "backspace", "backspace"} {
		run(m, m.Update(tuitest.Key(k)))
	}
	want := start + 7
	for _, r := range strconv.FormatFloat(want, 'g', -1, 64) {
		run(m, m.Update(tea.KeyPressMsg{Code: r, Text: string(r)}))
	}
	run(m, m.Update(tea.KeyPressMsg{Code: tea.KeyEnter}))
	if m.Editing() || m.sess.Config.Cutoff != want || m.sess.Report.AtCutoff == nil || m.sess.Report.AtCutoff.Cutoff != want {
		t.Errorf("typed %v: cutoff %v (%q)", want, m.sess.Config.Cutoff, m.message)
	}
	run(m, m.Update(tea.KeyPressMsg{Code: 'c', Text: "c"}))
	m.target.SetValue("twelve")
	run(m, m.Update(tea.KeyPressMsg{Code: tea.KeyEnter}))
	if m.sess.Config.Cutoff != want || !strings.Contains(m.message, `cutoff "twelve": want a number of points`) {
		t.Errorf("twelve: cutoff %v, message %q", m.sess.Config.Cutoff, m.message)
	}
	run(m, m.Update(tea.KeyPressMsg{Code: 'u', Text: "u"}))
	if m.sess.Config.Cutoff != start {
		t.Errorf("u after a typed cutoff: %v, want %v", m.sess.Config.Cutoff, start)
	}
	// t still edits the target, with its own prompt.
	run(m, m.Update(tea.KeyPressMsg{Code: 't', Text: "t"}))
	if !strings.Contains(ansi.Strip(m.Prompt()), "target close rate") {
		t.Error("t after c does not ask for the target")
	}
}

// TestChartTakesTheRoom: the chart fills the width left beside the
// figures, with no gap between them, and grows with the height.
func TestChartTakesTheRoom(t *testing.T) {
	m := opened(t)
	sizes := map[[2]int]struct{ w, h int }{}
	for _, size := range [][2]int{{120, 36}, {200, 56}} {
		m.SetSize(size[0], size[1])
		chart := ansi.Strip(m.chart(size[0] - figuresWidth - 2))
		lines := strings.Split(chart, "\n")
		width := 0
		for _, l := range lines[:len(lines)-1] { // the legend is cut to the room
			width = max(width, ansi.StringWidth(strings.TrimRight(l, " ")))
		}
		sizes[size] = struct{ w, h int }{width, len(lines)}
		if room := size[0] - figuresWidth - 2; width < room-2 {
			t.Errorf("at %v the chart is %d cells wide in a room of %d", size, width, room)
		}
		if len(lines) < size[1]-chartFrame {
			t.Errorf("at %v the chart is %d lines tall, the screen %d", size, len(lines), size[1])
		}
	}
	if small, big := sizes[[2]int{120, 36}], sizes[[2]int{200, 56}]; big.w <= small.w || big.h <= small.h {
		t.Errorf("the chart did not grow: %+v at 120×36, %+v at 200×56", small, big)
	}
}
