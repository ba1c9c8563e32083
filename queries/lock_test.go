package queries_test

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/leadlab/leadlab/queries"
	"github.com/leadlab/leadlab/queries/internal/testkit"
	"github.com/leadlab/leadlab/queries/load"
)

// TestHoldWorkspaceHelper is not a test: run by holdWorkspace in a child
// process, it opens a workspace as LEADLAB_TEST_HOLD says (ro or rw), says
// so on stdout and keeps it open until its stdin closes.
func TestHoldWorkspaceHelper(t *testing.T) {
	mode, path := os.Getenv("LEADLAB_TEST_HOLD"), os.Getenv("LEADLAB_TEST_HOLD_PATH")
	if mode == "" {
		t.Skip("only run by holdWorkspace")
	}
	open := queries.Open
	if mode == "ro" {
		open = queries.OpenReadOnly
	}
	ws, err := open(context.Background(), path)
	if err != nil {
		fmt.Println("error:", err)
		return
	}
	defer ws.Close()
	fmt.Println("held")
	io.Copy(io.Discard, os.Stdin)
}

// holdWorkspace opens path in another process, read-only (ro) or for
// writing (rw), until the test ends; it returns that process's PID.
func holdWorkspace(t *testing.T, path, mode string) int {
	t.Helper()
	pid, line := startHolder(t, path, mode)
	if line != "held" {
		t.Fatalf("the other process could not open %s: %q", path, line)
	}
	return pid
}

// startHolder starts a process opening path as mode and returns its PID
// and what it said: "held" or the error.
func startHolder(t *testing.T, path, mode string) (int, string) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestHoldWorkspaceHelper$")
	cmd.Env = append(os.Environ(), "LEADLAB_TEST_HOLD="+mode, "LEADLAB_TEST_HOLD_PATH="+path)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { stdin.Close(); cmd.Wait() })
	line, _ := bufio.NewReader(stdout).ReadString('\n')
	go io.Copy(io.Discard, stdout)
	return cmd.Process.Pid, strings.TrimSpace(line)
}

// loadedFile is a workspace file with three leads, closed.
func loadedFile(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "ws.duckdb")
	ws, err := queries.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	loadDir(t, ws, testkit.WriteDir(t, map[string]string{"leads.csv": "lead_id,title\nx1,CEO\nx2,CTO\nx3,\n"}))
	ws.Close()
	return path
}

// TestReadersShareAWorkspace: while one process (the workbench) has the
// workspace open read-only, another reads it too; a load, which needs it
// alone, is refused with the holder's PID and what to do, and changes
// nothing.
func TestReadersShareAWorkspace(t *testing.T) {
	path := loadedFile(t)
	pid := holdWorkspace(t, path, "ro")
	ctx := context.Background()
	ws, err := queries.OpenReadOnly(ctx, path)
	if err != nil {
		t.Fatalf("a second reader: %v", err)
	}
	defer ws.Close()
	if n := testkit.Count(t, ws, "SELECT count(*) FROM leads"); n != 3 {
		t.Errorf("%d leads", n)
	}
	// Reports write only the in-memory derived schema, which works.
	if _, err := ws.DB.Exec("CREATE TABLE derived.t AS SELECT 1"); err != nil {
		t.Errorf("derived is not writable: %v", err)
	}
	if _, err := ws.DB.Exec("CREATE TABLE t AS SELECT 1"); err == nil {
		t.Error("a read-only workspace was written")
	}
	// leadlab load in a third process.
	// DuckDB names one of the holders, this process or the first one.
	_, said := startHolder(t, path, "rw")
	if !strings.Contains(said, fmt.Sprintf("PID %d", os.Getpid())) {
		wantBusy(t, errors.New(said), pid, "A load needs it to itself")
	}
	t.Log(said)
	// A load from the reader itself, as the workbench's Data screen runs.
	_, err = load.Load(ctx, ws, load.Plan{Origin: "x", Sources: nil})
	wantBusy(t, err, pid, "A load needs it to itself")
	t.Log(err)
	// The failed load left the reader as it was: read-only, on the data.
	if !ws.ReadOnly() {
		t.Error("no longer read-only")
	}
	if n := testkit.Count(t, ws, "SELECT count(*) FROM leads"); n != 3 {
		t.Errorf("%d leads after the refused load", n)
	}
}

// TestReaderWaitsForAWriter: while another process writes the workspace
// (a load), a reader is told who and to wait, in words, not DuckDB's.
func TestReaderWaitsForAWriter(t *testing.T) {
	path := loadedFile(t)
	pid := holdWorkspace(t, path, "rw")
	_, err := queries.OpenReadOnly(context.Background(), path)
	wantBusy(t, err, pid, "is being written by another process")
}

func wantBusy(t *testing.T, err error, pid int, what string) {
	t.Helper()
	var le *load.LoadError
	switch {
	case err == nil:
		t.Fatal("opened a workspace another process holds")
	case !errors.Is(err, queries.ErrWorkspaceBusy) && !errors.As(err, &le) && !strings.HasPrefix(err.Error(), "error: "):
		t.Errorf("error %v is not ErrWorkspaceBusy", err)
	case strings.Contains(err.Error(), "Could not set lock"):
		t.Errorf("DuckDB's raw words: %v", err)
	case !strings.Contains(err.Error(), fmt.Sprintf("PID %d", pid)) || !strings.Contains(err.Error(), what):
		t.Errorf("error %v, want one naming PID %d and saying %q", err, pid, what)
	}
}

// TestLoadThroughReadOnlyWorkspace: the workbench holds its workspace
// read-only and takes it for writing only while it loads; afterwards it
// is read-only again, on the new data, and others can read it meanwhile.
func TestLoadThroughReadOnlyWorkspace(t *testing.T) {
	path := loadedFile(t)
	ctx := context.Background()
	ws, err := queries.OpenReadOnly(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer ws.Close()
	loadDir(t, ws, testkit.WriteDir(t, map[string]string{"leads.csv": "lead_id\ny1\ny2\n"}))
	if !ws.ReadOnly() {
		t.Error("no longer read-only after the load")
	}
	if n := testkit.Count(t, ws, "SELECT count(*) FROM leads"); n != 2 {
		t.Errorf("%d leads after the load, want 2", n)
	}
	if _, err := ws.DB.Exec("CREATE TABLE t AS SELECT 1"); err == nil {
		t.Error("writable after the load")
	}
	if _, err := ws.DB.Exec("CREATE TABLE derived.t AS SELECT 1"); err != nil {
		t.Errorf("derived is gone after the load: %v", err)
	}
	holdWorkspace(t, path, "ro") // another reader gets in after the load
}
