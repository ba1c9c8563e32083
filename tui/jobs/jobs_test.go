package jobs

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/leadlab/leadlab/queries"
)

// TestOneAtATime: jobs never overlap, since analyses share the derived
// tables.
func TestOneAtATime(t *testing.T) {
	r := New(context.Background(), nil)
	var running, most atomic.Int32
	work := func(ctx context.Context, _ *queries.Workspace) (any, error) {
		n := running.Add(1)
		if n > most.Load() {
			most.Store(n)
		}
		time.Sleep(20 * time.Millisecond)
		running.Add(-1)
		return nil, nil
	}
	_, a := Start(r, "a", work)
	_, b := Start(r, "b", work)
	done := make(chan struct{}, 2)
	for _, cmd := range []func() any{func() any { return a() }, func() any { return b() }} {
		go func() { cmd(); done <- struct{}{} }()
	}
	<-done
	<-done
	if most.Load() != 1 {
		t.Errorf("%d jobs ran at once", most.Load())
	}
}

// TestNewJobCancelsOld: a second job under a key cancels the first, whose
// result the Latest tracker then refuses as stale.
func TestNewJobCancelsOld(t *testing.T) {
	r := New(context.Background(), nil)
	l := Latest[int]{Key: "k"}
	slow := l.Start(r, func(ctx context.Context, _ *queries.Workspace) (int, error) {
		<-ctx.Done()
		return 0, ctx.Err()
	})
	fast := l.Start(r, func(ctx context.Context, _ *queries.Workspace) (int, error) { return 42, nil })
	old := slow().(Result[int])
	if !errors.Is(old.Err, context.Canceled) || l.Accept(old) {
		t.Errorf("the first job: %+v, accepted %v", old, l.Accept(old))
	}
	cur := fast().(Result[int])
	if !l.Accept(cur) || cur.Value != 42 || l.Running() {
		t.Errorf("the latest job: %+v", cur)
	}
	// Cancel stops a running job; its result still arrives, as cancelled.
	cmd := l.Start(r, func(ctx context.Context, _ *queries.Workspace) (int, error) {
		<-ctx.Done()
		return 0, ctx.Err()
	})
	l.Cancel(r)
	if d := cmd().(Result[int]); !l.Accept(d) || !errors.Is(d.Err, context.Canceled) {
		t.Errorf("cancelled job: %+v", d)
	}
}

// TestFirstComeFirstServed: jobs run in the order they were started, and
// a job replaced before its turn — even one whose command never runs —
// does not hold up the queue.
func TestFirstComeFirstServed(t *testing.T) {
	r := New(context.Background(), nil)
	var order []string
	var mu sync.Mutex
	job := func(name string) Func[any] {
		return func(ctx context.Context, _ *queries.Workspace) (any, error) {
			mu.Lock()
			order = append(order, name)
			mu.Unlock()
			return nil, nil
		}
	}
	_, first := Start(r, "a", job("first"))
	_, dropped := Start(r, "b", job("dropped")) // replaced below; its command never runs
	_ = dropped
	_, second := Start(r, "c", job("second"))
	_, replacement := Start(r, "b", job("replacement"))
	results := make(chan struct{}, 3)
	// Run them in the reverse order of starting: the queue restores it.
	for _, cmd := range []func() any{func() any { return replacement() }, func() any { return second() }, func() any { return first() }} {
		go func() { cmd(); results <- struct{}{} }()
	}
	for range 3 {
		select {
		case <-results:
		case <-time.After(5 * time.Second):
			t.Fatalf("the queue is stuck; ran %v", order)
		}
	}
	if got := fmt.Sprint(order); got != "[first second replacement]" {
		t.Errorf("ran %s", got)
	}
}

// TestQueueKeepsEveryJob: a queue's jobs cancel none of each other, all
// report and are accepted, run in the order started, and leave nothing
// behind in the runner once done; Cancel stops every one still waiting.
func TestQueueKeepsEveryJob(t *testing.T) {
	r := New(context.Background(), nil)
	q := Queue[int]{Key: "edit"}
	var order []int
	var mu sync.Mutex
	job := func(n int) Func[int] {
		return func(ctx context.Context, _ *queries.Workspace) (int, error) {
			mu.Lock()
			defer mu.Unlock()
			order = append(order, n)
			return n, ctx.Err()
		}
	}
	cmds := []func() any{}
	for n := range 3 {
		cmd := q.Start(r, job(n))
		cmds = append(cmds, func() any { return cmd() })
	}
	results := make(chan Result[int], 3)
	for _, cmd := range slices.Backward(cmds) {
		go func() { results <- cmd().(Result[int]) }()
	}
	for range 3 {
		d := <-results
		if d.Err != nil || !q.Accept(d) {
			t.Errorf("job %v: %v, accepted once more %v", d.Value, d.Err, q.Accept(d))
		}
	}
	if fmt.Sprint(order) != "[0 1 2]" || q.Running() || q.Accept(Result[int]{End: End{Key: "edit#1"}}) {
		t.Errorf("ran %v; running %v", order, q.Running())
	}
	r.mu.Lock()
	left := len(r.cancels)
	r.mu.Unlock()
	if left != 0 {
		t.Errorf("%d finished jobs still held by the runner", left)
	}
	// Cancel stops every job still queued.
	a := q.Start(r, job(3))
	b := q.Start(r, job(4))
	q.Cancel(r)
	for _, cmd := range []tea.Cmd{b, a} {
		if d := cmd().(Result[int]); !errors.Is(d.Err, context.Canceled) || !q.Accept(d) {
			t.Errorf("cancelled job: %+v", d)
		}
	}
	if q.Running() {
		t.Error("still running after every job reported")
	}
}
