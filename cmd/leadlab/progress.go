package main

import (
	"fmt"
	"io"
	"os"
	"sync"
	"time"

	"github.com/charmbracelet/x/term"
	"github.com/spf13/cobra"
)

// progress shows a long command's steps on one line of stderr, with the
// time since it started, when stderr is a terminal and --quiet is not
// given; in a pipe or a log it writes nothing, so scripts and CI output
// stay as they were. The line is cleared when the command ends.
type progress struct {
	w     io.Writer
	start time.Time
	mu    sync.Mutex
	line  string
	stop  chan struct{}
	done  chan struct{}
}

// quietFlag registers --quiet on a command that reports progress.
func quietFlag(cmd *cobra.Command, quiet *bool) {
	cmd.Flags().BoolVarP(quiet, "quiet", "q", false, "no progress on stderr (it is shown only when stderr is a terminal)")
}

// startProgress returns a progress line on cmd's stderr, or nil (whose
// methods do nothing) when it should stay silent.
func startProgress(cmd *cobra.Command, quiet bool) *progress {
	f, ok := cmd.ErrOrStderr().(*os.File)
	if quiet || !ok || !term.IsTerminal(f.Fd()) {
		return nil
	}
	return newProgress(f, 500*time.Millisecond)
}

// newProgress writes to w, refreshing the elapsed time every tick.
func newProgress(w io.Writer, tick time.Duration) *progress {
	p := &progress{w: w, start: time.Now(), stop: make(chan struct{}), done: make(chan struct{})}
	go func() {
		defer close(p.done)
		t := time.NewTicker(tick)
		defer t.Stop()
		for {
			select {
			case <-t.C:
				p.draw()
			case <-p.stop:
				return
			}
		}
	}()
	return p
}

// step shows the step now running: "[2/6] what".
func (p *progress) step(done, total int, what string) {
	if p == nil {
		return
	}
	p.mu.Lock()
	p.line = fmt.Sprintf("[%d/%d] %s", done, total, what)
	p.mu.Unlock()
	p.draw()
}

func (p *progress) draw() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.line == "" {
		return
	}
	// \r and erase-to-end-of-line: the line is rewritten in place.
	fmt.Fprintf(p.w, "\r\x1b[K%s … %.0fs", p.line, time.Since(p.start).Seconds())
}

// end clears the line, so the command's own output starts clean.
func (p *progress) end() {
	if p == nil {
		return
	}
	close(p.stop)
	<-p.done
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.line != "" {
		fmt.Fprint(p.w, "\r\x1b[K")
	}
}
