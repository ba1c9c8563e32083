package main

import (
	"context"
	"fmt"
	"time"

	"github.com/leadlab/leadlab/analysis"
	"github.com/leadlab/leadlab/queries"
	"github.com/leadlab/leadlab/tui"
)

// runTUI opens the workbench. Loading happens before the first frame for
// now; the workbench issue moves it behind a progress bar.
func runTUI(ctx context.Context, df dataFlags) error {
	ws, err := openData(ctx, df)
	if err != nil {
		return err
	}
	defer ws.Close()
	rep, err := analysis.BuildDataReport(ctx, ws, queries.OutcomeOptions{}, time.Now())
	if err != nil {
		return err
	}
	if err := tui.Run(ctx, tui.NewModel(rep, workspaceName(df))); err != nil {
		return fmt.Errorf("workbench: %w", err)
	}
	return nil
}

func workspaceName(df dataFlags) string {
	switch {
	case df.db != "":
		return df.db
	case df.data != "":
		return df.data + " (in memory)"
	case df.manifest != "":
		return df.manifest + " (in memory)"
	}
	return "embedded sample (in memory)"
}
