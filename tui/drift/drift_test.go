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
	m.Update(jobs.Result[*analysis.DriftReport]{End: jobs.End{Key: "drift", Seq: 1}, Value: rep})
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
	m.c.Fail(m.Title(), errors.New("boom"))
	if !m.canRecompute() {
		t.Error("after a failure r is not offered")
	}
}

// TestNarrowWindowKeepsTheStatus: at 80 columns a long rule name is cut,
// not the rule's status, and no line is wider than the window.
func TestNarrowWindowKeepsTheStatus(t *testing.T) {
	m := newScreen()
	m.SetSize(80, 24)
	asOf := "2026-01-01T00:00:00Z"
	cfg := scoring.Default()
	cfg.Metadata = &scoring.Metadata{AsOf: &asOf}
	v := func(x float64) *float64 { return &x }
	lift := analysis.DriftLift{With: 500, LiftPP: v(7.9), CILow: v(-13.4), CIHigh: v(+13.3)}
	m.sess, m.seq, m.repSeq = &session.Session{Config: cfg}, 1, 1
	m.rep = &analysis.DriftReport{Verdict: analysis.DriftRetune, Model: analysis.DriftModel{AsOf: asOf}, Since: analysis.DriftMonth{Month: "since", Settled: 900},
		Effects: []analysis.DriftEffect{{Factor: "account:free_plan_users_in_the_last_quarter[1,inf)", Points: 7, Then: lift, Now: lift, Status: "faded"}}}
	view := ansi.Strip(m.View())
	for _, l := range strings.Split(view, "\n") {
		if ansi.StringWidth(l) > 80 {
			t.Errorf("a line is %d cells wide: %q", ansi.StringWidth(l), l)
		}
		if strings.Contains(l, "account:free_plan") && !strings.Contains(l, "faded") {
			t.Errorf("the rule's status is cut off: %q", l)
		}
	}
}
