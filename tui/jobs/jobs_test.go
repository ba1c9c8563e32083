package jobs

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

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
	_, a := r.Start("a", work)
	_, b := r.Start("b", work)
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
	l := Latest{Key: "k"}
	slow := l.Start(r, func(ctx context.Context, _ *queries.Workspace) (any, error) {
		<-ctx.Done()
		return nil, ctx.Err()
	})
	fast := l.Start(r, func(ctx context.Context, _ *queries.Workspace) (any, error) { return 42, nil })
	old := slow().(Done)
	if !errors.Is(old.Err, context.Canceled) || l.Accept(old) {
		t.Errorf("the first job: %+v, accepted %v", old, l.Accept(old))
	}
	cur := fast().(Done)
	if !l.Accept(cur) || cur.Value != 42 || l.Running() {
		t.Errorf("the latest job: %+v", cur)
	}
	// Cancel stops a running job; its result still arrives, as cancelled.
	cmd := l.Start(r, func(ctx context.Context, _ *queries.Workspace) (any, error) {
		<-ctx.Done()
		return nil, ctx.Err()
	})
	l.Cancel(r)
	if d := cmd().(Done); !l.Accept(d) || !errors.Is(d.Err, context.Canceled) {
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
	job := func(name string) Func {
		return func(ctx context.Context, _ *queries.Workspace) (any, error) {
			mu.Lock()
			order = append(order, name)
			mu.Unlock()
			return nil, nil
		}
	}
	_, first := r.Start("a", job("first"))
	_, dropped := r.Start("b", job("dropped")) // replaced below; its command never runs
	_ = dropped
	_, second := r.Start("c", job("second"))
	_, replacement := r.Start("b", job("replacement"))
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
