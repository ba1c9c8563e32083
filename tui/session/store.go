package session

import (
	"context"
	"errors"
	"reflect"
	"sync"

	"github.com/leadlab/leadlab/analysis/scoring"
	"github.com/leadlab/leadlab/queries"
)

// Store keeps the newest session and makes every change to it, from
// whichever screen, in the order the analyst asked for them. A change is
// a job (jobs run one at a time, first come, first served) that reads the
// session as the changes before it left it, so two quick keys compose —
// two nudges add two points, a cutoff moved while a rule is re-scored
// keeps both — and a save writes every edit asked for before it. Each
// session the store keeps gets the next number, which Changed carries.
//
// The store also keeps the undo history: every change to the model is a
// step of it, undone newest first, except that a run of cutoff moves is
// one step (Move), a save changes nothing to undo (Set), and a model
// that replaces the one on view (Replace: a config opened) starts a fresh
// history, so that undo never brings back rules of another model under
// the new one's file.
type Store struct {
	mu     sync.Mutex
	cur    *Session
	seq    uint64
	undo   []scoring.Config
	redo   []scoring.Config
	moving bool // the last step was a Move, which the next one joins
	// clean is the config as last read from or saved to its file (or
	// tuned and not yet changed): a change that comes back to it, by
	// undo or by hand, leaves nothing unsaved.
	clean *scoring.Config
}

// kind is how a change enters the undo history.
type kind int

const (
	set   kind = iota // no step
	step              // a step of its own
	move              // a step, or part of the Move step just before it
	fresh             // a new model: the history starts again
)

// Change makes a session from the newest one. It must not modify s; it
// returns s itself to change nothing.
type Change func(ctx context.Context, ws *queries.Workspace, s *Session) (*Session, error)

// Job is a change as the job runner takes it (a jobs.Func[Changed]): its
// value is the Changed to announce.
type Job = func(ctx context.Context, ws *queries.Workspace) (Changed, error)

// ErrNoSession is a change asked for before any session was opened.
var ErrNoSession = errors.New("no model yet: it is still being read")

// Latest is the newest session, nil before one is opened. Jobs read it
// when their turn comes, so they see every change started before them.
func (st *Store) Latest() *Session {
	st.mu.Lock()
	defer st.mu.Unlock()
	return st.cur
}

// CanUndo and CanRedo say whether there are steps to undo or redo now.
func (st *Store) CanUndo() bool {
	st.mu.Lock()
	defer st.mu.Unlock()
	return len(st.undo) > 0
}

// CanRedo: see CanUndo.
func (st *Store) CanRedo() bool {
	st.mu.Lock()
	defer st.mu.Unlock()
	return len(st.redo) > 0
}

// Opened makes s the newest session, with no history to undo.
func (st *Store) Opened(s *Session) Changed {
	st.mu.Lock()
	defer st.mu.Unlock()
	st.undo, st.redo, st.moving = nil, nil, false
	return st.keep(s)
}

// keep makes s the newest session; mu must be held.
func (st *Store) keep(s *Session) Changed {
	switch {
	case !s.Dirty:
		cfg := s.Config
		st.clean = &cfg
	case st.clean != nil && reflect.DeepEqual(s.Config, *st.clean):
		n := *s
		n.Dirty = false
		s = &n
	}
	st.cur = s
	st.seq++
	return Changed{Seq: st.seq, Session: s}
}

// Open is the job that builds a session afresh (from a file, or a model
// tuned on the data) and makes it the newest.
func (st *Store) Open(open func(ctx context.Context, ws *queries.Workspace) (*Session, error)) Job {
	return func(ctx context.Context, ws *queries.Workspace) (Changed, error) {
		s, err := open(ctx, ws)
		if err != nil {
			return Changed{}, err
		}
		return st.Opened(s), nil
	}
}

// Edit is the job that applies change to the newest session as a step
// the analyst can undo.
func (st *Store) Edit(change Change) Job { return st.job(change, step) }

// Move is the job that applies change (the cutoff moved a notch) to the
// newest session; moves in a row are one step, so that undo after
// pressing → ten times goes back to where the cutoff was, not one notch.
func (st *Store) Move(change Change) Job { return st.job(change, move) }

// Set is the job that applies change to the newest session without an
// undo step: the model saved.
func (st *Store) Set(change Change) Job { return st.job(change, set) }

// Replace is the job that puts the session change makes (a config read
// from a file) in place of the newest one, with no history to undo: the
// steps before it belong to another model.
func (st *Store) Replace(change Change) Job { return st.job(change, fresh) }

func (st *Store) job(change Change, k kind) Job {
	return func(ctx context.Context, ws *queries.Workspace) (Changed, error) {
		cur := st.Latest()
		if cur == nil {
			return Changed{}, ErrNoSession
		}
		n, err := change(ctx, ws, cur)
		if err != nil {
			return Changed{}, err
		}
		st.mu.Lock()
		defer st.mu.Unlock()
		if n == cur {
			return Changed{Seq: st.seq, Session: cur}, nil
		}
		switch {
		case k == fresh:
			st.undo, st.redo = nil, nil
		case k == step || k == move && !st.moving:
			st.undo, st.redo = append(st.undo, cur.Config), nil
		}
		if k != set {
			st.moving = k == move
		}
		return st.keep(n), nil
	}
}

// Undo is the job that brings back the model before the last step,
// re-scoring every lead; Redo does the step again.
func (st *Store) Undo() Job { return st.travel(&st.undo, &st.redo, "nothing to undo") }

// Redo: see Undo.
func (st *Store) Redo() Job { return st.travel(&st.redo, &st.undo, "nothing to redo") }

func (st *Store) travel(from, to *[]scoring.Config, none string) Job {
	return func(ctx context.Context, ws *queries.Workspace) (Changed, error) {
		st.mu.Lock()
		cur := st.cur
		if cur == nil || len(*from) == 0 {
			st.mu.Unlock()
			return Changed{}, errors.New(none)
		}
		cfg := (*from)[len(*from)-1]
		st.mu.Unlock()
		n, err := cur.WithConfig(ctx, cfg)
		if err != nil {
			return Changed{}, err
		}
		st.mu.Lock()
		defer st.mu.Unlock()
		*from = (*from)[:len(*from)-1]
		*to = append(*to, cur.Config)
		st.moving = false
		return st.keep(n), nil
	}
}
