//go:build !linux

package bench

import (
	"errors"
	"os"
	"os/exec"
)

// peakMB is not measured outside Linux: ru_maxrss differs in unit and
// meaning between systems.
func peakMB(*os.ProcessState) float64 { return 0 }

func openPTY(int, int) (master, tty *os.File, err error) {
	return nil, nil, errors.New("the workbench step of leadlab bench runs on Linux only")
}

func inTerminal(*exec.Cmd, *os.File) {}

// syncAll is Linux's sync(2); elsewhere the files' own fsync must do.
func syncAll() {}
