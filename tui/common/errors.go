package common

import (
	"context"
	"errors"
	"strings"

	tea "charm.land/bubbletea/v2"
)

// Error is a failure a screen reports, as a message: the workbench shows
// it on the status line, named by the screen, until the next key. It is
// the one way a failure reaches the analyst: a screen keeps no error of
// its own. What it had on view before the failure stays (an analyst who
// cancels a slow re-run keeps the last result); a screen with nothing to
// show in its place draws its standing failure (Common.Fail) there.
type Error struct {
	Screen string // the title of the screen that failed
	Err    error
}

// Error implements error: the screen and the failure in the workbench's
// words.
func (e Error) Error() string { return e.Screen + ": " + ErrText(e.Err) }

// ReportError is the command that reports err from the screen with this
// title; nil when err is nil.
func ReportError(screen string, err error) tea.Cmd {
	if err == nil {
		return nil
	}
	e := Error{Screen: screen, Err: err}
	return func() tea.Msg { return e }
}

// ErrText is an error in the words the workbench shows: a job stopped
// with esc is "cancelled", not Go's "context canceled" ("tune: cancelled"
// when it was wrapped as "tune: %w").
func ErrText(err error) string {
	if errors.Is(err, context.Canceled) {
		if msg, ok := strings.CutSuffix(err.Error(), context.Canceled.Error()); ok {
			return msg + "cancelled"
		}
		return "cancelled"
	}
	return err.Error()
}

// Fail records err as the screen's standing failure, read back with
// Failure to draw where its result would be, and reports it on the
// status line (ReportError); a nil err clears it, as Recover does.
func (c *Common) Fail(screen string, err error) tea.Cmd {
	if err == nil {
		c.Recover(screen)
		return nil
	}
	if c.failed == nil {
		c.failed = map[string]error{}
	}
	c.failed[screen] = err
	return ReportError(screen, err)
}

// Recover clears the screen's standing failure: its next result is on
// its way, or has come.
func (c *Common) Recover(screen string) { delete(c.failed, screen) }

// Failure is the screen's standing failure, or nil.
func (c *Common) Failure(screen string) error { return c.failed[screen] }
