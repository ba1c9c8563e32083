// Package jobs runs the workbench's queries off the UI loop. Analyses
// share the workspace's derived tables, so jobs run one at a time; each
// has a key (one per pane and kind of query) and a sequence number, a new
// job with the same key cancels the old one, and a pane shows a result
// only if it carries the last sequence number it asked for — a stale
// result is never shown as current (Latest). Changes that build on each
// other are the exception: each must run and report, in order (Queue).
package jobs

import (
	"context"
	"fmt"
	"sync"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/leadlab/leadlab/queries"
)

// Runner runs jobs against one workspace.
type Runner struct {
	ws   *queries.Workspace
	base context.Context

	// Jobs run one at a time in the order they were started: each takes a
	// ticket when started and runs when serving reaches it. First come,
	// first served matters on a big workspace: the screen on view starts
	// its query first and must not wait behind a slow one started after.
	// A job cancelled before its turn gives the turn up (abandoned), so a
	// replaced job never holds up the queue.
	turn      sync.Mutex
	cond      *sync.Cond
	next      uint64          // the next ticket to hand out
	serving   uint64          // the ticket whose turn it is
	abandoned map[uint64]bool // cancelled before their turn
	running   map[uint64]bool

	mu      sync.Mutex
	seq     uint64
	cancels map[string]cancel // the job queued or running under each key
}

// cancel stops the job numbered seq.
type cancel struct {
	seq  uint64
	stop context.CancelFunc
}

// New returns a runner; base ends every job when it is cancelled (the
// program quitting).
func New(base context.Context, ws *queries.Workspace) *Runner {
	r := &Runner{ws: ws, base: base, cancels: map[string]cancel{},
		abandoned: map[uint64]bool{}, running: map[uint64]bool{}}
	r.cond = sync.NewCond(&r.turn)
	return r
}

// Workspace is the runner's workspace, for jobs built outside it.
func (r *Runner) Workspace() *queries.Workspace { return r.ws }

// End says which job finished and how: the part of every result that
// the runner and the trackers read. It is not a message itself: a job's
// message is its Result[T].
type End struct {
	Key     string
	Seq     uint64
	Err     error
	Elapsed time.Duration
}

// Ended is e itself, so that Finished matches a result of any type.
func (e End) Ended() End { return e }

// Finished is a finished job of any result type, for code that waits for
// jobs without reading their values (the first-frame probe of bench).
type Finished interface{ Ended() End }

// Result is a finished job with its value. Each screen's jobs return a
// type of their own, so a screen matches case jobs.Result[T] for its T
// and reads Value as it is: no type assertion, and a result of another
// screen's type never reaches its code. Value is T's zero value when Err
// is set.
type Result[T any] struct {
	End
	Value T
}

// Func is a job's work, returning a value of the job's own type.
type Func[T any] func(ctx context.Context, ws *queries.Workspace) (T, error)

// skip moves serving past abandoned tickets; turn must be held.
func (r *Runner) skip() {
	for r.abandoned[r.serving] {
		delete(r.abandoned, r.serving)
		r.serving++
	}
	r.cond.Broadcast()
}

// abandon gives up ticket's turn if it has not started.
func (r *Runner) abandon(ticket uint64) {
	r.turn.Lock()
	defer r.turn.Unlock()
	if r.running[ticket] || ticket < r.serving {
		return
	}
	r.abandoned[ticket] = true
	r.skip()
}

// wait blocks until ticket's turn, or returns false if ctx ends first.
func (r *Runner) wait(ctx context.Context, ticket uint64) bool {
	stop := context.AfterFunc(ctx, func() {
		r.turn.Lock()
		r.cond.Broadcast()
		r.turn.Unlock()
	})
	defer stop()
	r.turn.Lock()
	defer r.turn.Unlock()
	for r.serving != ticket {
		if ctx.Err() != nil || r.abandoned[ticket] {
			return false
		}
		r.cond.Wait()
	}
	if ctx.Err() != nil {
		r.abandoned[ticket] = true
		r.skip()
		return false
	}
	r.running[ticket] = true
	return true
}

// finish passes the turn on after ticket ran.
func (r *Runner) finish(ticket uint64) {
	r.turn.Lock()
	delete(r.running, ticket)
	r.serving++
	r.skip()
	r.turn.Unlock()
}

// Start queues fn under key on r, cancelling any job still queued or
// running under the same key, and returns its sequence number and the
// command that runs it; the command's message is a Result[T].
func Start[T any](r *Runner, key string, fn Func[T]) (uint64, tea.Cmd) {
	seq, run := r.start(key)
	return seq, func() tea.Msg {
		var v T
		d := run(func(ctx context.Context) (err error) {
			v, err = fn(ctx, r.ws)
			return err
		})
		return Result[T]{End: d, Value: v}
	}
}

// start takes a ticket and a sequence number for a job under key; run
// waits for the ticket's turn, does the work and says how it went.
func (r *Runner) start(key string) (seq uint64, run func(work func(context.Context) error) End) {
	r.turn.Lock()
	ticket := r.next
	r.next++
	r.turn.Unlock()
	r.mu.Lock()
	if old, ok := r.cancels[key]; ok {
		old.stop()
	}
	r.seq++
	seq = r.seq
	ctx, stop := context.WithCancel(r.base)
	// A job cancelled before its turn gives the turn up at once, even if
	// its command never runs.
	stopAbandon := context.AfterFunc(ctx, func() { r.abandon(ticket) })
	r.cancels[key] = cancel{seq: seq, stop: stop}
	r.mu.Unlock()
	return seq, func(work func(context.Context) error) End {
		defer r.forget(key, seq)
		defer stop()
		if !r.wait(ctx, ticket) {
			return End{Key: key, Seq: seq, Err: ctx.Err()}
		}
		stopAbandon()
		defer r.finish(ticket)
		start := time.Now()
		err := work(ctx)
		if ctx.Err() != nil && err != nil {
			err = ctx.Err()
		}
		return End{Key: key, Seq: seq, Err: err, Elapsed: time.Since(start)}
	}
}

// forget drops a finished job's cancel, unless a newer job has the key.
func (r *Runner) forget(key string, seq uint64) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if c, ok := r.cancels[key]; ok && c.seq == seq {
		delete(r.cancels, key)
	}
}

// Cancel stops the job running or queued under key, if any.
func (r *Runner) Cancel(key string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if c, ok := r.cancels[key]; ok {
		c.stop()
		delete(r.cancels, key)
	}
}

// Latest tracks the last job a pane started under one key, whose
// results are of type T: results of earlier jobs under it are stale and
// refused.
type Latest[T any] struct {
	Key     string
	seq     uint64
	running bool
}

// Start runs fn as the key's latest job.
func (l *Latest[T]) Start(r *Runner, fn Func[T]) tea.Cmd {
	seq, cmd := Start(r, l.Key, fn)
	l.seq, l.running = seq, true
	return cmd
}

// Accept reports whether msg is the result of the latest job, marking it
// finished; a stale or foreign result gives false.
func (l *Latest[T]) Accept(msg Result[T]) bool {
	if msg.Key != l.Key || msg.Seq != l.seq {
		return false
	}
	l.running = false
	return true
}

// Running says the latest job has not reported yet.
func (l *Latest[T]) Running() bool { return l.running }

// Cancel stops the latest job; its result still arrives, with a
// cancellation error.
func (l *Latest[T]) Cancel(r *Runner) { r.Cancel(l.Key) }

// Queue tracks jobs of a pane that must all run and all report, in the
// order they were started: changes to a shared model, each of which
// builds on the ones before it, so none may replace another.
type Queue[T any] struct {
	Key  string
	n    uint64
	live map[string]bool // keys of the jobs that have not reported
}

// Start queues fn behind the queue's earlier jobs; it cancels none.
func (q *Queue[T]) Start(r *Runner, fn Func[T]) tea.Cmd {
	q.n++
	key := fmt.Sprintf("%s#%d", q.Key, q.n)
	if q.live == nil {
		q.live = map[string]bool{}
	}
	q.live[key] = true
	_, cmd := Start(r, key, fn)
	return cmd
}

// Accept reports whether msg is the result of one of the queue's jobs,
// marking it finished.
func (q *Queue[T]) Accept(msg Result[T]) bool {
	if !q.live[msg.Key] {
		return false
	}
	delete(q.live, msg.Key)
	return true
}

// Running says some of the queue's jobs have not reported yet.
func (q *Queue[T]) Running() bool { return len(q.live) > 0 }

// Cancel stops every job of the queue; their results still arrive, with
// a cancellation error.
func (q *Queue[T]) Cancel(r *Runner) {
	for key := range q.live {
		r.Cancel(key)
	}
}
