package cutoff

import (
	"context"
	"fmt"
	"time"

	"github.com/leadlab/leadlab/analysis"
	"github.com/leadlab/leadlab/analysis/scoring"
	"github.com/leadlab/leadlab/queries"
)

// Session is a scoring model ready to explore: the config, the data read
// once, the leads' history scores and the cutoff report. It is never
// changed after it is built; a change builds a new one off the UI loop.
type Session struct {
	Config scoring.Config
	Source string  // where the config came from, in words
	Tuned  float64 // the config's own cutoff, which its metadata figures are at
	Data   *scoring.Data
	Scores *scoring.Scores
	Report scoring.CutoffReport
}

// Open builds a session from a config file, or, with no path, from a
// model tuned on the data (not saved until the analyst saves it).
func Open(ctx context.Context, ws *queries.Workspace, path string, opt queries.OutcomeOptions, now time.Time) (*Session, error) {
	var cfg scoring.Config
	source := path
	if path != "" {
		c, err := scoring.LoadConfig(path)
		if err != nil {
			return nil, err
		}
		cfg = c
		if !opt.WindowSet && c.Outcome.WindowDays != nil {
			opt.WindowSet, opt.WindowDays = true, *c.Outcome.WindowDays
		}
	} else {
		res, err := analysis.Tune(ctx, ws, analysis.TuneOptions{Outcome: opt, Target: scoring.Range{Low: 0.10, High: 0.15},
			MaxFactors: 20, MinLift: 5, Method: "lift", HoldoutShare: 0.3, Seed: 1, ToolVersion: "workbench", Now: now})
		if err != nil {
			return nil, fmt.Errorf("tune a starting model: %w", err)
		}
		cfg, source = res.Config, "tuned on this data (not saved)"
	}
	d, err := scoring.LoadData(ctx, ws, opt)
	if err != nil {
		return nil, err
	}
	if _, err := d.Prepare(ctx, cfg); err != nil {
		return nil, err
	}
	return build(d, cfg, source), nil
}

// build scores and sweeps: pure computation over data already read.
func build(d *scoring.Data, cfg scoring.Config, source string) *Session {
	s := d.Score(cfg, scoring.History)
	return &Session{Config: cfg, Source: source, Tuned: cfg.Cutoff, Data: d, Scores: s, Report: d.Cutoffs(cfg, s)}
}

// WithCutoff is the session at another cutoff or target: the sweep stays,
// the figures at the cutoff are recomputed.
func (s *Session) WithCutoff(cutoff float64, target scoring.Range) *Session {
	cfg := s.Config
	cfg.Cutoff, cfg.Target = cutoff, target
	if cfg.Accounts.Rollup == "max" && s.Config.Accounts.Cutoff == s.Config.Cutoff {
		cfg.Accounts.Cutoff = cutoff // the account cutoff followed the lead cutoff; keep it so
	}
	n := *s
	n.Config = cfg
	n.Report = s.Data.Cutoffs(cfg, s.Scores)
	return &n
}
