package funnel

import (
	"regexp"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/leadlab/leadlab/queries"
	"github.com/leadlab/leadlab/tui/tuitest"
)

// sampleWS loads the embedded sample into an in-memory workspace.
func sampleWS(t *testing.T) *queries.Workspace { return tuitest.Sample(t) }

// run executes cmd as the program would, feeding results back to m.
func run(m *Model, cmd tea.Cmd) { tuitest.Run(m.Update, cmd) }

func TestSampleFunnel(t *testing.T) {
	if testing.Short() {
		t.Skip("loads the sample")
	}
	m := newTestModel(sampleWS(t))
	m.SetSize(120, 36)
	run(m, m.Init())
	if m.Busy() || m.err != nil || m.report == nil {
		t.Fatalf("busy %v, err %v, report %v", m.Busy(), m.err, m.report != nil)
	}
	v := view(m)
	if !regexp.MustCompile(`1 Target accounts\s+[1-9][0-9,]*\s+█`).MatchString(v) {
		t.Errorf("no target account count:\n%s", v)
	}
	// A filter re-queries and the result carries it.
	run(m, press(m, "t"))
	if m.Busy() || m.err != nil || m.shown.Tier != 1 {
		t.Fatalf("tier 1: busy %v, err %v, shown %+v", m.Busy(), m.err, m.shown)
	}
	if v := view(m); !regexp.MustCompile(`tier 1 ·`).MatchString(v) {
		t.Errorf("tier 1 not shown:\n%s", v)
	}
	// Enter on a stage lists its accounts.
	run(m, press(m, "enter"))
	if v := view(m); !regexp.MustCompile(`Accounts \(the first 60 of [0-9,]+, by id\)`).MatchString(v) || !regexp.MustCompile(`\bA[0-9]+\b`).MatchString(v) {
		t.Errorf("no account list in the detail:\n%s", v)
	}
}
