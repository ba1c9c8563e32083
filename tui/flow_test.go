package tui

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"github.com/leadlab/leadlab/queries"
	"github.com/leadlab/leadlab/tui/actions"
	"github.com/leadlab/leadlab/tui/common"
	"github.com/leadlab/leadlab/tui/cutoff"
	"github.com/leadlab/leadlab/tui/data"
	"github.com/leadlab/leadlab/tui/funnel"
	"github.com/leadlab/leadlab/tui/jobs"
	"github.com/leadlab/leadlab/tui/leads"
	"github.com/leadlab/leadlab/tui/scoring"
	"github.com/leadlab/leadlab/tui/session"
	"github.com/leadlab/leadlab/tui/theme"
	"github.com/leadlab/leadlab/tui/tuitest"
)

// TestWorkbenchFlow drives the whole workbench on the embedded sample as
// an analyst would, waiting for text on screen rather than sleeping: the
// data, the funnel, the tuned model on the Cutoff screen, a cutoff moved,
// a weight nudged on the Scoring screen and seen on the Cutoff screen, a
// factor added from the Actions screen, then saving and quitting.
func TestWorkbenchFlow(t *testing.T) {
	if testing.Short() {
		t.Skip("loads the sample and tunes a model")
	}
	ctx := context.Background()
	ws := tuitest.Sample(t)
	c := &common.Common{Styles: theme.Default(), Jobs: jobs.New(ctx, ws), Session: &session.Store{}}
	opt := queries.OutcomeOptions{}
	m := NewModel(c, "sample", data.New(c, opt, time.Now), funnel.New(c, opt), actions.New(c, opt),
		scoring.New(c), cutoff.New(c, "", opt, time.Now), leads.New(c))
	sc := newScreen(t, m, 130, 40)
	wait, key := sc.wait, sc.keys
	wait("the data screen", "How outcomes are counted", "20,000", "strictly before its exposure cutoff")
	key("2")
	wait("the funnel", "1 Target accounts")
	key("5")
	wait("the cutoff screen with a tuned model", "SDR-ready cutoff", "At cutoff 1", "As recorded")
	sc.send(tea.KeyPressMsg{Code: tea.KeyRight})
	wait("the cutoff moved up", "At cutoff 2")
	key("4")
	wait("the scoring screen", "Pain rules", "event:document_created")
	sc.send(tea.KeyPressMsg{Code: tea.KeyRight}) // to the pain rules
	key("+")
	wait("the nudged weight", "13 cap 1")
	key("5")
	wait("the cutoff screen follows", "[+] unsaved changes")
	key("3")
	wait("the actions table", "event:document_created>=5")
	key("a")
	wait("the factor added", "added event:document_created>=5")
	key("4")
	wait("the rule in the model", "event:document_created>=5")
	// On the Cutoff screen r jumps to the recommended cutoff of the
	// changed model.
	key("5")
	wait("the cutoff screen", "recommended: ")
	key("r")
	var recommended string
	sc.waitFor("the recommended cutoff set", func(frame []byte) bool {
		rec := regexp.MustCompile(`recommended: ([0-9]+)`).FindSubmatch(frame)
		at := regexp.MustCompile(`At cutoff ([0-9]+)`).FindAllSubmatch(frame, -1)
		if rec == nil || len(at) == 0 || string(at[len(at)-1][1]) != string(rec[1]) {
			return false
		}
		recommended = string(rec[1])
		return true
	})
	path := filepath.Join(t.TempDir(), "flow.yaml")
	sc.send(tea.KeyPressMsg{Code: 's', Mod: tea.ModCtrl})
	wait("the save prompt", "save the config as")
	for range len("model.yaml") {
		sc.send(tea.KeyPressMsg{Code: tea.KeyBackspace})
	}
	key(path)
	sc.send(tea.KeyPressMsg{Code: tea.KeyEnter})
	wait("saved", "saved to")
	key("q")
	sc.tm.WaitFinished(t, teatest.WithFinalTimeout(10*time.Second))
	body, err := os.ReadFile(path)
	if err != nil || !bytes.Contains(body, []byte("event:document_created>=5")) || !bytes.Contains(body, []byte("\ncutoff: "+recommended+"\n")) {
		t.Errorf("saved config (want cutoff %s): %v\n%s", recommended, err, body)
	}
}

// TestLoadWithErrorFlow loads a folder whose leads file has bad dates
// from the Data screen's file picker: the load fails, the screen names
// each rejected line, column and reason, and the workspace is as it was.
func TestLoadWithErrorFlow(t *testing.T) {
	if testing.Short() {
		t.Skip("loads the sample")
	}
	root := t.TempDir()
	bad := filepath.Join(root, "bad-export")
	if err := os.Mkdir(bad, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(bad, "leads.csv"), []byte("lead_id,created_at\nL1,2024-01-01\nL2,soon\nL3,2024-13-45\nL4,2024-02-01\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Chdir(root) // the picker opens on the working folder
	ctx := context.Background()
	ws := tuitest.Sample(t)
	c := &common.Common{Styles: theme.Default(), Jobs: jobs.New(ctx, ws), Session: &session.Store{}}
	opt := queries.OutcomeOptions{}
	m := NewModel(c, "sample", data.New(c, opt, time.Now), funnel.New(c, opt))
	sc := newScreen(t, m, 100, 30)
	sc.wait("the data screen", "How outcomes are counted", "20,000")
	sc.keys("L")
	sc.wait("the file picker", "Load a folder of canonical files", "bad-export/")
	sc.keys("b")
	sc.send(tea.KeyPressMsg{Code: tea.KeyTab})
	sc.wait("the folder completed", "load: bad-export/")
	sc.send(tea.KeyPressMsg{Code: tea.KeyEnter})
	sc.wait("the failed load", "load failed, the workspace is as it was",
		`leads.csv line 3, created_at: not a valid date or timestamp ("soon")`,
		`leads.csv line 4, created_at: not a valid date or timestamp ("2024-13-45")`)
	sc.wait("the sample's leads, still loaded", "20,000")
	sc.keys("q")
	sc.tm.WaitFinished(t, teatest.WithFinalTimeout(10*time.Second))
	var n int64
	if err := ws.DB.QueryRow("SELECT count(*) FROM leads").Scan(&n); err != nil || n != 20000 {
		t.Errorf("after the failed load: %d leads, %v", n, err)
	}
}

// TestLoadAsksWhenUnsavedFlow: loading data replaces the scoring model,
// so with unsaved edits the workbench asks first. n keeps the edits (and
// the data); y loads, and the status line then names the data loaded.
func TestLoadAsksWhenUnsavedFlow(t *testing.T) {
	if testing.Short() {
		t.Skip("loads the sample")
	}
	root := t.TempDir()
	fresh := filepath.Join(root, "new-export")
	if err := os.Mkdir(fresh, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(fresh, "leads.csv"), []byte("lead_id,created_at\nN1,2024-01-01\nN2,2024-02-01\nN3,2024-03-01\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	config := filepath.Join(root, "model.yaml")
	if err := os.WriteFile(config, []byte("version: 1\npain:\n  - factor: event:document_created\n    points: 28\n    cap: 1\ncutoff: 13\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Chdir(root) // the picker opens on the working folder
	ctx := context.Background()
	ws := tuitest.Sample(t)
	c := &common.Common{Styles: theme.Default(), Jobs: jobs.New(ctx, ws), Session: &session.Store{}}
	opt := queries.OutcomeOptions{}
	screens := func() []common.Pane {
		return []common.Pane{data.New(c, opt, time.Now), scoring.New(c), cutoff.New(c, config, opt, time.Now)}
	}
	m := NewModel(c, "embedded sample (in memory)", screens()...).WithRebuild(screens)
	sc := newScreen(t, m, 120, 30)
	sc.wait("the data screen", "How outcomes are counted", "20,000")
	sc.keys("2")
	sc.wait("the scoring screen", "event:document_created", "28 cap 1")
	sc.send(tea.KeyPressMsg{Code: tea.KeyRight}) // to the pain rules
	sc.keys("+")
	sc.wait("the unsaved edit", "29 cap 1", "[+] unsaved changes")
	load := func() {
		sc.keys("1L")
		sc.wait("the file picker", "Load a folder of canonical files", "new-export/")
		sc.keys("new")
		sc.send(tea.KeyPressMsg{Code: tea.KeyTab})
		sc.send(tea.KeyPressMsg{Code: tea.KeyEnter})
		sc.wait("the question", "unsaved changes: y loads new-export anyway and loses them")
	}
	load()
	sc.keys("n")
	sc.wait("the answer", "kept the unsaved changes", "embedded sample (in memory)", "20,000")
	sc.keys("2")
	sc.wait("the edit, still there", "29 cap 1", "[+] unsaved changes")
	load()
	sc.keys("y")
	sc.wait("the new data, named on the status line", "new-export (in memory)  ·  loaded ")
	sc.keys("q")
	sc.tm.WaitFinished(t, teatest.WithFinalTimeout(10*time.Second))
	var n int64
	if err := ws.DB.QueryRow("SELECT count(*) FROM leads").Scan(&n); err != nil || n != 3 {
		t.Errorf("after y: %d leads, %v", n, err)
	}
}

// screen drives the workbench in a teatest program and reads what it
// draws. The renderer sends only the cells that change, and output drawn
// before a key may still be unread when the key is sent, so a wait reads
// only what was drawn after the keys sent before it: it sends a numbered
// mark, which the wrapped model writes on the blank line under the tabs,
// and reads the output from the last copy of that mark on. While what it
// waits for is missing it changes the width by a column, which repaints
// the whole screen, mark and all.
type screen struct {
	t             *testing.T
	tm            *teatest.TestModel
	width, height int
	base          int // the width asked for; repaints go one column over it
	marks         int
}

func newScreen(t *testing.T, m *Model, width, height int) *screen {
	return &screen{t: t, tm: teatest.NewTestModel(t, &marked{Model: m}, teatest.WithInitialTermSize(width, height)), width: width, height: height, base: width}
}

// resize changes the terminal's size, as a user dragging the window.
func (s *screen) resize(width, height int) {
	s.width, s.height, s.base = width, height, width
	s.tm.Send(tea.WindowSizeMsg{Width: width, Height: height})
}

func (s *screen) send(msg tea.Msg) { s.tm.Send(msg) }

// keys types text, a key per character.
func (s *screen) keys(text string) {
	for _, r := range text {
		s.tm.Send(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
}

// repaint changes the width by a column (130 ↔ 131), which redraws
// everything; never below the width asked for, which may be the least
// the workbench lays out.
func (s *screen) repaint() {
	if s.width == s.base {
		s.width++
	} else {
		s.width = s.base
	}
	s.tm.Send(tea.WindowSizeMsg{Width: s.width, Height: s.height})
}

// waitFor waits until ok holds for the screen as drawn after every key
// sent so far.
func (s *screen) waitFor(what string, ok func(frame []byte) bool) {
	s.t.Helper()
	s.marks++
	tag := []byte(fmt.Sprintf("[wait %d]", s.marks))
	s.tm.Send(mark(s.marks))
	s.repaint()
	var out bytes.Buffer
	for deadline := time.Now().Add(60 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if _, err := out.ReadFrom(s.tm.Output()); err != nil {
			s.t.Fatalf("waiting for %s: %v", what, err)
		}
		if i := bytes.LastIndex(out.Bytes(), tag); i >= 0 && ok(out.Bytes()[i:]) {
			return
		}
		s.repaint()
	}
	last := out.Bytes()
	if i := bytes.LastIndex(last, tag); i >= 0 {
		last = last[i:]
	}
	s.t.Fatalf("waited a minute for %s; last drawn:\n%s", what, ansi.Strip(string(last)))
}

// wait waits for every text to be on the screen.
func (s *screen) wait(what string, texts ...string) {
	s.t.Helper()
	s.waitFor(what, func(frame []byte) bool {
		for _, x := range texts {
			if !bytes.Contains(frame, []byte(x)) {
				return false
			}
		}
		return true
	})
}

// marked is the workbench with the wait mark on the blank line under the
// tabs.
type marked struct {
	*Model
	n int
}

// mark numbers the screen drawn after it.
type mark int

func (m *marked) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if n, ok := msg.(mark); ok {
		m.n = int(n)
		return m, nil
	}
	_, cmd := m.Model.Update(msg)
	return m, cmd
}

func (m *marked) View() tea.View {
	v := m.Model.View()
	if lines := strings.SplitN(v.Content, "\n", 3); len(lines) == 3 && strings.TrimSpace(ansi.Strip(lines[1])) == "" {
		lines[1] = fmt.Sprintf("[wait %d]", m.n)
		v.Content = strings.Join(lines, "\n")
	}
	return v
}
