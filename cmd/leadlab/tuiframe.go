package main

import (
	"os"

	tea "charm.land/bubbletea/v2"

	"github.com/leadlab/leadlab/internal/bench"
	"github.com/leadlab/leadlab/tui"
	"github.com/leadlab/leadlab/tui/jobs"
)

// frameEnv is where leadlab bench asks the workbench to say when its
// first frame with data is drawn (bench.FrameEnv).
const frameEnv = bench.FrameEnv

// frameProbe is the workbench with one addition: when the screen on view
// has its first result and nothing of it is still running, the next frame
// drawn is reported and the program quits. The frame with the spinner,
// drawn before the data is open, does not count: the probe times the
// first frame with data on it.
type frameProbe struct {
	*tui.Boot
	path  string
	ready bool
	done  bool
}

// withFrameProbe wraps m in a probe when leadlab bench asked for one.
func withFrameProbe(b *tui.Boot) tea.Model {
	if path := os.Getenv(frameEnv); path != "" {
		return &frameProbe{Boot: b, path: path}
	}
	return b
}

// Update implements tea.Model.
func (p *frameProbe) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	_, cmd := p.Boot.Update(msg)
	if _, ok := msg.(jobs.Finished); ok && !p.ready && p.Model() != nil && !p.Model().Active().Busy() {
		p.ready = true
		return p, tea.Batch(cmd, tea.Quit)
	}
	return p, cmd
}

// View implements tea.Model: the frame is drawn from this view, so the
// time is taken as it is made.
func (p *frameProbe) View() tea.View {
	v := p.Boot.View()
	if p.ready && !p.done {
		p.done = true
		// A failed write leaves the bench without its line, and it says so.
		if f, err := os.OpenFile(p.path, os.O_WRONLY, 0); err == nil {
			f.WriteString("frame\n")
			f.Close()
		}
	}
	return v
}
