package gen

import (
	"bytes"
	"errors"
	"math/rand/v2"
	"testing"
)

// TestAsyncWriterKeepsOrder writes random pieces, some larger than a
// chunk, and expects the same bytes in the same order.
func TestAsyncWriterKeepsOrder(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	var got, want bytes.Buffer
	a := newAsyncWriter(&got)
	for range 500 {
		p := make([]byte, rng.IntN(3*chunkSize/2))
		for i := range p {
			p[i] = byte(rng.Uint32())
		}
		want.Write(p)
		if n, err := a.Write(p); n != len(p) || err != nil {
			t.Fatalf("Write = %d, %v", n, err)
		}
	}
	if err := a.Close(); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got.Bytes(), want.Bytes()) {
		t.Fatalf("%d bytes written, %d wanted, or in another order", got.Len(), want.Len())
	}
	if err := a.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
}

type failAfter struct{ left int }

var errDiskFull = errors.New("disk full")

func (f *failAfter) Write(p []byte) (int, error) {
	if f.left < len(p) {
		return 0, errDiskFull
	}
	f.left -= len(p)
	return len(p), nil
}

// TestAsyncWriterReportsErrors: a failing write is reported by Close and
// by the Writes after it, and never blocks the writer.
func TestAsyncWriterReportsErrors(t *testing.T) {
	a := newAsyncWriter(&failAfter{left: 2 * chunkSize})
	p := make([]byte, chunkSize/3)
	var werr error
	for range 100 { // far more than fits, and than the chunks in flight
		if _, err := a.Write(p); err != nil {
			werr = err
			break
		}
	}
	if err := a.Close(); !errors.Is(err, errDiskFull) {
		t.Errorf("Close = %v, want %v", err, errDiskFull)
	}
	if werr != nil && !errors.Is(werr, errDiskFull) {
		t.Errorf("Write = %v, want %v", werr, errDiskFull)
	}
}

// TestPlainNamesNeedNoQuotes: the names written unquoted (table.plain)
// need no quoting.
func TestPlainNamesNeedNoQuotes(t *testing.T) {
	for _, e := range eventInfo {
		if e.name == "" || needsQuote(e.name) || needsQuote(e.category) {
			t.Errorf("event %q, category %q", e.name, e.category)
		}
	}
	for _, c := range campaigns {
		if needsQuote(c.name) {
			t.Errorf("campaign %q", c.name)
		}
	}
}
