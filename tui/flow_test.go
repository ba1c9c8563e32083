package tui

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"github.com/leadlab/leadlab/queries"
	"github.com/leadlab/leadlab/tui/actions"
	"github.com/leadlab/leadlab/tui/common"
	"github.com/leadlab/leadlab/tui/cutoff"
	"github.com/leadlab/leadlab/tui/data"
	"github.com/leadlab/leadlab/tui/funnel"
	"github.com/leadlab/leadlab/tui/jobs"
	"github.com/leadlab/leadlab/tui/leads"
	"github.com/leadlab/leadlab/tui/session"
	"github.com/leadlab/leadlab/tui/theme"
	"github.com/leadlab/leadlab/tui/tuitest"
	"github.com/leadlab/leadlab/tui/weights"
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
		weights.New(c), cutoff.New(c, "", opt, time.Now), leads.New(c))
	tm := teatest.NewTestModel(t, m, teatest.WithInitialTermSize(130, 40))
	// The renderer sends only the cells that change, so a wait could miss
	// text drawn in pieces; each wait first changes the width by a column,
	// which repaints the whole screen.
	width := 130
	wait := func(what string, texts ...string) {
		t.Helper()
		width = 259 - width // 130 ↔ 129
		tm.Send(tea.WindowSizeMsg{Width: width, Height: 40})
		teatest.WaitFor(t, tm.Output(), func(b []byte) bool {
			if !bytes.Contains(b, []byte(texts[0])) {
				// keep repainting until the first text shows up
				width = 259 - width
				tm.Send(tea.WindowSizeMsg{Width: width, Height: 40})
				return false
			}
			for _, x := range texts {
				if !bytes.Contains(b, []byte(x)) {
					return false
				}
			}
			return true
		}, teatest.WithDuration(60*time.Second), teatest.WithCheckInterval(50*time.Millisecond))
	}
	key := func(s string) {
		for _, r := range s {
			tm.Send(tea.KeyPressMsg{Code: r, Text: string(r)})
		}
	}
	wait("the data screen", "How outcomes are counted", "20,000")
	key("2")
	wait("the funnel", "1 Target accounts")
	key("5")
	wait("the cutoff screen with a tuned model", "SDR-ready cutoff", "At cutoff 5", "As recorded")
	tm.Send(tea.KeyPressMsg{Code: tea.KeyRight})
	wait("the cutoff moved up", "At cutoff 7")
	key("4")
	wait("the scoring screen", "Pain rules", "event:document_created")
	tm.Send(tea.KeyPressMsg{Code: tea.KeyRight}) // to the pain rules
	key("+")
	wait("the nudged weight", "17 cap 1")
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
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool {
		rec := regexp.MustCompile(`recommended: ([0-9]+)`).FindSubmatch(b)
		at := regexp.MustCompile(`At cutoff ([0-9]+)`).FindAllSubmatch(b, -1)
		if rec == nil || len(at) == 0 || string(at[len(at)-1][1]) != string(rec[1]) {
			width = 259 - width
			tm.Send(tea.WindowSizeMsg{Width: width, Height: 40})
			return false
		}
		recommended = string(rec[1])
		return true
	}, teatest.WithDuration(60*time.Second), teatest.WithCheckInterval(50*time.Millisecond))
	path := filepath.Join(t.TempDir(), "flow.yaml")
	tm.Send(tea.KeyPressMsg{Code: 's', Mod: tea.ModCtrl})
	wait("the save prompt", "save the config as")
	for range len("model.yaml") {
		tm.Send(tea.KeyPressMsg{Code: tea.KeyBackspace})
	}
	key(path)
	tm.Send(tea.KeyPressMsg{Code: tea.KeyEnter})
	wait("saved", "saved to")
	key("q")
	tm.WaitFinished(t, teatest.WithFinalTimeout(10*time.Second))
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
	tm := teatest.NewTestModel(t, m, teatest.WithInitialTermSize(100, 30))
	width := 100
	wait := func(texts ...string) {
		t.Helper()
		teatest.WaitFor(t, tm.Output(), func(b []byte) bool {
			for _, x := range texts {
				if !bytes.Contains(b, []byte(x)) {
					width = 199 - width // 100 ↔ 99: repaint everything
					tm.Send(tea.WindowSizeMsg{Width: width, Height: 30})
					return false
				}
			}
			return true
		}, teatest.WithDuration(60*time.Second), teatest.WithCheckInterval(50*time.Millisecond))
	}
	wait("How outcomes are counted", "20,000")
	tm.Send(tea.KeyPressMsg{Code: 'L', Text: "L"})
	wait("Load a folder of canonical files", "bad-export")
	tm.Send(tea.KeyPressMsg{Code: tea.KeyEnter})
	wait("load failed, the workspace is as it was",
		`leads.csv line 3, created_at: not a valid date or timestamp ("soon")`,
		`leads.csv line 4, created_at: not a valid date or timestamp ("2024-13-45")`)
	wait("20,000") // the sample's leads, still loaded
	tm.Send(tea.KeyPressMsg{Code: 'q', Text: "q"})
	tm.WaitFinished(t, teatest.WithFinalTimeout(10*time.Second))
	var n int64
	if err := ws.DB.QueryRow("SELECT count(*) FROM leads").Scan(&n); err != nil || n != 20000 {
		t.Errorf("after the failed load: %d leads, %v", n, err)
	}
}
