// Package jobs runs the workbench's queries off the UI loop. Analyses
// share the workspace's derived tables, so jobs run one at a time; each
// has a key (one per pane and kind of query) and a sequence number, a new
// job with the same key cancels the old one, and a pane shows a result
// only if it carries the last sequence number it asked for — a stale
// result is never shown as current.
package jobs

import (
	"context"
	"sync"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/leadlab/leadlab/queries"
)

// Runner runs jobs against one workspace.
type Runner struct {
	ws   *queries.Workspace
	base context.Context

	run sync.Mutex // held while a job runs

	mu      sync.Mutex
	seq     uint64
	cancels map[string]context.CancelFunc
}

// New returns a runner; base ends every job when it is cancelled (the
// program quitting).
func New(base context.Context, ws *queries.Workspace) *Runner {
	return &Runner{ws: ws, base: base, cancels: map[string]context.CancelFunc{}}
}

// Workspace is the runner's workspace, for jobs built outside it.
func (r *Runner) Workspace() *queries.Workspace { return r.ws }

// Done is a finished job.
type Done struct {
	Key     string
	Seq     uint64
	Value   any
	Err     error
	Elapsed time.Duration
}

// Func is a job's work.
type Func func(ctx context.Context, ws *queries.Workspace) (any, error)

// Start queues fn under key, cancelling any job still queued or running
// under the same key, and returns its sequence number and the command
// that runs it.
func (r *Runner) Start(key string, fn Func) (uint64, tea.Cmd) {
	r.mu.Lock()
	if cancel, ok := r.cancels[key]; ok {
		cancel()
	}
	r.seq++
	seq := r.seq
	ctx, cancel := context.WithCancel(r.base)
	r.cancels[key] = cancel
	r.mu.Unlock()
	return seq, func() tea.Msg {
		defer func() {
			r.mu.Lock()
			cancel()
			r.mu.Unlock()
		}()
		r.run.Lock()
		defer r.run.Unlock()
		start := time.Now()
		if err := ctx.Err(); err != nil {
			return Done{Key: key, Seq: seq, Err: err}
		}
		v, err := fn(ctx, r.ws)
		if ctx.Err() != nil && err != nil {
			err = ctx.Err()
		}
		return Done{Key: key, Seq: seq, Value: v, Err: err, Elapsed: time.Since(start)}
	}
}

// Cancel stops the job running or queued under key, if any.
func (r *Runner) Cancel(key string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if cancel, ok := r.cancels[key]; ok {
		cancel()
		delete(r.cancels, key)
	}
}

// Latest tracks the last job a pane started under one key: results of
// earlier jobs under it are stale and refused.
type Latest struct {
	Key     string
	seq     uint64
	running bool
}

// Start runs fn as the key's latest job.
func (l *Latest) Start(r *Runner, fn Func) tea.Cmd {
	seq, cmd := r.Start(l.Key, fn)
	l.seq, l.running = seq, true
	return cmd
}

// Accept reports whether msg is the result of the latest job, marking it
// finished; a stale or foreign result gives false.
func (l *Latest) Accept(msg Done) bool {
	if msg.Key != l.Key || msg.Seq != l.seq {
		return false
	}
	l.running = false
	return true
}

// Running says the latest job has not reported yet.
func (l *Latest) Running() bool { return l.running }

// Cancel stops the latest job; its result still arrives, with a
// cancellation error.
func (l *Latest) Cancel(r *Runner) { r.Cancel(l.Key) }
