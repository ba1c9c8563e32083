package analysis

import (
	"context"
	"math/rand/v2"
	"os"
	"slices"
	"testing"

	"github.com/leadlab/leadlab/analysis/scoring"
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

func BenchmarkTune(b *testing.B) {
	ws := benchWorkspace(b)
	opt := TuneOptions{Target: scoring.Range{Low: 0.10, High: 0.15}, MaxFactors: 20, MinLift: 5, Method: "adjusted", HoldoutShare: 0.3, Seed: 1}
	b.ResetTimer()
	for b.Loop() {
		if _, err := Tune(context.Background(), ws, opt); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRescoreSweep is what an edit in the workbench costs: one
// weight changed, every lead re-scored and the full sweep recomputed, the
// data already in memory. BenchmarkRescoreFloor is its floor: one pass
// over the same leads in memory (scoring.Data.PassFloor); BenchmarkSortFloor
// was its floor while the sweep sorted.
func BenchmarkRescoreSweep(b *testing.B) {
	d, cfg := rescoreData(b)
	b.ResetTimer()
	for k := 0; b.Loop(); k++ {
		cfg.Pain[0].Points += float64(k%2*2 - 1) // one weight nudged up and down
		s := d.Score(cfg, scoring.History)
		_ = d.Sweep(cfg, s)
	}
}

func BenchmarkRescoreFloor(b *testing.B) {
	d, cfg := rescoreData(b)
	b.ResetTimer()
	for k := 0; b.Loop(); k++ {
		cfg.Pain[0].Points += float64(k%2*2 - 1)
		_ = d.PassFloor(cfg)
	}
}

// rescoreData is the benchmark workspace read for scoring under the model
// tune finds on it, or the one in the file LEADLAB_BENCH_CONFIG names.
func rescoreData(b *testing.B) (*scoring.Data, scoring.Config) {
	b.Helper()
	ws := benchWorkspace(b)
	ctx := context.Background()
	var cfg scoring.Config
	if path := os.Getenv("LEADLAB_BENCH_CONFIG"); path != "" {
		// the model leadlab bench tuned on the same workspace: tuning
		// again for every run of the benchmark takes longer than it
		c, err := scoring.LoadConfig(path)
		if err != nil {
			b.Fatal(err)
		}
		cfg = c
	} else {
		res, err := Tune(ctx, ws, TuneOptions{Target: scoring.Range{Low: 0.10, High: 0.15}, MaxFactors: 20, MinLift: 5, Method: "adjusted", HoldoutShare: 0.3, Seed: 1})
		if err != nil {
			b.Fatal(err)
		}
		cfg = res.Config
	}
	if len(cfg.Pain) == 0 {
		b.Skip("tuning found no rules")
	}
	d, err := scoring.LoadData(ctx, ws, queries.OutcomeOptions{})
	if err != nil {
		b.Fatal(err)
	}
	if _, err := d.Prepare(ctx, cfg); err != nil {
		b.Fatal(err)
	}
	return d, cfg
}

func BenchmarkSortFloor(b *testing.B) {
	ws := benchWorkspace(b)
	var n int
	if err := ws.DB.QueryRow("SELECT count(*) FROM leads").Scan(&n); err != nil {
		b.Fatal(err)
	}
	r := rand.New(rand.NewPCG(1, 2))
	src := make([]float64, n)
	for i := range src {
		src[i] = r.Float64()
	}
	buf := make([]float64, n)
	b.ResetTimer()
	for b.Loop() {
		copy(buf, src)
		slices.Sort(buf)
	}
}
