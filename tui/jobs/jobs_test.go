package jobs

import (
	"context"
	"errors"
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
