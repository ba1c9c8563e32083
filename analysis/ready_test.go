package analysis

import (
	"context"
	"testing"

	"github.com/leadlab/leadlab/analysis/scoring"
	"github.com/leadlab/leadlab/queries"
)

// readyFixture has one lead for each way the two meanings of SDR-ready
// (scoring/ready.go) part, at cutoff 20 with a demo worth 20 and an
// unsubscribe worth −20, a 30-day window and the as-of date 2024-04-10:
//
//	R1 settled, won: demo, then its opportunity: ready both ways.
//	R2 settled, won: opportunity, then a demo: ready today only.
//	R6 settled, lost: the same as R2.
//	R3 settled, not won: demo, then (after its window) an unsubscribe:
//	   reached the cutoff before its outcome, not ready today.
//	R4 maturing: a demo: ready today and before its outcome, but not
//	   among the settled leads a close rate judges.
//	R5 settled, nothing: never ready.
var readyFixture = map[string]string{
	"leads.csv": "lead_id,created_at\nR1,2024-01-01\nR2,2024-01-01\nR3,2024-01-01\nR4,2024-04-01\nR5,2024-01-01\nR6,2024-01-01\n",
	"events.csv": `event,lead_id,occurred_at
demo,R1,2024-01-02
demo,R2,2024-01-08
demo,R6,2024-01-08
demo,R3,2024-01-02
unsubscribe,R3,2024-02-15
demo,R4,2024-04-02
page_view,R5,2024-04-10
`,
	"deals.csv": `deal_id,lead_id,status,created_at,closed_at
D1,R1,won,2024-01-10,2024-01-15
D2,R2,won,2024-01-05,2024-01-12
D6,R6,lost,2024-01-05,2024-01-20
`,
}

// TestReadyDefinitions pins what each screen's ready count counts:
// ready today (Leads, score --now) 4 — R1, R2, R4, R6; reached the
// cutoff before the outcome among every lead (Funnel, report funnel
// --config) 3 — R1, R3, R4; and among settled leads (Cutoff, report
// cutoffs) 2 — R1, R3.
func TestReadyDefinitions(t *testing.T) {
	ctx := context.Background()
	ws := loadFixture(t, readyFixture, 0)
	opt := queries.OutcomeOptions{WindowSet: true, WindowDays: 30}
	d, err := scoring.LoadData(ctx, ws, opt)
	if err != nil {
		t.Fatal(err)
	}
	cfg := scoring.Config{Version: scoring.SchemaVersion, Target: scoring.Range{Low: 0.1, High: 0.15},
		Outcome: scoring.Outcome{Unit: "lead"}, Accounts: scoring.Accounts{Rollup: "max"}, Cutoff: 20,
		Pain: []scoring.Rule{{Factor: "event:demo", Points: 20}, {Factor: "event:unsubscribe", Points: -20}}}
	if _, err := d.Prepare(ctx, cfg); err != nil {
		t.Fatal(err)
	}
	now, hist := d.Score(cfg, scoring.Now), d.Score(cfg, scoring.History)
	ready := func(s *scoring.Scores) (ids []string) {
		for i := range d.N() {
			if s.Score(i) >= cfg.Cutoff {
				ids = append(ids, d.Leads.IDs[i])
			}
		}
		return ids
	}
	if got := d.ReadyToday(now, cfg.Cutoff); got != 4 {
		t.Errorf("ready today: %d (%v), want 4: R1, R2, R4, R6", got, ready(now))
	}
	if got := d.ReachedBeforeOutcome(hist, cfg.Cutoff, false); got != 3 {
		t.Errorf("reached before the outcome, every lead: %d (%v), want 3: R1, R3, R4", got, ready(hist))
	}
	if got := d.ReachedBeforeOutcome(hist, cfg.Cutoff, true); got != 2 {
		t.Errorf("reached before the outcome, settled leads: %d, want 2: R1, R3", got)
	}

	// The Cutoff screen and report cutoffs: the sweep's row and the lead
	// funnel count settled leads.
	rep := d.Cutoffs(cfg, hist)
	if rep.AtCutoff == nil || rep.AtCutoff.Leads != 2 || rep.LeadFunnel[1].Leads != 2 {
		t.Errorf("cutoffs: at cutoff %+v, lead funnel %+v; want 2 ready", rep.AtCutoff, rep.LeadFunnel)
	}
	// The Funnel screen (in memory) and report funnel --config (SQL over
	// the marked leads) count every lead.
	if c := ReadyStages(d, hist, cfg.Cutoff, nil); c.Ready != 3 || c.Opp != 1 || c.Won != 1 {
		t.Errorf("funnel screen: %+v, want 3 ready, R1 of them with an opportunity and won", c)
	}
	marks := make([]bool, d.N())
	for i := range marks {
		marks[i] = hist.Score(i) >= cfg.Cutoff
	}
	if err := queries.MarkReady(ctx, ws, marks); err != nil {
		t.Fatal(err)
	}
	f, err := BuildFunnel(ctx, ws, opt, queries.FunnelFilter{SDRReady: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(f.LeadFunnel) != 4 || f.LeadFunnel[1].Leads != 3 {
		t.Errorf("report funnel: %+v, want 3 SDR-ready", f.LeadFunnel)
	}
}
