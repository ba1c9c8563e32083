package bench

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"time"
)

// sample is one timed run of a step: its time and the peak resident
// memory of the process that ran it.
type sample struct {
	secs   float64
	peakMB float64
}

// child is one run of the leadlab binary as a process of its own: a step
// runs exactly as a user would run it, and its peak memory is the
// process's own, not the bench's.
type child struct {
	exe    string // the program to run; "" for this leadlab binary
	args   []string
	env    []string  // added to the bench's environment
	stdout io.Writer // nil discards it
}

// runChild runs c to completion and returns its wall time from start to
// exit and its peak memory.
func (b *runner) runChild(ctx context.Context, c child) (sample, error) {
	cmd := b.command(ctx, c)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	start := time.Now()
	err := cmd.Run()
	elapsed := time.Since(start)
	if err != nil && !tunedOutOfReach(c, err) {
		return sample{}, childError(c, err, stderr.String())
	}
	return sample{secs: elapsed.Seconds(), peakMB: peakMB(cmd.ProcessState)}, nil
}

// TuneUnreachable is the status leadlab tune exits with when the target
// cannot be reached (leadlab help exit-codes).
const TuneUnreachable = 3

// tunedOutOfReach is tune's exit status 3: the target cannot be reached
// on this data, but tune ran to the end and wrote its config, which is
// what the bench times (small generated datasets close below 10%).
func tunedOutOfReach(c child, err error) bool {
	var exit *exec.ExitError
	return len(c.args) > 0 && c.args[0] == "tune" && errors.As(err, &exit) && exit.ExitCode() == TuneUnreachable
}

func (b *runner) command(ctx context.Context, c child) *exec.Cmd {
	cmd := exec.CommandContext(ctx, cmp.Or(c.exe, b.exe), c.args...)
	cmd.Env = append(os.Environ(), c.env...)
	cmd.Stdout = c.stdout
	return cmd
}

// childError names the command that failed and keeps the end of what it
// said, which is where leadlab puts its error.
func childError(c child, err error, stderr string) error {
	name := "leadlab " + strings.Join(c.args, " ")
	if c.exe != "" {
		name = c.exe + " " + strings.Join(c.args, " ")
	}
	lines := strings.Split(strings.TrimSpace(stderr), "\n")
	if len(lines) > 5 {
		lines = lines[len(lines)-5:]
	}
	msg := strings.TrimSpace(strings.Join(lines, "\n"))
	if msg == "" {
		return fmt.Errorf("%s: %w", name, err)
	}
	return fmt.Errorf("%s: %w\n%s", name, err, msg)
}

// runTimed runs a child that times its own work, in-process, and prints
// one time in seconds per line: for steps whose setup (reading a million
// leads) is not what is measured. Every sample carries the child's peak
// memory.
func (b *runner) runTimed(ctx context.Context, args ...string) ([]sample, error) {
	var out bytes.Buffer
	s, err := b.runChild(ctx, child{args: args, stdout: &out})
	if err != nil {
		return nil, err
	}
	var samples []sample
	for _, f := range strings.Fields(out.String()) {
		secs, err := strconv.ParseFloat(f, 64)
		if err != nil {
			return nil, fmt.Errorf("leadlab %s printed %q, not a time", strings.Join(args, " "), f)
		}
		samples = append(samples, sample{secs: secs, peakMB: s.peakMB})
	}
	if len(samples) == 0 {
		return nil, fmt.Errorf("leadlab %s printed no times", strings.Join(args, " "))
	}
	return samples, nil
}

// editsPerRun is how many edits edit_latency times for each of --runs.
const editsPerRun = 20

// runTimedPairs runs a child that times its own work and, beside each
// run, its floor's, printing the two times in seconds on one line.
func (b *runner) runTimedPairs(ctx context.Context, args ...string) (runs, floor []sample, err error) {
	var out bytes.Buffer
	s, err := b.runChild(ctx, child{args: args, stdout: &out})
	if err != nil {
		return nil, nil, err
	}
	for line := range strings.Lines(out.String()) {
		f := strings.Fields(line)
		if len(f) == 0 {
			continue
		}
		var t [2]float64
		for k := range t {
			if len(f) != 2 {
				return nil, nil, fmt.Errorf("leadlab %s printed %q, not two times", strings.Join(args, " "), line)
			}
			if t[k], err = strconv.ParseFloat(f[k], 64); err != nil {
				return nil, nil, fmt.Errorf("leadlab %s printed %q, not two times", strings.Join(args, " "), line)
			}
		}
		runs = append(runs, sample{secs: t[0], peakMB: s.peakMB})
		floor = append(floor, sample{secs: t[1], peakMB: s.peakMB})
	}
	if len(runs) == 0 {
		return nil, nil, fmt.Errorf("leadlab %s printed no times", strings.Join(args, " "))
	}
	return runs, floor, nil
}
