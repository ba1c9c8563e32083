package tui

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/leadlab/leadlab/analysis"
	"github.com/leadlab/leadlab/analysis/scoring"
	"github.com/leadlab/leadlab/queries"
	"github.com/leadlab/leadlab/queries/load"
	"github.com/leadlab/leadlab/sample-data/gen"
	"github.com/leadlab/leadlab/tui/common"
	"github.com/leadlab/leadlab/tui/cutoff"
	"github.com/leadlab/leadlab/tui/drift"
	"github.com/leadlab/leadlab/tui/jobs"
	"github.com/leadlab/leadlab/tui/session"
	"github.com/leadlab/leadlab/tui/theme"
)

// TestDriftFlow opens, in the workbench, a model tuned as of the day
// gen --drift's drift starts, on the drifted data, and goes to the Drift
// screen: it reads RETUNE, because the webinar rule faded, and says the
// model was tuned on this very data.
func TestDriftFlow(t *testing.T) {
	if testing.Short() {
		t.Skip("generates, loads and tunes 60,000 leads")
	}
	ctx := context.Background()
	dir := t.TempDir()
	if _, err := gen.Generate(ctx, gen.Options{Out: dir, Leads: 60000, Seed: 5, Drift: true}); err != nil {
		t.Fatal(err)
	}
	ws, err := queries.Open(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ws.Close() })
	plan, _, err := load.PlanDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := load.Load(ctx, ws, plan); err != nil {
		t.Fatal(err)
	}
	topt := analysis.DefaultTuneOptions()
	topt.Outcome.AsOf = time.Date(2025, 12, 30, 0, 0, 0, 0, time.UTC)
	res, err := analysis.Tune(ctx, ws, topt)
	if err != nil {
		t.Fatal(err)
	}
	body, err := scoring.EncodeYAML(res.Config)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "model.yaml")
	if err := os.WriteFile(path, body, 0o644); err != nil {
		t.Fatal(err)
	}
	c := &common.Common{Styles: theme.Default(), Jobs: jobs.New(ctx, ws), Session: &session.Store{}}
	m := NewModel(c, "drifted", cutoff.New(c, path, queries.OutcomeOptions{}, time.Now), drift.New(c))
	sc := newScreen(t, m, 130, 40)
	sc.wait("the model opened", "SDR-ready cutoff")
	sc.keys("2")
	sc.wait("the drift verdict", "Verdict: RETUNE", "event:webinar_attended has faded", "tuned on this very data")
}
