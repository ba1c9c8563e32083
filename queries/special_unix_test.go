//go:build unix

package queries_test

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/leadlab/leadlab/queries/internal/testkit"
)

// A named pipe or a device as a data file is refused at once: DuckDB
// would wait on the pipe for ever, and both report a size of 0.
func TestSpecialFilesRefused(t *testing.T) {
	fifo := t.TempDir()
	if err := syscall.Mkfifo(filepath.Join(fifo, "leads.csv"), 0o644); err != nil {
		t.Skip("no named pipes here:", err)
	}
	device := t.TempDir()
	if err := os.Symlink("/dev/zero", filepath.Join(device, "leads.csv")); err != nil {
		t.Fatal(err)
	}
	ws := testkit.OpenWS(t)
	for dir, want := range map[string]string{fifo: "is a named pipe (FIFO), not a regular file", device: "is a device, not a regular file"} {
		done := make(chan error, 1)
		go func() { _, err := tryLoadDir(ws, dir); done <- err }()
		select {
		case err := <-done:
			if err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "leads.csv") {
				t.Errorf("want %q naming leads.csv, got %v", want, err)
			}
		case <-time.After(20 * time.Second):
			t.Fatalf("the load of %s hangs", want)
		}
	}
}
