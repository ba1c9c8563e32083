package bench

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

// FrameEnv names the file the workbench writes one line to when its first
// frame with the data on it is drawn, and then quits: the bench sets it to
// time the workbench from process start to that frame.
const FrameEnv = "LEADLAB_BENCH_FRAME"

// The terminal the workbench is timed in.
const (
	frameCols = 120
	frameRows = 40
)

// firstFrame starts the workbench on the dataset's workspace in a
// terminal of its own and times it from process start to its first frame
// with the Data screen's report on it (FrameEnv); the workbench quits
// right after that frame.
func (b *runner) firstFrame(ctx context.Context, d dataset) (sample, error) {
	state := filepath.Join(d.dir, "workbench-state.json")
	// No remembered screen or config: the workbench opens as it does the
	// first time, on the Data screen.
	if err := os.Remove(state); err != nil && !errors.Is(err, os.ErrNotExist) {
		return sample{}, err
	}
	master, tty, err := openPTY(frameCols, frameRows)
	if err != nil {
		return sample{}, err
	}
	defer master.Close()
	r, w, err := os.Pipe()
	if err != nil {
		tty.Close()
		return sample{}, err
	}
	defer r.Close()
	c := child{args: []string{"--db", d.ws()},
		env: []string{FrameEnv + "=/dev/fd/3", "LEADLAB_STATE=" + state, "TERM=xterm-256color"}}
	cmd := b.command(ctx, c)
	inTerminal(cmd, tty)
	cmd.ExtraFiles = []*os.File{w} // fd 3 in the child
	start := time.Now()
	err = cmd.Start()
	tty.Close()
	w.Close()
	if err != nil {
		return sample{}, fmt.Errorf("start the workbench: %w", err)
	}
	// The terminal must be read, or the workbench blocks writing to it;
	// its last screenful explains a failure.
	screen := &tail{max: 4 << 10}
	go io.Copy(screen, master)
	line, _ := bufio.NewReader(r).ReadString('\n')
	frame := time.Since(start)
	err = cmd.Wait()
	switch {
	case err != nil:
		return sample{}, childError(c, err, screen.String())
	case line != "frame\n":
		return sample{}, childError(c, errors.New("the workbench quit without drawing its data"), screen.String())
	}
	return sample{secs: frame.Seconds(), peakMB: peakMB(cmd.ProcessState)}, nil
}

// tail keeps the last max bytes written to it.
type tail struct {
	mu  sync.Mutex
	max int
	b   []byte
}

func (t *tail) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.b = append(t.b, p...)
	if len(t.b) > t.max {
		t.b = t.b[len(t.b)-t.max:]
	}
	return len(p), nil
}

func (t *tail) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return strings.ToValidUTF8(string(t.b), "")
}
