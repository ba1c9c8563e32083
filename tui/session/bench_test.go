package session

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/leadlab/leadlab/queries"
)

// BenchmarkEdit is one edit on the Scoring screen: a weight nudged, every
// lead re-scored, the sweep, the figures at the cutoff and the split
// redone (WithConfig), on the workspace LEADLAB_BENCH_DB names (made with
// leadlab gen and leadlab load); skipped without it. The bar:
// within 0.4 s at 200,000 leads.
func BenchmarkEdit(b *testing.B) {
	path := os.Getenv("LEADLAB_BENCH_DB")
	if path == "" {
		b.Skip("LEADLAB_BENCH_DB names no workspace")
	}
	ctx := context.Background()
	ws, err := queries.OpenReadOnly(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	defer ws.Close()
	s, err := Open(ctx, ws, "", queries.OutcomeOptions{}, time.Now())
	if err != nil {
		b.Fatal(err)
	}
	if len(s.Config.Pain) == 0 {
		b.Fatal("the tuned model has no pain rule to nudge")
	}
	b.ResetTimer()
	for i := range b.N {
		cfg := s.Config
		cfg.Pain = append(cfg.Pain[:0:0], cfg.Pain...)
		cfg.Pain[0].Points += float64(i%2*2 - 1)
		if _, err := s.WithConfig(ctx, cfg); err != nil {
			b.Fatal(err)
		}
	}
}
