package funnel

import (
	"context"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/leadlab/leadlab/analysis"
	"github.com/leadlab/leadlab/queries"
	"github.com/leadlab/leadlab/tui/session"
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
	if m.Busy() || m.c.Failure(m.Title()) != nil || m.report == nil {
		t.Fatalf("busy %v, err %v, report %v", m.Busy(), m.c.Failure(m.Title()), m.report != nil)
	}
	v := view(m)
	if !regexp.MustCompile(`1 Target accounts\s+[1-9][0-9,]*\s+█`).MatchString(v) {
		t.Errorf("no target account count:\n%s", v)
	}
	// A filter re-queries and the result carries it.
	run(m, press(m, "t"))
	if m.Busy() || m.c.Failure(m.Title()) != nil || m.shown.Tier != 1 {
		t.Fatalf("tier 1: busy %v, err %v, shown %+v", m.Busy(), m.c.Failure(m.Title()), m.shown)
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

// TestSDRReadyFromTheModel: the scoring model the screens share gives the
// lead funnel its SDR-ready stage, counted in memory for the shown scope
// — the same counts the funnel's SQL gives with the ready leads marked —
// and a model changed again replaces them.
func TestSDRReadyFromTheModel(t *testing.T) {
	if testing.Short() {
		t.Skip("loads the sample")
	}
	ctx := context.Background()
	ws := sampleWS(t)
	m := newTestModel(ws)
	m.SetSize(120, 36)
	run(m, m.Init())
	if v := view(m); strings.Contains(v, "ready before outcome") || strings.Contains(v, "SDR-ready") {
		t.Fatal("SDR-ready shown with no model")
	}
	sess, err := session.Open(ctx, ws, "", queries.OutcomeOptions{}, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	run(m, m.Update(session.Changed{Seq: 1, Session: sess}))
	for _, tier := range []int64{0, 1} {
		if tier == 1 {
			run(m, press(m, "t"))
		}
		got := m.shownReport().LeadFunnel
		if len(got) != 4 || got[1].Stage != "sdr_ready" {
			t.Fatalf("tier %d: lead funnel %+v", tier, got)
		}
		// The second method: mark the ready leads and let SQL count.
		ready := make([]bool, sess.Data.N())
		for i := range ready {
			ready[i] = sess.Scores.Score(i) >= sess.Config.Cutoff
		}
		if err := queries.MarkReady(ctx, ws, ready); err != nil {
			t.Fatal(err)
		}
		want, err := analysis.BuildFunnel(ctx, ws, queries.OutcomeOptions{}, queries.FunnelFilter{Tier: tier, SDRReady: true})
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want.LeadFunnel) {
			t.Errorf("tier %d: screen %v, SQL %v", tier, stagesOf(got), stagesOf(want.LeadFunnel))
		}
		if v := view(m); !strings.Contains(v, "ready before outcome") {
			t.Errorf("tier %d: no SDR-ready stage on screen:\n%s", tier, v)
		}
	}
	// A stricter model: fewer ready leads; a count for the old one that
	// arrives late is dropped.
	before := m.shownReport().LeadFunnel[1].Leads
	stale := m.countReady()
	cfg := sess.Config
	cfg.Cutoff += 5
	stricter := sess.WithCutoff(cfg.Cutoff, cfg.Target)
	run(m, m.Update(session.Changed{Seq: 2, Session: stricter}))
	after := m.shownReport().LeadFunnel[1].Leads
	m.Update(stale())
	if after >= before || m.shownReport().LeadFunnel[1].Leads != after {
		t.Errorf("ready leads %d, then %d after a stricter cutoff, %d after a stale count", before, after, m.shownReport().LeadFunnel[1].Leads)
	}
}

func stagesOf(ls []analysis.LeadStage) []int64 {
	out := make([]int64, len(ls))
	for i, l := range ls {
		out[i] = l.Leads
	}
	return out
}
