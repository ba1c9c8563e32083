package data

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/leadlab/leadlab/analysis"
	"github.com/leadlab/leadlab/queries"
	"github.com/leadlab/leadlab/queries/load"
	"github.com/leadlab/leadlab/tui/common"
	"github.com/leadlab/leadlab/tui/pathpick"
)

// workingDir is the folder relative paths start from, for the picker's
// heading.
func workingDir() string {
	wd, err := os.Getwd()
	if err != nil {
		return "the working folder"
	}
	return wd
}

// loadProgress is one step of a running load.
type loadProgress struct {
	done, total int
	what        string
}

// loadEnded closes a load's progress stream.
type loadEnded struct{}

// listen waits for the next step of the load on ch.
func listen(ch <-chan loadProgress) tea.Cmd {
	return func() tea.Msg {
		p, ok := <-ch
		if !ok {
			return loadEnded{}
		}
		return p
	}
}

// newPicker offers folders and manifests (.yaml): a folder of
// canonical files or a manifest can be loaded.
func newPicker() pathpick.Model {
	return pathpick.New("load: ", func(name string) bool {
		return strings.HasSuffix(name, ".yaml") || strings.HasSuffix(name, ".yml")
	})
}

// loadTyped loads the folder or manifest typed in the picker.
var loadTyped = key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "load the folder or manifest"))

// pickKey handles enter while the picker is open: the folder or
// manifest typed is loaded (nothing typed: the working folder).
func (m *Model) pickKey(msg tea.KeyPressMsg) (tea.Cmd, bool) {
	if !key.Matches(msg, loadTyped) {
		return nil, false
	}
	path := m.picker.Value()
	info, err := os.Stat(path)
	switch {
	case err != nil:
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err // the path is named already
		}
		m.loadErr = "cannot load " + path + ": " + err.Error()
		return nil, true
	case info.IsDir(), strings.HasSuffix(path, ".yaml"), strings.HasSuffix(path, ".yml"):
		if abs, err := filepath.Abs(path); err == nil {
			path = abs
		}
		m.picking = false
		return m.askLoad(path), true
	}
	m.loadErr = filepath.Base(path) + " is neither a folder nor a manifest (.yaml)"
	return nil, true
}

// loadAgreed is the folder or manifest to load, once the workbench has
// made sure no unsaved change to the scoring model is lost by it.
type loadAgreed string

// askLoad asks the workbench to load path: a load replaces the scoring
// model, so it asks first when the model has unsaved changes.
func (m *Model) askLoad(path string) tea.Cmd {
	return common.Ask(common.ReplaceModel{What: "loads " + filepath.Base(path), Then: loadAgreed(path)})
}

// startLoad loads path (a folder or a manifest) into the workspace as a
// job, reporting each step; the workspace changes only if it succeeds.
func (m *Model) startLoad(path string) tea.Cmd {
	ch := make(chan loadProgress, 16)
	m.loading, m.loadPath, m.loadStep, m.loadCh = true, path, loadProgress{what: "planning"}, ch
	run := m.loadJob.Start(m.c.Jobs, func(ctx context.Context, ws *queries.Workspace) (load.LoadResult, error) {
		defer close(ch)
		var plan load.Plan
		var err error
		if info, serr := os.Stat(path); serr == nil && info.IsDir() {
			plan, _, err = load.PlanDir(path)
		} else {
			plan, err = load.LoadManifest(path)
		}
		if err != nil {
			return load.LoadResult{}, err
		}
		plan.Progress = func(done, total int, what string) {
			select {
			case ch <- loadProgress{done, total, what}:
			default: // a slow screen misses a step, never blocks the load
			}
		}
		return load.Load(ctx, ws, plan)
	})
	return tea.Batch(run, listen(ch), m.spin.Tick)
}

// loadView shows the picker, or the running load's progress.
func (m *Model) loadView() string {
	s := m.c.Styles
	if m.loading {
		p := m.loadStep
		pct := 0.0
		if p.total > 0 {
			pct = float64(p.done) / float64(p.total)
		}
		return s.Heading.Render("Loading "+filepath.Base(m.loadPath)) + "\n\n" + m.bar.ViewAs(pct) + "\n" +
			s.Muted.Render(p.what+" — esc cancels; the workspace changes only when every table is in") + "\n"
	}
	head := s.Heading.Render("Load a folder of canonical files, or a manifest (.yaml)") + "\n" +
		s.Muted.Render("from "+m.wd+"; type a path, tab completes it, enter loads it")
	if m.loadErr != "" {
		head += "\n" + s.Warn.Render(m.loadErr)
	}
	return head + "\n\n" + m.picker.View(s, max(m.height-5, 3))
}

// loadDone handles the end of a load: on success every screen starts
// again on the new data.
func (m *Model) loadDone(err error, res load.LoadResult) tea.Cmd {
	m.loading, m.picking = false, false
	if err != nil {
		m.loadErr = failedLoad(err)
		if m.c.Jobs.Workspace().ReadOnly() {
			// The load reopened the workspace: the screens' derived
			// results are gone, so they start again.
			note, _, _ := strings.Cut(m.loadErr, ":")
			r := common.Reloaded{Note: note, LoadErr: m.loadErr}
			return func() tea.Msg { return r }
		}
		return nil
	}
	m.loadErr = ""
	m.loaded = fmt.Sprintf("loaded %s: %s tables, %s rejects", res.Origin, analysis.Count(int64(len(res.Tables))), analysis.Count(res.RejectCount))
	r := common.Reloaded{Note: m.loaded, Source: res.Origin}
	return func() tea.Msg { return r }
}

// failedLoad says why a load failed, and once that the workspace is as it
// was (the data layer's message already says so in its own words).
func failedLoad(err error) string {
	if errors.Is(err, context.Canceled) {
		return "load cancelled: the workspace is as it was"
	}
	return "load failed, the workspace is as it was: " + strings.TrimPrefix(err.Error(), load.LoadFailedPrefix)
}
