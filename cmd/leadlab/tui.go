package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/charmbracelet/x/term"

	"github.com/leadlab/leadlab/internal/buildinfo"
	"github.com/leadlab/leadlab/queries"
	"github.com/leadlab/leadlab/tui"
	"github.com/leadlab/leadlab/tui/common"
	"github.com/leadlab/leadlab/tui/jobs"
	"github.com/leadlab/leadlab/tui/session"
	"github.com/leadlab/leadlab/tui/theme"
)

// runTUI opens the workbench on the workspace the flags name. The frame
// is drawn at once: a --db workspace opens straight away and every screen
// reads it in the background; --data, --manifest and the embedded sample
// load first, under a spinner (see tui.Boot).
func runTUI(ctx context.Context, df dataFlags, configPath string, opt queries.OutcomeOptions, mode theme.Mode) error {
	if err := needTerminal(os.Stdin, os.Stdout); err != nil {
		return err
	}
	trace, untrace, err := workbenchTrace()
	if err != nil {
		return err
	}
	defer untrace()
	key := workspaceKey(df)
	remembered := loadState()[key]
	configPath, note := configToOpen(configPath, remembered)
	// The data opens off the UI loop; if the user quits first, the
	// workspace that comes too late is closed as it arrives.
	var (
		mu     sync.Mutex
		ws     *queries.Workspace
		closed bool
	)
	defer func() {
		mu.Lock()
		defer mu.Unlock()
		closed = true
		if ws != nil {
			ws.Close()
		}
	}()
	open := func(ctx context.Context) (*tui.Model, error) {
		w, err := openData(ctx, df)
		if err != nil {
			return nil, err
		}
		mu.Lock()
		defer mu.Unlock()
		if closed {
			w.Close()
			return nil, context.Canceled
		}
		ws = w
		c := &common.Common{Styles: theme.Default(), Jobs: jobs.New(ctx, ws), Session: &session.Store{}, Version: buildinfo.Version()}
		screens := func() []common.Pane { return tui.Screens(c, configPath, opt, time.Now) }
		m := tui.NewModel(c, workspaceName(df), screens()...).WithRebuild(screens).WithNote(note).WithTrace(trace).WithTheme(mode)
		m.ShowScreen(remembered.Screen)
		return m, nil
	}
	boot := tui.NewBoot(ctx, theme.New(theme.Options{Light: mode == theme.Light}), loadingWords(df), open)
	if err := tui.Run(ctx, withFrameProbe(boot)); err != nil {
		return fmt.Errorf("workbench: %w", err)
	}
	m := boot.Model()
	if m == nil {
		return boot.Err() // nil when the user quit while it loaded
	}
	// Remembering is a convenience: failing to is not worth an error.
	_ = saveState(key, tuiState{Config: absPath(m.ConfigPath()), Screen: m.Screen()})
	return nil
}

// loadingWords says what the workbench is doing while its first frame
// waits for the data.
func loadingWords(df dataFlags) string {
	switch {
	case df.data != "":
		return "loading " + df.data
	case df.manifest != "":
		return "loading " + df.manifest
	case df.db != "":
		return "opening " + df.db
	}
	return "loading the sample"
}

// configToOpen is the config the workbench opens: the one --config
// names, else the one last used with this workspace while it is still
// there. note says, for the status line, that a remembered config is
// gone, rather than opening a freshly tuned model without a word.
func configToOpen(flag string, remembered tuiState) (path, note string) {
	if flag != "" || remembered.Config == "" {
		return flag, ""
	}
	if _, err := os.Stat(remembered.Config); err != nil {
		return "", fmt.Sprintf("the config last used here, %s, is gone: the model is tuned afresh", remembered.Config)
	}
	return remembered.Config, ""
}

// absPath is path made absolute, so that a config remembered from one
// folder is found from any other; "" stays "".
func absPath(path string) string {
	if path == "" {
		return ""
	}
	if abs, err := filepath.Abs(path); err == nil {
		return abs
	}
	return path
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

// needTerminal refuses to start the workbench unless it can draw on a
// terminal and read keys from it: piped or redirected, it would write
// escape codes into a file or wait for keys that never come (Bubble Tea
// itself only says "could not open TTY"). Before anything loads, so the
// refusal is immediate.
func needTerminal(in, out *os.File) error {
	var not []string
	if !term.IsTerminal(in.Fd()) {
		not = append(not, "standard input")
	}
	if !term.IsTerminal(out.Fd()) {
		not = append(not, "standard output")
	}
	verb := "is not one"
	switch len(not) {
	case 0:
		return nil
	case 2:
		verb = "are not"
	}
	return fmt.Errorf("the workbench needs a terminal, and %s %s; "+
		"in a script, use a report command: leadlab report data, report actions, tune, score … (leadlab --help lists them)", strings.Join(not, " and "), verb)
}
