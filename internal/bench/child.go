package bench

import (
	"context"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/leadlab/leadlab/analysis/scoring"
	"github.com/leadlab/leadlab/queries"
)

// The work of the hidden commands the bench runs as child processes (the
// leadlab bench floor-sort, rescore and edit-latency commands), for what
// no user command does: the floors, and the re-score an edit in the
// workbench triggers. Each writes its times in seconds, one run a line.

// FloorSort sorts n random float64 values runs times, writing each
// time: the floor of re-score and sweep.
func FloorSort(w io.Writer, n, runs int) {
	r := rand.New(rand.NewPCG(1, 2))
	src := make([]float64, n)
	for i := range src {
		src[i] = r.Float64()
	}
	buf := make([]float64, n)
	for range runs {
		copy(buf, src)
		start := time.Now()
		slices.Sort(buf)
		fmt.Fprintf(w, "%.6f\n", time.Since(start).Seconds())
	}
}

// Rescore does what the workbench does on an edit, runs times, writing
// each time, as BenchmarkRescoreSweep in analysis measures it: one weight
// nudged up or down, every lead scored again, every cutoff swept.
func Rescore(w io.Writer, d *scoring.Data, cfg scoring.Config, runs int) {
	for k := range runs {
		cfg.Pain[0].Points += float64(k%2*2 - 1)
		start := time.Now()
		s := d.Score(cfg, scoring.History)
		_ = d.Sweep(cfg, s)
		fmt.Fprintf(w, "%.6f\n", time.Since(start).Seconds())
	}
}

// EditLatency times edits as Rescore does, each beside one pass over the
// leads (the floor), writing both times on a line.
func EditLatency(w io.Writer, d *scoring.Data, cfg scoring.Config, edits int) error {
	var sum float64
	for k := range edits {
		cfg.Pain[0].Points += float64(k%2*2 - 1)
		start := time.Now()
		s := d.Score(cfg, scoring.History)
		_ = d.Sweep(cfg, s)
		edit := time.Since(start).Seconds()
		start = time.Now()
		sum += d.PassFloor(cfg)
		fmt.Fprintf(w, "%.6f %.6f\n", edit, time.Since(start).Seconds())
	}
	if math.IsNaN(sum) {
		return fmt.Errorf("the floor's scores add up to NaN")
	}
	return nil
}

// EditData reads the workspace for scoring under the config, as the
// workbench has it before an edit; the config's first pain rule is the
// weight an edit changes.
func EditData(ctx context.Context, ws *queries.Workspace, config string) (*scoring.Data, scoring.Config, error) {
	cfg, err := scoring.LoadConfig(config)
	if err != nil {
		return nil, cfg, err
	}
	if len(cfg.Pain) == 0 {
		// Tuning finds nothing on a small dataset; a rule on the
		// commonest event still makes every lead's score move.
		if cfg.Pain, err = commonestEventRule(ctx, ws); err != nil {
			return nil, cfg, err
		}
	}
	d, err := scoring.LoadData(ctx, ws, queries.OutcomeOptions{})
	if err != nil {
		return nil, cfg, err
	}
	if _, err := d.Prepare(ctx, cfg); err != nil {
		return nil, cfg, err
	}
	return d, cfg, nil
}

func commonestEventRule(ctx context.Context, ws *queries.Workspace) ([]scoring.Rule, error) {
	counts, err := queries.EventLeadCounts(ctx, ws)
	if err != nil {
		return nil, err
	}
	best := ""
	for name, n := range counts {
		if best == "" || n > counts[best] || (n == counts[best] && name < best) {
			best = name
		}
	}
	if best == "" {
		return nil, fmt.Errorf("the workspace has no events to score")
	}
	return []scoring.Rule{{Factor: "event:" + best, Points: 10}}, nil
}
