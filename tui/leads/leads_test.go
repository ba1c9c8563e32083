package leads

import (
	"context"
	"errors"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/leadlab/leadlab/analysis/scoring"
	"github.com/leadlab/leadlab/tui/common"
	"github.com/leadlab/leadlab/tui/session"
)

func TestLeadsRankedAndExplained(t *testing.T) {
	ctx := context.Background()
	m := ranked(t)
	s := m.rank.sess
	// Best first, and the header counts the ready ones.
	for k := 1; k < len(m.rank.order); k++ {
		if m.rank.now.Score(int(m.rank.order[k])) > m.rank.now.Score(int(m.rank.order[k-1])) {
			t.Fatalf("lead %d out of order", k)
		}
	}
	view := ansi.Strip(m.View())
	top := m.rank.sess.Data.Leads.IDs[m.rank.order[0]]
	if !strings.Contains(view, "Lead "+top) || !strings.Contains(view, "ready today at") || !strings.Contains(view, "Timeline") {
		t.Errorf("view:\n%s", view)
	}
	// The count is ready today, said so in a sentence beside it; no
	// letter band is shown unless the config asks for bands.
	if !strings.Contains(view, "Ready today: by the score now") || strings.Contains(view, "score▼ band") || strings.Contains(view, ", band ") {
		t.Errorf("view:\n%s", view)
	}
	// The cursor moves and stays inside the list; the detail follows it.
	m.Update(tea.KeyPressMsg{Code: 'G', Text: "G"})
	if m.cursor != len(m.rank.order)-1 || m.offset != m.cursor-m.listHeight()+1 {
		t.Errorf("G: cursor %d offset %d", m.cursor, m.offset)
	}
	m.Update(tea.KeyPressMsg{Code: tea.KeyDown})
	if m.cursor != len(m.rank.order)-1 {
		t.Errorf("down at the end moved to %d", m.cursor)
	}
	last := m.rank.sess.Data.Leads.IDs[m.rank.order[m.cursor]]
	if !strings.Contains(ansi.Strip(m.View()), "Lead "+last) {
		t.Errorf("the detail does not follow the cursor to %s", last)
	}
	m.Update(tea.KeyPressMsg{Code: 'a', Text: "a"})
	if view := ansi.Strip(m.View()); !strings.Contains(view, "Accounts") || !strings.Contains(view, "ready now") {
		t.Errorf("accounts view:\n%s", view)
	}
	// With letter bands in the config, each lead shows its band, in the
	// list and in the detail.
	banded := s.Config
	banded.Bands = []scoring.Band{{Label: "A", Min: 40}, {Label: "B", Min: 20}}
	bs, err := s.WithConfig(ctx, banded)
	if err != nil {
		t.Fatal(err)
	}
	m.Update(tea.KeyPressMsg{Code: 'a', Text: "a"})
	m.Update(tea.KeyPressMsg{Code: 'g', Text: "g"})
	m.Update(m.Update(session.Changed{Seq: 2, Session: bs})())
	view = ansi.Strip(m.View())
	first := m.rank.order[0]
	wantBand := "B"
	if m.rank.now.Score(int(first)) >= 40 {
		wantBand = "A"
	}
	if !strings.Contains(view, "score▼ band") || !strings.Contains(view, ", band "+wantBand+",") {
		t.Errorf("no band %s with bands in the config:\n%s", wantBand, view)
	}
	// A ranking for an older session is never shown once a newer one
	// was asked for.
	cfg := s.Config
	cfg.Cutoff++
	newer, err := s.WithConfig(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	old := m.rerank()
	cur := m.Update(session.Changed{Seq: 3, Session: newer})
	m.Update(cur())
	m.Update(old())
	if m.rank.sess != newer {
		t.Error("a stale ranking replaced the current one")
	}
}

// TestRankingFailureReported: a ranking that fails (here cancelled with
// esc) is reported for the status line, and the ranking on view stays.
// The screen used to drop the failure: the spinner stopped and nothing
// said why.
func TestRankingFailureReported(t *testing.T) {
	m := ranked(t)
	before := m.rank
	run := m.Update(session.Changed{Seq: 2, Session: before.sess})
	if run == nil || !m.Busy() {
		t.Fatal("a new session started no ranking")
	}
	m.Update(tea.KeyPressMsg{Code: tea.KeyEscape})
	report := m.Update(run())
	if report == nil {
		t.Fatal("the failed ranking was dropped without a word")
	}
	e, ok := report().(common.Error)
	if !ok || e.Screen != "Leads" || !errors.Is(e.Err, context.Canceled) || e.Error() != "Leads: cancelled" {
		t.Fatalf("reported %#v", e)
	}
	if m.Busy() || m.rank != before {
		t.Errorf("after the failure: busy %v, the ranking on view replaced %v", m.Busy(), m.rank != before)
	}
}
