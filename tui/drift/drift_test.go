package drift

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/leadlab/leadlab/analysis"
	"github.com/leadlab/leadlab/analysis/scoring"
	"github.com/leadlab/leadlab/tui/common"
	"github.com/leadlab/leadlab/tui/jobs"
	"github.com/leadlab/leadlab/tui/session"
	"github.com/leadlab/leadlab/tui/theme"
)

func newScreen() *Model {
	m := New(&common.Common{Styles: theme.Default(), Jobs: jobs.New(context.Background(), nil)})
	m.SetSize(100, 40)
	return m
}

// TestNoAsOfSaysWhatCannotBeComputed: a model whose config records no
// as-of date (written by hand, or before leadlab recorded one) starts no
// job; the screen says drift cannot judge it, what needs the date and
// how to record one.
func TestNoAsOfSaysWhatCannotBeComputed(t *testing.T) {
	m := newScreen()
	m.Init()
	if cmd := m.Update(session.Changed{Seq: 1, Session: &session.Session{Config: scoring.Default()}}); cmd != nil || m.Busy() {
		t.Error("a model with no as-of date started a job")
	}
	view := ansi.Strip(m.View())
	for _, want := range []string{"Drift cannot judge this model", "metadata.as_of", "the verdict", "ctrl+s"} {
		if !strings.Contains(strings.ReplaceAll(view, "\n", " "), want) {
			t.Errorf("the view does not say %q:\n%s", want, view)
		}
	}
}

// TestStaleReportIsMarked: once the model changes, the report on view is
// marked as of the older model and r judges the new one; before that r
// is not offered.
func TestStaleReportIsMarked(t *testing.T) {
	m := newScreen()
	asOf := "2026-01-01T00:00:00Z"
	cfg := scoring.Default()
	cfg.Metadata = &scoring.Metadata{AsOf: &asOf}
	m.Update(session.Changed{Seq: 1, Session: &session.Session{Config: cfg}})
	if cmd := m.Init(); cmd == nil || !m.Busy() {
		t.Fatal("showing the screen did not start judging the model open")
	}
	rep := &analysis.DriftReport{Verdict: analysis.DriftHolds, Model: analysis.DriftModel{AsOf: asOf, DataWords: "the very data"}}
	m.Update(jobs.Done{Key: "drift", Seq: 1, Value: rep})
	if m.stale() || len(m.ShortHelp()) != 0 {
		t.Error("a report of the model open is marked stale, or r offered")
	}
	if !strings.Contains(ansi.Strip(m.View()), "Verdict: HOLDS") {
		t.Errorf("no verdict on view:\n%s", ansi.Strip(m.View()))
	}
	m.Update(session.Changed{Seq: 2, Session: &session.Session{Config: cfg}})
	if !m.stale() || !strings.Contains(ansi.Strip(m.View()), "r judges it again") || len(m.ShortHelp()) != 1 {
		t.Errorf("the model changed, yet the report is not marked stale:\n%s", ansi.Strip(m.View()))
	}
	// A failed run offers r too.
	m.err = errors.New("boom")
	if !m.canRecompute() {
		t.Error("after a failure r is not offered")
	}
}
