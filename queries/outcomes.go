package queries

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/leadlab/leadlab/queries/internal/sqltext"
)

// OutcomeOptions are the analyst's settings for the outcome rules of
// docs/outcomes.md.
type OutcomeOptions struct {
	// WindowSet says WindowDays was given (--window); otherwise the
	// window is the mean sales cycle. WindowDays 0 means no window.
	WindowSet  bool
	WindowDays int
	// AsOf overrides the data's as-of date (the latest timestamp in it
	// that can be right: see asof.go).
	AsOf time.Time
}

// Outcomes is the single definition of won, maturing and exposure that
// every lead-level statistic uses. Computing it writes
// derived.lead_outcomes and derived.exposed_events.
type Outcomes struct {
	WindowDays    int
	WindowRule    WindowRule
	MeanCycleDays float64 // NaN when no won lead has both dates
	WonWithDates  int64   // won leads the mean cycle is measured over
	// CycleWonBeforeCreated counts won leads left out of the mean cycle
	// because their first win is dated before the lead was created;
	// CycleSetAside those with a date set aside from the as-of date.
	CycleWonBeforeCreated int64
	CycleSetAside         int64
	AsOf                  time.Time
	AsOfSource            string
	// SetAside is what the data's as-of date was not taken from. It is
	// worked out with --as-of too, since the mean cycle leaves it out.
	SetAside    SetAside
	Basis       string // "deals", "converted" or "none"
	Leads       int64
	Won         int64    // settled leads won inside the window
	NotWon      int64    // settled leads not won
	Maturing    int64    // window still open at the as-of date: left out
	MaturingWon int64    // maturing leads that have already won
	Notes       []string // what could not be applied, and why
}

// Supplied returns, per table loaded from a file, the canonical columns
// the file supplied. Tables absent from the map were not loaded (they
// exist, empty, so that queries still run).
func (w *Workspace) Supplied(ctx context.Context) (map[string][]string, error) {
	rows, err := w.DB.QueryContext(ctx, SQL("sources-list"))
	if err != nil {
		return nil, fmt.Errorf("read load metadata: %s (has the workspace been loaded?)", sqltext.CleanErr(err))
	}
	defer rows.Close()
	var all []SourceInfo
	for rows.Next() {
		var s SourceInfo
		if err := scanSource(rows, &s); err != nil {
			return nil, err
		}
		all = append(all, s)
	}
	out := map[string][]string{}
	for _, s := range mergeSources(all) {
		out[s.Table] = s.Columns
	}
	return out, rows.Err()
}

// WindowRule says how the window was chosen.
type WindowRule string

// The ways a window comes about.
const (
	WindowGiven     WindowRule = "given"      // --window N
	WindowNoneGiven WindowRule = "none_given" // --window 0
	WindowNoDates   WindowRule = "none_no_dates"
	WindowMeanCycle WindowRule = "mean_cycle"
)

// ComputeOutcomes applies the outcome rules with the given settings.
func ComputeOutcomes(ctx context.Context, ws *Workspace, opt OutcomeOptions) (Outcomes, error) {
	ws.memo.forgetOutcomes() // replaced now, whatever happens
	o, err := computeOutcomes(ctx, ws, opt)
	if err == nil {
		ws.memo.rememberOutcomes(opt, o)
	}
	return o, err
}

func computeOutcomes(ctx context.Context, ws *Workspace, opt OutcomeOptions) (Outcomes, error) {
	var o Outcomes
	supplied, err := ws.Supplied(ctx)
	if err != nil {
		return o, err
	}
	if opt.WindowSet && (opt.WindowDays < 0 || opt.WindowDays > 36500) {
		return o, fmt.Errorf("window must be between 0 (no window) and 36500 days, got %d", opt.WindowDays)
	}
	_, haveDeals := supplied["deals"]
	useConverted := !haveDeals && slices.Contains(supplied["leads"], "converted")
	switch {
	case haveDeals:
		o.Basis = "deals"
	case useConverted:
		o.Basis = "converted"
		o.Notes = append(o.Notes, "no deals table: the leads' converted column is the outcome, and with no close dates no window can apply")
	default:
		o.Basis = "none"
		o.Notes = append(o.Notes, "no deals table and no converted column: no lead can be counted as won")
	}
	if !slices.Contains(supplied["leads"], "created_at") {
		o.Notes = append(o.Notes, "leads have no created_at: no window can apply and no lead is maturing")
	}

	latest, haveAsOf, aside, err := dataAsOf(ctx, ws, loadClock(ctx, ws))
	if err != nil {
		return o, err
	}
	o.SetAside = aside
	switch {
	case !opt.AsOf.IsZero():
		o.AsOf, o.AsOfSource = opt.AsOf.UTC(), "set by --as-of"
	case !haveAsOf:
		o.AsOfSource = "no timestamps in the data"
		if aside.Count > 0 {
			o.AsOfSource = "no timestamps in the data that can be right"
		}
	case aside.Count > 0:
		o.AsOf, o.AsOfSource = latest, fmt.Sprintf("latest timestamp in the data, %d set aside", aside.Count)
	default:
		o.AsOf, o.AsOfSource = latest, "latest timestamp in the data"
	}
	if w := aside.Words(); w != "" {
		o.Notes = append(o.Notes, w)
	}

	if _, err := ws.exec(ctx, SQL("lead-wins")); err != nil {
		return o, fmt.Errorf("won leads: %s", sqltext.CleanErr(err))
	}
	var mean sql.NullFloat64
	var withDates int64
	var limit any
	if haveAsOf {
		limit = latest // every set-aside date is later
	}
	if err := ws.queryRow(ctx, SQL("mean-cycle-days"), limit, limit).Scan(&mean, &withDates, &o.CycleWonBeforeCreated, &o.CycleSetAside); err != nil {
		return o, fmt.Errorf("mean sales cycle: %s", sqltext.CleanErr(err))
	}
	if !useConverted && o.CycleWonBeforeCreated > 0 {
		o.Notes = append(o.Notes, fmt.Sprintf("%d won lead(s) left out of the mean sales cycle: their first win is dated before the lead was created (a data error)", o.CycleWonBeforeCreated))
	}
	if !useConverted && o.CycleSetAside > 0 {
		o.Notes = append(o.Notes, fmt.Sprintf("%d won lead(s) left out of the mean sales cycle: a date set aside from the as-of date", o.CycleSetAside))
	}
	o.MeanCycleDays = math.NaN()
	if mean.Valid && !useConverted {
		o.MeanCycleDays = mean.Float64
	}
	o.WonWithDates = withDates
	switch {
	case opt.WindowSet && opt.WindowDays == 0:
		o.WindowRule = WindowNoneGiven
	case opt.WindowSet:
		o.WindowDays, o.WindowRule = opt.WindowDays, WindowGiven
	case useConverted || math.IsNaN(o.MeanCycleDays):
		o.WindowRule = WindowNoDates
	default:
		o.WindowDays = max(1, int(math.Ceil(o.MeanCycleDays)))
		o.WindowRule = WindowMeanCycle
	}
	if useConverted && o.WindowDays > 0 {
		o.Notes = append(o.Notes, "the window is ignored: converted leads have no close date")
		o.WindowDays = 0
	}
	var asOf any
	if !o.AsOf.IsZero() {
		asOf = o.AsOf
	}
	if _, err := ws.exec(ctx, SQL("lead-outcomes"), o.WindowDays, asOf, useConverted); err != nil {
		return o, fmt.Errorf("lead outcomes: %s", sqltext.CleanErr(err))
	}
	if _, err := ws.exec(ctx, SQL("exposed-events")); err != nil {
		return o, fmt.Errorf("exposed events: %s", sqltext.CleanErr(err))
	}
	if _, err := ws.exec(ctx, SQL("holdout-reset")); err != nil {
		return o, fmt.Errorf("holdout: %s", sqltext.CleanErr(err))
	}
	row := ws.queryRow(ctx, SQL("outcome-counts"))
	if err := row.Scan(&o.Leads, &o.Won, &o.Maturing, &o.NotWon, &o.MaturingWon); err != nil {
		return o, fmt.Errorf("lead outcomes: %s", sqltext.CleanErr(err))
	}
	return o, nil
}

// loadClock is the wall-clock time of the load that wrote the dataset:
// no timestamp in it can be later. A workspace without load metadata
// (none is opened for reports) falls back to now.
func loadClock(ctx context.Context, ws *Workspace) time.Time {
	var t time.Time
	var origin, tool sql.NullString
	if err := ws.queryRow(ctx, SQL("load-info")).Scan(&t, &origin, &tool); err != nil || t.IsZero() {
		return time.Now().UTC()
	}
	return t.UTC()
}
