package gen

import (
	"io"
	"sync"
)

// asyncWriter writes to w from a goroutine of its own, so that the
// generator makes the next rows while the kernel takes the last ones: at a
// million leads the write calls block for seconds once the page cache is
// full of dirty pages, and on one goroutine that time was added to the
// generating instead of overlapping it. Bytes go out in order, in chunks
// of chunkSize, at most chunks of them in memory; the first write error
// is returned by the Writes after it and by Close.
type asyncWriter struct {
	w    io.Writer
	buf  []byte      // the chunk being filled
	full chan []byte // chunks to write, in order
	free chan []byte // chunks written, to fill again
	done chan struct{}

	mu     sync.Mutex
	err    error
	closed bool
}

const (
	chunkSize = 1 << 18
	chunks    = 4
)

func newAsyncWriter(w io.Writer) *asyncWriter {
	a := &asyncWriter{w: w, full: make(chan []byte, chunks), free: make(chan []byte, chunks), done: make(chan struct{})}
	for range chunks - 1 {
		a.free <- make([]byte, 0, chunkSize)
	}
	a.buf = make([]byte, 0, chunkSize)
	go a.run()
	return a
}

// run writes the chunks as they come; after an error it only hands them
// back, so that Write never blocks for good.
func (a *asyncWriter) run() {
	defer close(a.done)
	for b := range a.full {
		if a.error() == nil {
			if _, err := a.w.Write(b); err != nil {
				a.mu.Lock()
				a.err = err
				a.mu.Unlock()
			}
		}
		a.free <- b[:0]
	}
}

func (a *asyncWriter) error() error {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.err
}

// Write copies p into the current chunk, handing chunks over as they fill.
func (a *asyncWriter) Write(p []byte) (int, error) {
	if err := a.error(); err != nil {
		return 0, err
	}
	n := len(p)
	for len(p) > 0 {
		k := copy(a.buf[len(a.buf):cap(a.buf)], p)
		a.buf, p = a.buf[:len(a.buf)+k], p[k:]
		if len(a.buf) == cap(a.buf) {
			a.full <- a.buf
			a.buf = <-a.free
		}
	}
	return n, nil
}

// Close writes what is left and waits until every chunk is written. It
// does not close w.
func (a *asyncWriter) Close() error {
	if !a.closed {
		a.closed = true
		if len(a.buf) > 0 {
			a.full <- a.buf
		}
		close(a.full)
		<-a.done
	}
	return a.error()
}
