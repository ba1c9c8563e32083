package actions

import (
	"context"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/leadlab/leadlab/queries"
	"github.com/leadlab/leadlab/tui/common"
	"github.com/leadlab/leadlab/tui/jobs"
	"github.com/leadlab/leadlab/tui/theme"
	"github.com/leadlab/leadlab/tui/tuitest"
)

// sampleWS loads the embedded sample into an in-memory workspace.
func sampleWS(t *testing.T) *queries.Workspace { return tuitest.Sample(t) }

// run executes cmd as the program would, feeding results back to m.
func run(m *Model, cmd tea.Cmd) { tuitest.Run(m.Update, cmd) }

func TestSample(t *testing.T) {
	if testing.Short() {
		t.Skip("loads the embedded sample")
	}
	ws := sampleWS(t)
	c := &common.Common{Styles: theme.Default(), Jobs: jobs.New(context.Background(), ws)}
	m := New(c, queries.OutcomeOptions{})
	m.SetSize(120, 36)
	run(m, m.Init())
	if m.Busy() || m.report == nil {
		t.Fatalf("the query did not finish: busy %v, status %q", m.Busy(), m.Status())
	}
	v := plain(m)
	if !strings.Contains(v, "event:document_created") {
		t.Fatalf("the sample's strongest planted action is not listed:\n%s", v)
	}
	checkSize(t, m.View(), 120, 36)
	// The multivariate view sets regular engagement beside first and last
	// touch.
	press(m, "m")
	if v := plain(m); !strings.Contains(v, "regular engagement (events in 3+ weeks)") || !strings.Contains(v, "first touch, won/not won: ") {
		t.Errorf("no touches in the multivariate view:\n%s", v)
	}
	checkSize(t, m.View(), 120, 36)
	press(m, "m")
	// Product use outranks vanity: the first row is one of the document
	// factors, and email opens earn nothing.
	if f := m.report.Factors[m.rows[0]]; !strings.HasPrefix(f.Factor, "event:document_created") {
		t.Errorf("first row by lift is %s", f.Factor)
	}
	press(m, "/")
	typeText(m, "email_open")
	press(m, "enter")
	for _, i := range m.rows {
		if f := m.report.Factors[i]; f.SuggestedPoints != 0 {
			t.Errorf("%s is vanity yet suggested %d points", f.Factor, f.SuggestedPoints)
		}
	}
	if cmd := press(m, "a"); cmd != nil {
		t.Error("a added a vanity factor")
	}
}
