// Command leadlab is a terminal workbench for B2B marketing and revenue
// analysts: it loads lead, account, event and deal exports into an
// embedded DuckDB workspace and answers where accounts fall out of the
// funnel, which actions go with deals closing, and what score should send
// a lead to the SDRs.
package main

import (
	"errors"
	"fmt"
	"os"

	"github.com/leadlab/leadlab/analysis/scoring"
)

func main() {
	err := run()
	if err != nil {
		fmt.Fprintln(os.Stderr, "leadlab: "+err.Error())
	}
	os.Exit(exitStatus(err))
}

// Exit statuses, as `leadlab help exit-codes` documents them.
const (
	exitOK      = 0
	exitFailure = 1 // any error not listed below
	exitUsage   = 2 // the command line itself is wrong
	// exitUnreachable: tune found no cutoff that reaches the target.
	exitUnreachable = 3
	// exitNoContrast: report actions, report cutoffs and tune found no
	// wins, or no losses, among the settled leads: nothing to compare.
	exitNoContrast = 4
	// exitSignal plus the signal's number: interrupted (130 for Ctrl-C,
	// 143 for SIGTERM), as shells report a process a signal ended.
	exitSignal = 128
)

// exitStatus is the status an error ends leadlab with.
func exitStatus(err error) int {
	var e exitError
	switch {
	case err == nil:
		return exitOK
	case errors.As(err, &e):
		return e.status
	}
	return exitFailure
}

// noContrast is the error that ends a command with nothing to compare,
// or nil when there are both wins and losses.
func noContrast(settled, won int64, unit string) error {
	if why := scoring.NoContrast(settled, won, unit); why != "" {
		return exitError{status: exitNoContrast, err: errors.New(why)}
	}
	return nil
}

// usageErrorf is an error in the command line itself: a flag's value out
// of its range, a flag or argument missing. leadlab exits with status 2.
func usageErrorf(format string, args ...any) error {
	return exitError{status: exitUsage, err: fmt.Errorf(format, args...)}
}

// exitError is an error that ends leadlab with a status of its own, so
// that scripts can tell it from a failure.
type exitError struct {
	status int
	err    error
}

func (e exitError) Error() string { return e.err.Error() }
func (e exitError) Unwrap() error { return e.err }
