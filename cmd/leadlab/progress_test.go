package main

import (
	"bytes"
	"strings"
	"sync"
	"testing"
	"time"
)

// lockedBuffer is a bytes.Buffer the progress goroutine and the test can
// share.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func TestProgressLine(t *testing.T) {
	var w lockedBuffer
	p := newProgress(&w, time.Millisecond)
	p.step(1, 6, "reading the leads")
	// A tick redraws the line: wait for it, however busy the machine
	// (a fixed sleep failed under load), up to a bound that fails.
	for deadline := time.Now().Add(5 * time.Second); strings.Count(w.String(), "[1/6]") < 2 && time.Now().Before(deadline); {
		time.Sleep(time.Millisecond)
	}
	p.step(2, 6, "counting")
	p.end()
	out := w.String()
	if !strings.HasPrefix(out, "\r\x1b[K[1/6] reading the leads … 0s") {
		t.Errorf("first step: %q", out)
	}
	if strings.Count(out, "[1/6]") < 2 {
		t.Errorf("the ticker did not redraw the line: %q", out)
	}
	if !strings.Contains(out, "[2/6] counting … ") || !strings.HasSuffix(out, "\r\x1b[K") {
		t.Errorf("second step, then a cleared line: %q", out)
	}
	// A silent progress (nil: stderr is not a terminal, or --quiet)
	// does nothing and does not panic.
	var silent *progress
	silent.step(1, 2, "x")
	silent.end()
}

// In a pipe, load and tune write no progress: their stderr is as before.
func TestNoProgressInAPipe(t *testing.T) {
	dir := writeFiles(t, tinyData)
	db := t.TempDir() + "/ws.duckdb"
	root := newRoot()
	var out, errOut bytes.Buffer
	root.SetOut(&out)
	root.SetErr(&errOut)
	root.SetArgs([]string{"load", "--db", db, dir})
	if err := execute(t.Context(), root); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(errOut.String(), "\x1b[K") || strings.Contains(errOut.String(), "[1/") {
		t.Errorf("progress written to a pipe: %q", errOut.String())
	}
}
