package analysis

import (
	"context"
	"os"
	"testing"

	"github.com/leadlab/leadlab/queries"
)

// benchWorkspace is the embedded sample, or the workspace file named by
// LEADLAB_BENCH_DB (for example a million leads made with leadlab gen and
// leadlab load), so the same benchmarks measure both scales.
func benchWorkspace(b *testing.B) *queries.Workspace {
	b.Helper()
	if path := os.Getenv("LEADLAB_BENCH_DB"); path != "" {
		ws, err := queries.Open(context.Background(), path)
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { ws.Close() })
		return ws
	}
	return loadSampleInto(b, b.TempDir())
}

func BenchmarkFunnel(b *testing.B) {
	ws := benchWorkspace(b)
	b.ResetTimer()
	for b.Loop() {
		if _, err := BuildFunnel(context.Background(), ws, queries.OutcomeOptions{}, queries.FunnelFilter{}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkActions(b *testing.B) {
	ws := benchWorkspace(b)
	b.ResetTimer()
	for b.Loop() {
		if _, err := BuildActions(context.Background(), ws, queries.OutcomeOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}
