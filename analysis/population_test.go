package analysis

import (
	"context"
	"reflect"
	"testing"

	"github.com/leadlab/leadlab/analysis/scoring"
	"github.com/leadlab/leadlab/queries"
)

// TestPopulation works the recorded population out by hand on
// readyFixture: the settled leads R1, R2, R3, R5, R6 score 20, 0, 20, 0,
// 0 as of their exposure cutoffs (R2's and R6's demos come after their
// opportunities, R3's unsubscribe after its window), so the deciles cut
// one bin at 0 (3 of 5) and one at 20 (2 of 5); two of them did a demo
// before their cutoff and none unsubscribed before it.
func TestPopulation(t *testing.T) {
	ctx := context.Background()
	ws := loadFixture(t, readyFixture, 0)
	d, err := scoring.LoadData(ctx, ws, queries.OutcomeOptions{WindowSet: true, WindowDays: 30})
	if err != nil {
		t.Fatal(err)
	}
	cfg := scoring.Config{Version: scoring.SchemaVersion, Target: scoring.Range{Low: 0.1, High: 0.15},
		Outcome: scoring.Outcome{Unit: "lead"}, Accounts: scoring.Accounts{Rollup: "max"}, Cutoff: 20,
		Pain: []scoring.Rule{{Factor: "event:demo", Points: 20}, {Factor: "event:unsubscribe", Points: -20}}}
	if _, err := d.Prepare(ctx, cfg); err != nil {
		t.Fatal(err)
	}
	bins, prev := d.Population(cfg, d.Score(cfg, scoring.History), nil)
	if want := []scoring.ScoreShare{{Min: 0, Share: 0.6}, {Min: 20, Share: 0.4}}; !reflect.DeepEqual(bins, want) {
		t.Errorf("score bins %v, want %v", bins, want)
	}
	if want := []scoring.Prevalence{{Factor: "event:demo", Share: 0.4}, {Factor: "event:unsubscribe", Share: 0}}; !reflect.DeepEqual(prev, want) {
		t.Errorf("prevalence %v, want %v", prev, want)
	}
}

// TestBinShares: a score belongs to the last bin whose min is at or below
// it; below the first min, to the first bin.
func TestBinShares(t *testing.T) {
	got := scoring.BinShares([]float64{0, 10, 20}, []float64{-5, 0, 9.5, 10, 25})
	if want := []float64{0.6, 0.2, 0.2}; !reflect.DeepEqual(got, want) {
		t.Errorf("BinShares = %v, want %v", got, want)
	}
}
