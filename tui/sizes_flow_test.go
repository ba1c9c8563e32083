package tui

import (
	"context"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"github.com/leadlab/leadlab/queries"
	"github.com/leadlab/leadlab/tui/common"
	"github.com/leadlab/leadlab/tui/cutoff"
	"github.com/leadlab/leadlab/tui/data"
	"github.com/leadlab/leadlab/tui/jobs"
	"github.com/leadlab/leadlab/tui/scoring"
	"github.com/leadlab/leadlab/tui/session"
	"github.com/leadlab/leadlab/tui/theme"
	"github.com/leadlab/leadlab/tui/tuitest"
)

// smallestWorkbench is the Data, Scoring and Cutoff screens on the sample
// in the smallest terminal the workbench lays out.
func smallestWorkbench(t *testing.T) *screen {
	ctx := context.Background()
	ws := tuitest.Sample(t)
	c := &common.Common{Styles: theme.Default(), Jobs: jobs.New(ctx, ws), Session: &session.Store{}}
	opt := queries.OutcomeOptions{}
	m := NewModel(c, "embedded sample (in memory)", data.New(c, opt, time.Now), scoring.New(c), cutoff.New(c, "", opt, time.Now))
	return newScreen(t, m, minWidth, minHeight)
}

// TestScoringPromptsAt80x24Flow: at 80×24 the Scoring screen's rules fill
// the window, yet what is typed into a prompt, and the error it earns,
// is on screen above the status line; so is the rest of the screen,
// scrolled to with J. The same holds on the Cutoff screen.
func TestScoringPromptsAt80x24Flow(t *testing.T) {
	if testing.Short() {
		t.Skip("loads the sample and tunes a model")
	}
	sc := smallestWorkbench(t)
	sc.wait("the data screen", "How outcomes are counted")
	sc.keys("3")
	sc.wait("the tuned model", "SDR-ready cutoff", "At cutoff")
	sc.keys("2")
	sc.wait("the scoring screen, taller than the window", "Pain rules", "J/K scroll")
	sc.send(tea.KeyPressMsg{Code: 's', Mod: tea.ModCtrl})
	sc.wait("the save prompt", "save the config as: model.yaml")
	sc.send(tea.KeyPressMsg{Code: tea.KeyEscape})
	sc.send(tea.KeyPressMsg{Code: tea.KeyRight}) // to the pain rules
	sc.keys("c")
	sc.wait("the cap prompt", "count at most (empty: every occurrence)")
	sc.keys("x")
	sc.send(tea.KeyPressMsg{Code: tea.KeyEnter})
	sc.wait("the error", "a cap is a whole number of occurrences")
	sc.keys("e")
	sc.wait("the export prompt", "export to (.yaml .json .duckdb.sql .pg.sql): model.pg.sql")
	sc.send(tea.KeyPressMsg{Code: tea.KeyEscape})
	sc.keys("JJJ")
	sc.wait("the histogram, scrolled to", "Scores of settled leads", "(more above)")
	// The Cutoff screen's figures run below the window; scrolled down to
	// the holdout, the target prompt is still on view.
	sc.keys("3JJ")
	sc.wait("the holdout block, scrolled to", "holdout  13.1%", "J/K scroll")
	sc.keys("t")
	sc.wait("the target prompt", "target close rate (e.g. 10-15): ")
	sc.send(tea.KeyPressMsg{Code: tea.KeyEscape})
	sc.keys("q")
	sc.tm.WaitFinished(t, teatest.WithFinalTimeout(10*time.Second))
}

// TestTooSmallAndBackFlow: below 80×24 the workbench asks for a larger
// window, naming the size now, and takes no keys but quit; resized, it
// comes back as it was.
func TestTooSmallAndBackFlow(t *testing.T) {
	if testing.Short() {
		t.Skip("loads the sample")
	}
	sc := smallestWorkbench(t)
	sc.wait("the data screen", "How outcomes are counted", "20,000")
	sc.resize(60, 20)
	sc.wait("the request for room", "Make the window at least 80×24 (now 60×20)")
	sc.keys("2") // not acted on: the screen it would open is not on view
	sc.resize(79, 24)
	sc.wait("still too narrow", "(now 79×24)")
	sc.resize(80, 24)
	sc.wait("the data screen again", "How outcomes are counted", "20,000")
	sc.resize(120, 40)
	sc.wait("a larger window, used", "How outcomes are counted", "within 69 days of its first touch")
	sc.keys("q")
	sc.tm.WaitFinished(t, teatest.WithFinalTimeout(10*time.Second))
}
