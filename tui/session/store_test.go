package session

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/leadlab/leadlab/queries"
	"github.com/leadlab/leadlab/tui/jobs"
	"github.com/leadlab/leadlab/tui/tuitest"
)

// TestStoreOrdersChanges: changes asked for before the first finishes
// compose, whatever order their results arrive in — two nudges add two
// points and a cutoff moved between them stays moved — each kept session
// gets the next number, and undo and redo step back and forth through
// them, a run of cutoff moves being one step.
func TestStoreOrdersChanges(t *testing.T) {
	ctx := context.Background()
	ws := tuitest.Sample(t)
	r := jobs.New(ctx, ws)
	st := &Store{}
	if _, err := st.Set(func(_ context.Context, _ *queries.Workspace, s *Session) (*Session, error) { return s, nil })(ctx, ws); !errors.Is(err, ErrNoSession) {
		t.Fatalf("a change before the model is open: %v", err)
	}
	v, err := st.Open(func(ctx context.Context, ws *queries.Workspace) (*Session, error) {
		return Open(ctx, ws, "", queries.OutcomeOptions{}, time.Now())
	})(ctx, ws)
	if err != nil {
		t.Fatal(err)
	}
	first := v
	points, cutoff := first.Session.Config.Pain[0].Points, first.Session.Config.Cutoff
	nudge := st.Edit(func(ctx context.Context, _ *queries.Workspace, s *Session) (*Session, error) {
		cfg := s.Config
		cfg.Pain = slices.Clone(cfg.Pain)
		cfg.Pain[0].Points++
		return s.WithConfig(ctx, cfg)
	})
	raise := st.Move(func(_ context.Context, _ *queries.Workspace, s *Session) (*Session, error) {
		return s.WithCutoff(s.Config.Cutoff+1, s.Config.Target), nil
	})
	var cmds []tea.Cmd
	q := jobs.Queue[Changed]{Key: "edit"}
	for _, job := range []Job{nudge, raise, nudge} {
		cmds = append(cmds, q.Start(r, job))
	}
	// Start three keys' worth of work before any runs; run them last first.
	got := make(chan jobs.Result[Changed], 3)
	for _, cmd := range slices.Backward(cmds) {
		go func() { got <- cmd().(jobs.Result[Changed]) }()
	}
	var seqs []uint64
	var last *Session
	for range 3 {
		d := <-got
		if d.Err != nil {
			t.Fatal(d.Err)
		}
		ch := d.Value
		seqs = append(seqs, ch.Seq)
		if ch.Seq == first.Seq+3 {
			last = ch.Session
		}
	}
	slices.Sort(seqs)
	if !slices.Equal(seqs, []uint64{first.Seq + 1, first.Seq + 2, first.Seq + 3}) || last == nil || st.Latest() != last {
		t.Fatalf("numbers %v after %d; the last is the newest %v", seqs, first.Seq, st.Latest() == last)
	}
	if last.Config.Pain[0].Points != points+2 || last.Config.Cutoff != cutoff+1 || !last.Dirty {
		t.Errorf("after two nudges and a raise: %v points (from %v), cutoff %v (from %v)", last.Config.Pain[0].Points, points, last.Config.Cutoff, cutoff)
	}
	// Undo goes back a change at a time, newest first.
	do := func(job Job) *Session {
		t.Helper()
		v, err := job(ctx, ws)
		if err != nil {
			t.Fatal(err)
		}
		return v.Session
	}
	for i, want := range [][2]float64{{points + 1, cutoff + 1}, {points + 1, cutoff}, {points, cutoff}} {
		if s := do(st.Undo()); s.Config.Pain[0].Points != want[0] || s.Config.Cutoff != want[1] {
			t.Errorf("undo %d: %v points, cutoff %v; want %v", i+1, s.Config.Pain[0].Points, s.Config.Cutoff, want)
		}
	}
	// Back where it opened, nothing is unsaved.
	if st.CanUndo() || !st.CanRedo() || st.Latest().Dirty {
		t.Errorf("after three undos: can undo %v, redo %v; unsaved %v", st.CanUndo(), st.CanRedo(), st.Latest().Dirty)
	}
	if _, err := st.Undo()(ctx, ws); err == nil || err.Error() != "nothing to undo" {
		t.Errorf("undo past the start: %v", err)
	}
	if s := do(st.Redo()); s.Config.Pain[0].Points != points+1 || s.Config.Cutoff != cutoff {
		t.Errorf("redo: %v points, cutoff %v", s.Config.Pain[0].Points, s.Config.Cutoff)
	}
	// Moves in a row are one step: three raises undo at once, back to the
	// cutoff before them, and the nudge before them stays.
	do(raise)
	do(raise)
	do(raise)
	if s := do(st.Undo()); s.Config.Cutoff != cutoff || s.Config.Pain[0].Points != points+1 {
		t.Errorf("undo of three raises: cutoff %v (want %v), %v points", s.Config.Cutoff, cutoff, s.Config.Pain[0].Points)
	}
	// A save is no step: undo after it undoes the step before it.
	do(nudge)
	saved := do(st.Set(func(_ context.Context, _ *queries.Workspace, s *Session) (*Session, error) {
		n := *s
		n.Path, n.Dirty = "m.yaml", false
		return &n, nil
	}))
	if s := do(st.Undo()); s.Config.Pain[0].Points != points+1 || s.Path != saved.Path || !s.Dirty {
		t.Errorf("undo after a save: %v points, path %q, unsaved %v", s.Config.Pain[0].Points, s.Path, s.Dirty)
	}
	// Redone, the model is the one saved again.
	if s := do(st.Redo()); s.Dirty {
		t.Error("the model as saved counts as unsaved")
	}
	do(st.Undo())
	// A new step forgets what could be redone; a change that changes
	// nothing keeps the session and its number.
	v, err = nudge(ctx, ws)
	if err != nil {
		t.Fatal(err)
	}
	before := v
	same, err := st.Edit(func(_ context.Context, _ *queries.Workspace, s *Session) (*Session, error) { return s, nil })(ctx, ws)
	if err != nil || same != before || st.CanRedo() {
		t.Errorf("an empty edit: %+v, %v; can redo %v", same, err, st.CanRedo())
	}
	// Opening a model starts the history afresh.
	st.Opened(before.Session)
	if st.CanUndo() || st.CanRedo() {
		t.Error("history kept across an open")
	}
}
