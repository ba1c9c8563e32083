package campaigns

import (
	"regexp"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/leadlab/leadlab/queries"
	"github.com/leadlab/leadlab/tui/tuitest"
)

// sampleWS loads the embedded sample into an in-memory workspace.
func sampleWS(t *testing.T) *queries.Workspace { return tuitest.Sample(t) }

// run executes cmd as the program would, feeding results back to m.
func run(m *Model, cmd tea.Cmd) { tuitest.Run(m.Update, cmd) }

func TestSampleCampaigns(t *testing.T) {
	if testing.Short() {
		t.Skip("loads the sample")
	}
	m := newTestModel(sampleWS(t))
	m.SetSize(120, 36)
	run(m, m.Init())
	if m.Busy() || m.c.Failure(m.Title()) != nil || m.report == nil {
		t.Fatalf("busy %v, err %v, report %v", m.Busy(), m.c.Failure(m.Title()), m.report != nil)
	}
	v := view(m)
	if !strings.Contains(v, "onboarding") {
		t.Errorf("no onboarding campaign:\n%s", v)
	}
	if !regexp.MustCompile(`→ (segmentation earns its effort|the generic campaign does better|.*the generic campaign is enough)`).MatchString(v) {
		t.Errorf("no verdict:\n%s", v)
	}
	if !strings.Contains(v, "within 7 days") || !strings.Contains(v, "no comparable non-recipients") {
		t.Errorf("window or missing baseline not shown:\n%s", v)
	}
	// A longer window re-queries, and the result carries it.
	run(m, press(m, "+"))
	if m.Busy() || m.c.Failure(m.Title()) != nil || m.report.Days != 8 || !strings.Contains(view(m), "within 8 days") {
		t.Fatalf("8 days: busy %v, err %v, days %d", m.Busy(), m.c.Failure(m.Title()), m.report.Days)
	}
}
