package queries

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/leadlab/leadlab/queries/internal/sqltext"
)

// ErrWorkspaceBusy marks a workspace another process holds in a way that
// keeps this one out: a load writing it, or, for a load, anyone reading it.
var ErrWorkspaceBusy = errors.New("workspace in use by another process")

// duckLockHolder finds the process in DuckDB's lock error, "Could not set
// lock on file "…": Conflicting lock is held in /usr/bin/leadlab (PID
// 1234) by user ann."
var duckLockHolder = regexp.MustCompile(`Conflicting lock is held in (.*?) \(PID (\d+)\)`)

// lockErr turns DuckDB's "Could not set lock" into what an analyst can act
// on: which process holds the workspace (its command line, where the
// system shows it) and what to do; nil when err is not about the lock.
// readOnly tells whether this process only wanted to read. DuckDB says
// when the holder only reads: its message then offers read-only mode.
func lockErr(path string, readOnly bool, err error) error {
	msg := err.Error()
	if !strings.Contains(msg, "Could not set lock") {
		return nil
	}
	holder := "another process"
	if m := duckLockHolder.FindStringSubmatch(msg); m != nil {
		holder = fmt.Sprintf("another process (PID %s: %s)", m[2], processCommand(m[2], m[1]))
	}
	holderReads := strings.Contains(msg, "read-only mode")
	name := filepath.Base(path)
	var what string
	switch {
	case !readOnly && holderReads:
		what = fmt.Sprintf("workspace %s is open in %s. A load needs it to itself: quit that workbench or let that command finish, then load again. Reports, exports and leadlab sql can run while the workbench is open.", name, holder)
	case !readOnly:
		what = fmt.Sprintf("workspace %s is held for writing by %s: wait for it to finish (or quit it), then try again.", name, holder)
	default:
		what = fmt.Sprintf("workspace %s is being written by %s: wait for it to finish (or quit it), then try again.", name, holder)
	}
	return &busyError{what}
}

// busyError is a lockErr; errors.Is matches it to ErrWorkspaceBusy.
type busyError struct{ msg string }

func (e *busyError) Error() string        { return e.msg }
func (e *busyError) Is(target error) bool { return target == ErrWorkspaceBusy }

// processCommand is the command line of process pid as the system shows
// it (Linux's /proc), or else the program DuckDB named.
func processCommand(pid, program string) string {
	b, err := os.ReadFile(filepath.Join("/proc", pid, "cmdline"))
	if err != nil || len(b) == 0 {
		return filepath.Base(program)
	}
	args := strings.Split(strings.TrimRight(string(b), "\x00"), "\x00")
	args[0] = filepath.Base(args[0])
	return sqltext.Truncate(strings.Join(args, " "), 200)
}
