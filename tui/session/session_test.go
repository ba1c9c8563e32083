package session

import (
	"context"
	"testing"
	"time"

	"github.com/leadlab/leadlab/queries"
	"github.com/leadlab/leadlab/tui/tuitest"
)

// TestLiveHoldoutMatchesTune: the session splits the leads as tune does,
// so for the tuned model its live tuning and holdout figures equal the
// ones tune wrote into the config.
func TestLiveHoldoutMatchesTune(t *testing.T) {
	ctx := context.Background()
	ws := tuitest.Sample(t)
	s, err := Open(ctx, ws, "", queries.OutcomeOptions{}, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	md := s.Config.Metadata
	if md == nil || md.Tuning == nil || md.Holdout == nil {
		t.Fatal("the tuned model has no figures")
	}
	got, want := s.Holdout, *md.Holdout
	got.Split, want.Split = "", ""
	if got != want {
		t.Errorf("live holdout %+v, tune's %+v", got, want)
	}
	got, want = s.Tuning, *md.Tuning
	got.Split, want.Split = "", ""
	if got != want {
		t.Errorf("live tuning %+v, tune's %+v", got, want)
	}
	// Moving the cutoff moves the live figures.
	moved := s.WithCutoff(s.Config.Cutoff+1, s.Config.Target)
	if moved.Holdout.Ready >= s.Holdout.Ready {
		t.Errorf("a higher cutoff kept %d ready held-out leads (was %d)", moved.Holdout.Ready, s.Holdout.Ready)
	}
}
