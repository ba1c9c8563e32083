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
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "leadlab: "+err.Error())
		var e exitError
		if errors.As(err, &e) {
			os.Exit(e.status)
		}
		os.Exit(1)
	}
}

// Exit statuses other than 1 (any error), documented in the README.
const (
	exitUnreachable = 3 // tune: no cutoff can reach the target
	// exitNoContrast: report actions, report cutoffs and tune found no
	// wins, or no losses, among the settled leads: nothing to compare.
	exitNoContrast = 4
)

// noContrast is the error that ends a command with nothing to compare,
// or nil when there are both wins and losses.
func noContrast(settled, won int64, unit string) error {
	if why := scoring.NoContrast(settled, won, unit); why != "" {
		return exitError{status: exitNoContrast, err: errors.New(why)}
	}
	return nil
}

// exitError is an error that ends leadlab with a status of its own, so
// that scripts can tell it from a failure.
type exitError struct {
	status int
	err    error
}

func (e exitError) Error() string { return e.err.Error() }
func (e exitError) Unwrap() error { return e.err }
