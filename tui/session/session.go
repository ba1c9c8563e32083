// Package session is the scoring model the Scoring, Cutoff and Leads
// screens share: the config, the data read once, the history scores and
// the cutoff report. A session is never changed after it is built; an
// edit builds a new one off the UI loop, in the Store that orders every
// change, and announces it with Changed, numbered so that every screen
// shows the newest.
package session

import (
	"context"
	"fmt"
	"time"

	"github.com/leadlab/leadlab/analysis"
	"github.com/leadlab/leadlab/analysis/scoring"
	"github.com/leadlab/leadlab/queries"
)

// Session is a scoring model ready to explore.
type Session struct {
	Config scoring.Config
	Source string  // where the config came from, in words
	Tuned  float64 // the config's own cutoff, which its metadata figures are at
	Path   string  // the file the config was read from or saved to; "" when never saved
	Dirty  bool    // edited since it was read or saved
	Data   *scoring.Data
	Scores *scoring.Scores
	Report scoring.CutoffReport
	// Tuning and Holdout are the model's figures at the current cutoff on
	// the earliest 70% and the latest 30% of settled leads by created_at,
	// the split tune uses, so the analyst sees at once whether an edit
	// holds up on newer leads.
	Tuning, Holdout scoring.Measured

	// Outcome is how the data was read (the workbench's --window and
	// --as-of, or the config's window): a suggestion tunes under the same.
	Outcome queries.OutcomeOptions

	holdout []bool // the latest 30% of settled leads; nil without dates
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
		opt = scoring.OutcomeFor(opt, c)
	} else {
		topt := analysis.DefaultTuneOptions()
		topt.Outcome, topt.Now = opt, now
		res, err := analysis.Tune(ctx, ws, topt)
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
	s := build(d, cfg, d.LatestSettled(scoring.HoldoutShare))
	s.Source, s.Tuned, s.Path, s.Outcome = source, cfg.Cutoff, path, opt
	return s, nil
}

// build scores and sweeps: pure computation over data already read. The
// holdout depends on the data only, so an edit keeps its session's rather
// than sorting every lead by date again.
func build(d *scoring.Data, cfg scoring.Config, holdout []bool) *Session {
	s := d.Score(cfg, scoring.History)
	n := &Session{Config: cfg, Data: d, Scores: s, Report: d.Cutoffs(cfg, s), holdout: holdout}
	n.measure()
	return n
}

// measure fills the tuning and holdout figures at the current cutoff.
func (s *Session) measure() {
	s.Tuning, s.Holdout = s.Data.MeasureSplit(s.Config, s.Scores, s.holdout)
}

// WithConfig is the session under an edited config: every lead re-scored
// and the sweep redone, from the data already read. The edit may name a
// factor the data has not been read for; ctx bounds reading it.
func (s *Session) WithConfig(ctx context.Context, cfg scoring.Config) (*Session, error) {
	if _, err := s.Data.Prepare(ctx, cfg); err != nil {
		return nil, err
	}
	n := build(s.Data, cfg, s.holdout)
	n.Source, n.Tuned, n.Path, n.Dirty, n.Outcome = s.Source, s.Tuned, s.Path, true, s.Outcome
	return n, nil
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
	n.measure()
	n.Dirty = s.Dirty || cfg.Cutoff != s.Config.Cutoff || cfg.Target != s.Config.Target
	return &n
}

// Changed announces a new session to every screen. Seq is the session's
// number in the Store; a screen keeps the session with the highest Seq it
// has seen, so a result that arrives late never overwrites a newer one.
type Changed struct {
	Seq     uint64
	Session *Session
}
