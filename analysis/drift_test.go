package analysis

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/leadlab/leadlab/analysis/scoring"
	"github.com/leadlab/leadlab/queries"
)

// driftFiles writes n leads created daily-ish from start, each with a
// role and a source: referral leads close at 30%, the others at 10%,
// except that with engineer set engineering leads close at 40%. A won
// lead's deal closes 10 days after the lead is created.
func driftFiles(r *rand.Rand, leads, deals *strings.Builder, prefix string, n int, start time.Time, engineer bool) {
	for k := range n {
		id := fmt.Sprintf("%s%05d", prefix, k)
		created := start.Add(time.Duration(k) * 90 * time.Minute)
		role := "sales"
		if r.IntN(10) < 3 {
			role = "engineering"
		}
		source := "web"
		if r.IntN(5) == 0 {
			source = "referral"
		}
		p := 0.10
		switch {
		case engineer && role == "engineering":
			p = 0.40
		case source == "referral":
			p = 0.30
		}
		fmt.Fprintf(leads, "%s,%s,%s,%s\n", id, created.Format(time.DateTime), role, source)
		if r.Float64() < p {
			fmt.Fprintf(deals, "d%s,%s,won,%s,%s\n", id, id, created.Format(time.DateTime), created.AddDate(0, 0, 10).Format(time.DateTime))
		}
	}
}

// driftWorkspaces loads the leads of the first half (before) alone, and
// with a second half created after the first half's last date, whose
// engineering leads close far more often when engineer is set.
func driftWorkspaces(t *testing.T, engineer bool) (before, both *queries.Workspace) {
	t.Helper()
	var leads, deals, leads2, deals2 strings.Builder
	r := rand.New(rand.NewPCG(3, 4))
	driftFiles(r, &leads, &deals, "a", 3000, time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), false)
	driftFiles(r, &leads2, &deals2, "b", 3000, time.Date(2025, 8, 1, 0, 0, 0, 0, time.UTC), engineer)
	head, dhead := "lead_id,created_at,role,source\n", "deal_id,lead_id,status,created_at,closed_at\n"
	before = loadFixture(t, map[string]string{"leads.csv": head + leads.String(), "deals.csv": dhead + deals.String()}, 0)
	both = loadFixture(t, map[string]string{"leads.csv": head + leads.String() + leads2.String(), "deals.csv": dhead + deals.String() + deals2.String()}, 0)
	return before, both
}

// driftOn runs drift of cfg on ws, read under a 30-day window.
func driftOn(t *testing.T, ws *queries.Workspace, cfg scoring.Config) DriftReport {
	t.Helper()
	ctx := context.Background()
	dd, err := LoadDrift(ctx, ws, queries.OutcomeOptions{WindowSet: true, WindowDays: 30}, cfg, 5)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := dd.Data.Prepare(ctx, cfg); err != nil {
		dd.Close()
		t.Fatal(err)
	}
	r, err := Drift(ctx, ws, dd, cfg)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// TestDriftProfileAndData: a model with a referral rule, described on
// the first half of the leads, is judged on the data that adds a second
// half. When engineering leads start closing at 40% instead of 10%,
// drift lists attr:role=engineering as a profile value in no rule that
// now carries points and reads retune; when nothing changes, no profile
// value is listed. Either way the data is told apart: the first half
// alone is the same data, the whole extends it, and the first half with
// one lead's role changed is other data.
func TestDriftProfileAndData(t *testing.T) {
	ctx := context.Background()
	for _, engineer := range []bool{true, false} {
		before, both := driftWorkspaces(t, engineer)
		cfg := scoring.Default()
		cfg.Fit = []scoring.Rule{{Factor: "attr:source=referral", Points: 10}}
		cfg.Pain = nil
		cfg.Cutoff = 5
		d, err := scoring.LoadData(ctx, before, queries.OutcomeOptions{WindowSet: true, WindowDays: 30})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := d.Prepare(ctx, cfg); err != nil {
			t.Fatal(err)
		}
		md, err := Describe(ctx, before, d, cfg, "test", time.Now())
		if err != nil {
			t.Fatal(err)
		}
		cfg.Metadata = md

		r := driftOn(t, both, cfg)
		if r.Model.Data != DataExtends {
			t.Errorf("engineer=%v: the whole data is %q to the first half's model (%s), want extends", engineer, r.Model.Data, r.Model.DataWords)
		}
		listed := slices.ContainsFunc(r.NewFactors, func(f DriftNewFactor) bool {
			return f.Factor == "attr:role=engineering" && f.Kind == DriftProfile
		})
		profile := slices.ContainsFunc(r.NewFactors, func(f DriftNewFactor) bool { return f.Kind == DriftProfile })
		switch {
		case engineer && (!listed || r.Verdict != DriftRetune):
			t.Errorf("engineering leads closing at 40%%: new factors %+v, verdict %s %v; want attr:role=engineering listed and retune", r.NewFactors, r.Verdict, r.Reasons)
		case !engineer && profile:
			t.Errorf("nothing changed, yet profile values listed: %+v", r.NewFactors)
		}
		if same := driftOn(t, before, cfg); same.Model.Data != DataSame {
			t.Errorf("the first half is %q to its own model, want same", same.Model.Data)
		}
	}
	// Other data: the first half with one lead's role changed.
	before, _ := driftWorkspaces(t, false)
	cfg := scoring.Default()
	cfg.Fit, cfg.Pain, cfg.Cutoff = []scoring.Rule{{Factor: "attr:source=referral", Points: 10}}, nil, 5
	d, err := scoring.LoadData(ctx, before, queries.OutcomeOptions{WindowSet: true, WindowDays: 30})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d.Prepare(ctx, cfg); err != nil {
		t.Fatal(err)
	}
	if cfg.Metadata, err = Describe(ctx, before, d, cfg, "test", time.Now()); err != nil {
		t.Fatal(err)
	}
	if _, err := before.DB.ExecContext(ctx, "UPDATE leads SET role = 'finance' WHERE lead_id = 'a00007'"); err != nil {
		t.Fatal(err)
	}
	if r := driftOn(t, before, cfg); r.Model.Data != DataOther {
		t.Errorf("one lead's role changed: the data is %q to the model, want other", r.Model.Data)
	}
}
