package scoring

import (
	"context"
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/leadlab/leadlab/queries"
)

// scoreFixture is small enough to score by hand; TestScoreByHand works
// every figure out. With a 30-day window and the as-of date 2024-04-01
// (L2's page view), L1 won (opportunity 2024-01-10), L2 and L3 did not,
// and L4 (created 2024-03-20) is maturing.
var scoreFixture = map[string]string{
	"accounts.csv": "account_id,target\nA1,true\nA2,false\n",
	"leads.csv": `lead_id,account_id,created_at,email
L1,A1,2024-01-01,ann@acme.com
L2,A2,2024-01-01,bob@gmail.com
L3,A2,2024-01-01,cy@beta.io
L4,,2024-03-20,dee@gmail.com
`,
	"events.csv": `event,lead_id,occurred_at
login,L1,2024-01-02
login,L1,2024-01-03
demo_request,L1,2024-01-04
login,L1,2024-01-05
demo_request,L1,2024-01-12
login,L2,2024-01-02
page_view,L2,2024-04-01
demo_request,L3,2024-01-02
login,L3,2024-01-15
demo_request,L4,2024-03-21
`,
	"deals.csv": "deal_id,lead_id,account_id,status,created_at,closed_at\nD1,L1,A1,won,2024-01-10,2024-01-20\n",
}

func fixtureConfig() Config {
	c := baseConfig()
	c.Fit = []Rule{{Factor: "attr:email_type=corporate", Points: 10}, {Factor: "account:target=true", Points: 15}}
	c.Pain = []Rule{
		{Factor: "event:login", Points: 5, Cap: ptr(2)},
		{Factor: "event:demo_request", Points: 20},
		{Factor: "event:login>=3", Points: 8},
	}
	c.Cutoff, c.GoodFit, c.HighPain = 30, 20, 30
	return c
}

func prepared(t *testing.T, files map[string]string, cfg Config) *Data {
	t.Helper()
	ws := loadFiles(t, files)
	d, err := LoadData(context.Background(), ws, queries.OutcomeOptions{WindowSet: true, WindowDays: 30})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d.Prepare(context.Background(), cfg); err != nil {
		t.Fatal(err)
	}
	return d
}

func day(s string) int64 {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t.UnixMicro()
}

func TestScoreByHand(t *testing.T) {
	cfg := fixtureConfig()
	d := prepared(t, scoreFixture, cfg)
	h := d.Score(cfg, History)
	// L1: fit 10 + 15; before its opportunity three logins (capped at 2:
	// 10), a demo (20) and login>=3 (8): pain 38, score 63. It reached 30
	// on 01-02 (25 + 5) and 63 on 01-05: velocity 63 / 4 days.
	// L2: one login on 01-02, 5 in a day. L3: fit 10, demo 20 and a login
	// 5 inside its window: 35 on 01-15, having reached 30 with the demo on
	// 01-02; velocity 35 / 14. L4: a demo the day after it was created, 20.
	want := []struct {
		fit, pain float64
		reached   int64
		velocity  float64
	}{
		{25, 38, day("2024-01-02"), 63.0 / 4},
		{0, 5, NoTime, 5},
		{10, 25, day("2024-01-02"), 35.0 / 14},
		{0, 20, NoTime, 20}, // maturing: scored as of the as-of date
	}
	for i, w := range want {
		if h.Fit[i] != w.fit || h.Pain[i] != w.pain || h.Reached[i] != w.reached || math.Abs(h.Velocity[i]-w.velocity) > 1e-12 {
			t.Errorf("%s history: fit %v pain %v reached %v velocity %v; want %+v", d.Leads.IDs[i], h.Fit[i], h.Pain[i], h.Reached[i], h.Velocity[i], w)
		}
	}
	// Now: L1's second demo, after its opportunity, counts too: 83.
	n := d.Score(cfg, Now)
	if n.Score(0) != 83 || n.Score(2) != 35 {
		t.Errorf("now: L1 %v, L3 %v; want 83 and 35", n.Score(0), n.Score(2))
	}
}

func TestSweepByHand(t *testing.T) {
	cfg := fixtureConfig()
	d := prepared(t, scoreFixture, cfg)
	sw := d.Sweep(cfg, d.Score(cfg, History))
	// Settled: L1 63 (won), L3 35, L2 5. Leads were created over 79 days
	// (01-01 to 03-20); every lead counts towards ready leads a day.
	if sw.Leads != 3 || sw.Won != 1 || sw.Days != 79 || len(sw.Rows) != 3 {
		t.Fatalf("sweep %+v", sw)
	}
	type row struct {
		cutoff                  float64
		leads, won              int64
		closeRate, fitOnly, bad float64
		perDay, median          float64
	}
	want := []row{
		{63, 1, 1, 1, 0, 0, 1.0 / 79, 4},                  // L1 reached 63 on 01-05
		{35, 2, 1, 0.5, 0, 0.5, 2.0 / 79, 8},              // L3 is bad fit (10 < 20), low pain (25 < 30); days 2 and 14
		{5, 3, 1, 1.0 / 3, 2.0 / 3, 2.0 / 3, 4.0 / 79, 0}, // fit alone: L1 25, L3 10
	}
	for k, w := range want {
		r := sw.Rows[k]
		if r.Cutoff != w.cutoff || r.Leads != w.leads || r.Won != w.won || r.CloseRate != w.closeRate ||
			math.Abs(r.FitOnlyShare-w.fitOnly) > 1e-12 || r.BadFitLowPainShare == nil || math.Abs(*r.BadFitLowPainShare-w.bad) > 1e-12 ||
			r.PerDay == nil || math.Abs(*r.PerDay-w.perDay) > 1e-12 || r.MedianDays == nil || *r.MedianDays != w.median {
			t.Errorf("row %d: %+v (per day %v, median %v); want %+v", k, r, deref(r.PerDay), deref(r.MedianDays), w)
		}
		if r.Recall != 1 || math.Abs(r.Share-float64(w.leads)/3) > 1e-12 {
			t.Errorf("row %d: recall %v share %v", k, r.Recall, r.Share)
		}
	}
}

func deref(p *float64) float64 {
	if p == nil {
		return math.NaN()
	}
	return *p
}

func TestMatrixVelocityFunnelByHand(t *testing.T) {
	cfg := fixtureConfig()
	d := prepared(t, scoreFixture, cfg)
	h := d.Score(cfg, History)
	m := d.QualificationMatrix(cfg, h)
	// good fit + high pain: L1 (won); bad fit + low pain: L2 and L3, of
	// which L3 is ready at 30.
	if c := m.Cells[0]; c.Outcome != "qualified" || c.All.Leads != 1 || c.All.Won != 1 || c.Ready.Leads != 1 {
		t.Errorf("good-high %+v", c)
	}
	if c := m.Cells[3]; c.Outcome != "no, never" || c.All.Leads != 2 || c.All.Won != 0 || c.Ready.Leads != 1 {
		t.Errorf("bad-low %+v", c)
	}
	if m.Cells[1].All.Leads != 0 || m.Cells[2].All.Leads != 0 {
		t.Errorf("maybe cells %+v", m.Cells)
	}
	// An empty cell has no close rate: not 0 within [0, 1].
	for _, c := range m.Cells[1:3] {
		if c.All.CloseRate != nil || c.All.CILow != nil || c.All.CIHigh != nil || c.Ready.CloseRate != nil {
			t.Errorf("empty cell %s/%s has figures: %+v", c.Fit, c.Pain, c)
		}
	}
	if c := m.Cells[3].All; c.CloseRate == nil || *c.CloseRate != 0 || c.CIHigh == nil || *c.CIHigh >= 1 {
		t.Errorf("bad-low: 0 of 2 is a close rate of 0 with an interval: %+v", c)
	}
	v := d.VelocityBands(cfg, h)
	if len(v) != 2 || v[0].Leads != 1 || v[0].Won != 0 || v[1].Leads != 1 || v[1].Won != 1 || v[1].Lo != 15.75 {
		t.Errorf("velocity bands %+v", v)
	}
	f := d.LeadFunnel(cfg, h)
	if f[0].Leads != 3 || f[1].Leads != 2 || f[2].Leads != 1 || f[3].Leads != 1 || *f[1].Conversion != 2.0/3 {
		t.Errorf("lead funnel %+v", f)
	}
}

func TestDecayAndCap(t *testing.T) {
	// One lead, three logins 10 days apart, scored as of the as-of date
	// 10 days after the last: with a 10-day half life the logins are
	// worth 8, 4 and 2 of their 16 points at the end: 14. Capped at 2,
	// only the two most recent count: 12; capped at 1, 8.
	files := map[string]string{
		"leads.csv":  "lead_id,created_at\nX,2024-01-01\n",
		"events.csv": "event,lead_id,occurred_at\nlogin,X,2024-01-02\nlogin,X,2024-01-12\nlogin,X,2024-01-22\nping,X,2024-02-01\n",
	}
	for _, tc := range []struct {
		cap  *int
		want float64
	}{{nil, 14}, {ptr(2), 12}, {ptr(1), 8}} {
		cfg := baseConfig()
		cfg.Pain = []Rule{{Factor: "event:login", Points: 16, Cap: tc.cap, HalfLifeDays: ptr(10.0)}}
		cfg.Cutoff = 14
		d := prepared(t, files, cfg)
		s := d.Score(cfg, Now)
		if math.Abs(s.Pain[0]-tc.want) > 1e-9 {
			t.Errorf("cap %v: pain %v, want %v", deref2(tc.cap), s.Pain[0], tc.want)
		}
		// The walk forward agrees with the direct sum: at the third
		// login, before decay to the end, the score is 16 + 8 + 4 = 28
		// uncapped, 24 capped at 2 and 16 capped at 1. It reached 14 at
		// the first login in every case.
		if s.Reached[0] != day("2024-01-02") {
			t.Errorf("cap %v: reached %v", deref2(tc.cap), s.Reached[0])
		}
		best := s.bpScore[s.bpStart[1]-1]
		if w := map[int]float64{0: 28, 2: 24, 1: 16}[deref2(tc.cap)]; math.Abs(best-w) > 1e-9 {
			t.Errorf("cap %v: best score %v, want %v", deref2(tc.cap), best, w)
		}
	}
}

func deref2(p *int) int {
	if p == nil {
		return 0
	}
	return *p
}

func TestPrepareNamesUnknownFactors(t *testing.T) {
	ws := loadFiles(t, scoreFixture)
	d, err := LoadData(context.Background(), ws, queries.OutcomeOptions{WindowSet: true, WindowDays: 30})
	if err != nil {
		t.Fatal(err)
	}
	cfg := baseConfig()
	cfg.Fit = []Rule{{Factor: "attr:emial_type=corporate", Points: 5, Line: 4}, {Factor: "attr:email_type[0,5)", Points: 1, Line: 6},
		{Factor: "attr:email_type=martian", Points: 1, Line: 8}}
	cfg.Pain = []Rule{{Factor: "event:demo_requst", Points: 5, Line: 11}}
	warnings, err := d.Prepare(context.Background(), cfg)
	if err == nil {
		t.Fatal("unknown factors accepted")
	}
	for _, want := range []string{
		`line 4: attr:emial_type=corporate: leads have no column "emial_type" (did you mean "email_type"?)`,
		`line 6: attr:email_type[0,5): leads.email_type is varchar, not a number, so it has no bands`,
		`line 11: event:demo_requst: no lead did an event named "demo_requst" (did you mean "demo_request"?)`,
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q:\n%v", want, err)
		}
	}
	if len(warnings) != 1 || !strings.Contains(warnings[0], "line 8") {
		t.Errorf("warnings %q", warnings)
	}
}

func TestAccountsByHand(t *testing.T) {
	cfg := fixtureConfig()
	cfg.Accounts.Cutoff = 30
	d := prepared(t, scoreFixture, cfg)
	h, n := d.Score(cfg, History), d.Score(cfg, Now)
	// A1: L1 (63, won). A2: L2 (5) and L3 (35), not won. L4 has no
	// account. With max, both accounts are ready; with sum A2 scores 40.
	r := d.Accounts(cfg, h, n, 10)
	if r.Accounts != 2 || r.Won != 1 || r.Ready.Leads != 2 || r.Ready.Won != 1 || r.NotReady.Leads != 0 {
		t.Errorf("max roll-up %+v", r)
	}
	if r.Quantiles["min"] != 35 || r.Quantiles["max"] != 63 || r.Distribution[0].Accounts != 1 || r.Distribution[9].Won != 1 {
		t.Errorf("distribution %v %+v", r.Quantiles, r.Distribution)
	}
	// Now: L1 83 and L3 35 are ready, one lead each; A1 first on score.
	if len(r.Top) != 2 || r.Top[0].AccountID != "A1" || r.Top[0].ReadyLeads != 1 || r.Top[0].Score != 83 || r.Top[1].Score != 35 {
		t.Errorf("top %+v", r.Top)
	}
	for _, tc := range []struct {
		rollup string
		a2     float64
	}{{"sum", 40}, {"top3", 40}, {"max", 35}} {
		cfg.Accounts.Rollup = tc.rollup
		r := d.Accounts(cfg, h, n, 10)
		if r.Quantiles["min"] != tc.a2 {
			t.Errorf("%s: A2 scores %v, want %v", tc.rollup, r.Quantiles["min"], tc.a2)
		}
	}
	if got := rollup("top3", []float64{1, 9, 4, 7}); got != 20 {
		t.Errorf("top3 of 1, 9, 4, 7 = %v, want 20", got)
	}
}

func TestExplainByHand(t *testing.T) {
	cfg := fixtureConfig()
	d := prepared(t, scoreFixture, cfg)
	i, ok := d.Index("L1")
	if !ok {
		t.Fatal("no L1")
	}
	e := d.Explain(cfg, d.Score(cfg, History), i)
	want := map[string][3]float64{ // count, weight, total
		"attr:email_type=corporate": {1, 1, 10}, "account:target=true": {1, 1, 15},
		"event:login": {3, 2, 10}, "event:demo_request": {1, 1, 20}, "event:login>=3": {3, 1, 8},
	}
	var total float64
	for _, c := range e.Rules {
		w := want[c.Factor]
		if float64(c.Count) != w[0] || c.Weight != w[1] || c.Total != w[2] {
			t.Errorf("%s: count %d weight %v total %v; want %v", c.Factor, c.Count, c.Weight, c.Total, w)
		}
		total += c.Total
	}
	if total != e.Score || e.Score != 63 || !e.Ready || e.Outcome != "won" || e.Reached == nil || e.Reached.Format(time.DateOnly) != "2024-01-02" {
		t.Errorf("explanation %+v (rules add to %v)", e, total)
	}
	var scores []float64
	for _, s := range e.Timeline {
		scores = append(scores, s.Score)
	}
	if fmt.Sprint(scores) != "[30 35 55 63]" {
		t.Errorf("timeline scores %v, want [30 35 55 63]", scores)
	}
	// Now, the demo after the opportunity counts too.
	e = d.Explain(cfg, d.Score(cfg, Now), i)
	if e.Score != 83 || len(e.Timeline) != 5 || e.Timeline[4].Score != 83 || e.Mode != "now" {
		t.Errorf("now: %+v", e)
	}
}

func TestAccountSweepByHand(t *testing.T) {
	cfg := fixtureConfig()
	cfg.Outcome.Unit, cfg.Accounts.Cutoff = "account", 35
	d := prepared(t, scoreFixture, cfg)
	// A1 rolls up to L1's 63 (won), A2 to L3's 35 (L2 scores 5): two rows.
	// Both accounts' leads were created over the same day, so the days
	// span is at least one.
	r := d.Cutoffs(cfg, d.Score(cfg, History))
	if r.Unit != "account" || r.Leads != 2 || r.Won != 1 || len(r.Rows) != 2 || r.Cutoff != 35 || r.LeadCutoff != 30 {
		t.Fatalf("account sweep %+v", r)
	}
	if a, b := r.Rows[0], r.Rows[1]; a.Cutoff != 63 || a.Leads != 1 || a.Won != 1 || b.Cutoff != 35 || b.Leads != 2 || b.CloseRate != 0.5 || b.MedianDays != nil {
		t.Errorf("rows %+v", r.Rows)
	}
	if r.AtCutoff == nil || r.AtCutoff.Cutoff != 35 {
		t.Errorf("at cutoff %+v", r.AtCutoff)
	}
	// With sum, A2 is 40 = fit 10 + pain 30 (L2's 5 and L3's 25).
	cfg.Accounts.Rollup = "sum"
	sw := d.AccountSweep(cfg, d.Score(cfg, History))
	if sw.Rows[1].Cutoff != 40 {
		t.Errorf("sum roll-up rows %+v", sw.Rows)
	}
}
