package main

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/leadlab/leadlab/internal/buildinfo"
	"github.com/leadlab/leadlab/queries"
	"github.com/leadlab/leadlab/tui"
	"github.com/leadlab/leadlab/tui/common"
	"github.com/leadlab/leadlab/tui/jobs"
	"github.com/leadlab/leadlab/tui/session"
	"github.com/leadlab/leadlab/tui/theme"
)

// runTUI opens the workbench on the workspace the flags name. A --db
// workspace opens at once and every screen reads it in the background;
// --data, --manifest and the embedded sample are loaded first.
func runTUI(ctx context.Context, df dataFlags, configPath string, opt queries.OutcomeOptions) error {
	ws, err := openData(ctx, df)
	if err != nil {
		return err
	}
	defer ws.Close()
	key := workspaceKey(df)
	remembered := loadState()[key]
	if configPath == "" && remembered.Config != "" {
		if _, err := os.Stat(remembered.Config); err == nil {
			configPath = remembered.Config // the config this workspace was last seen with
		}
	}
	c := &common.Common{Styles: theme.Default(), Jobs: jobs.New(ctx, ws), Session: &session.Store{}, Version: buildinfo.Version()}
	screens := func() []common.Pane { return tui.Screens(c, configPath, opt, time.Now) }
	m := tui.NewModel(c, workspaceName(df), screens()...).WithRebuild(screens)
	m.ShowScreen(remembered.Screen)
	if err := tui.Run(ctx, withFrameProbe(m)); err != nil {
		return fmt.Errorf("workbench: %w", err)
	}
	// Remembering is a convenience: failing to is not worth an error.
	_ = saveState(key, tuiState{Config: m.ConfigPath(), Screen: m.Screen()})
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
