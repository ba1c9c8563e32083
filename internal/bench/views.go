package bench

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/leadlab/leadlab/analysis"
	"github.com/leadlab/leadlab/queries"
)

// funnelListed is how many accounts of each stage the workbench's Funnel
// screen lists (tui/funnel's listed), fetched with every funnel it shows.
const funnelListed = 60

// changesPerRun is how many filter changes funnel_filter times for each
// of --runs.
const changesPerRun = 8

// FunnelFilter times changes funnel filter changes (tier 1, 2, 3, none,
// …) as the workbench makes them, writing each time: the work of the
// hidden leadlab bench funnel-filter command, the funnel_filter step.
func FunnelFilter(ctx context.Context, w io.Writer, ws *queries.Workspace, changes int) error {
	// The screen's first fill, untimed: the outcomes and, in an older
	// workspace, the view summaries are made once.
	if err := funnelScreen(ctx, ws, queries.FunnelFilter{}); err != nil {
		return err
	}
	for k := range changes {
		f := queries.FunnelFilter{Tier: int64(k%4 + 1)}
		if f.Tier == 4 {
			f.Tier = 0
		}
		start := time.Now()
		if err := funnelScreen(ctx, ws, f); err != nil {
			return err
		}
		fmt.Fprintf(w, "%.6f\n", time.Since(start).Seconds())
	}
	return nil
}

// funnelScreen does what the workbench's Funnel screen does for a filter
// (tui/funnel's query): the funnel, the accounts listed at each stage, and
// the scope when an account filter is set.
func funnelScreen(ctx context.Context, ws *queries.Workspace, f queries.FunnelFilter) error {
	r, err := analysis.BuildFunnel(ctx, ws, queries.OutcomeOptions{}, f)
	if err != nil {
		return err
	}
	for stage := range r.Stages {
		if _, err := queries.FunnelStageAccounts(ctx, ws, stage, funnelListed); err != nil {
			return err
		}
	}
	if f.AccountFilters() {
		_, err = queries.FunnelScope(ctx, ws)
	}
	return err
}
