package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// holdAsWorkbench opens db as the workbench does (runTUI's openData) and
// keeps it open until stdin closes: the other process of the tests below.
func holdAsWorkbench(db string) {
	ws, err := openData(context.Background(), dataFlags{db: db})
	if err != nil {
		fmt.Println("error:", err)
		return
	}
	defer ws.Close()
	fmt.Println("open")
	io.Copy(io.Discard, os.Stdin)
}

// startWorkbench holds db in another process until stop is called (or
// the test ends) and returns that process's PID.
func startWorkbench(t *testing.T, db string) (pid int, stop func()) {
	t.Helper()
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(os.Environ(), "LEADLAB_TEST_WORKBENCH="+db)
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
	stop = func() { stdin.Close(); cmd.Wait() }
	t.Cleanup(stop)
	line, _ := bufio.NewReader(stdout).ReadString('\n')
	if strings.TrimSpace(line) != "open" {
		t.Fatalf("workbench process: %q", line)
	}
	return cmd.Process.Pid, stop
}

// TestCommandsWhileWorkbenchOpen: reports, exports and leadlab sql read a
// workspace a workbench has open in another process; a load is refused
// naming that process and what to do, and works once it has quit.
func TestCommandsWhileWorkbenchOpen(t *testing.T) {
	db := loadedDB(t, tinyData)
	pid, stop := startWorkbench(t, db)
	if r := reportJSON(t, "--db", db); r.Tables["leads"].Rows != 3 {
		t.Errorf("report data beside the workbench: %d leads", r.Tables["leads"].Rows)
	}
	if out, err := leadlab(t, "report", "funnel", "--db", db); err != nil {
		t.Errorf("report funnel beside the workbench: %v\n%s", err, out)
	}
	if out, err := leadlab(t, "sql", "--db", db, "--format", "csv", "SELECT count(*) AS n FROM leads"); err != nil || out != "n\n3\n" {
		t.Errorf("sql beside the workbench: %q, %v", out, err)
	}
	_, err := leadlab(t, "load", "--db", db, writeFiles(t, tinyData))
	switch {
	case err == nil:
		t.Fatal("a load wrote a workspace the workbench has open")
	case strings.Contains(err.Error(), "Could not set lock"):
		t.Errorf("DuckDB's raw words: %v", err)
	case !strings.Contains(err.Error(), fmt.Sprintf("PID %d", pid)) || !strings.Contains(err.Error(), "quit that workbench"):
		t.Errorf("load error %v, want one naming PID %d and what to do", err, pid)
	}
	stop()
	if out, err := leadlab(t, "load", "--db", db, writeFiles(t, tinyData)); err != nil {
		t.Errorf("load once the workbench quit: %v\n%s", err, out)
	}
}

// TestTuneAndExportWhileWorkbenchOpen: the commands that write a model
// for production only read the workspace, so they run beside a workbench.
func TestTuneAndExportWhileWorkbenchOpen(t *testing.T) {
	db := sampleWorkspace(t)
	startWorkbench(t, db)
	dir := t.TempDir()
	cfg := filepath.Join(dir, "model.yaml")
	if out, err := leadlab(t, "tune", "--db", db, "--out", cfg); err != nil {
		t.Fatalf("tune beside the workbench: %v\n%s", err, out)
	}
	for _, format := range []string{"yaml", "sql-duckdb"} {
		if out, err := leadlab(t, "export", "--db", db, "--config", cfg, "--format", format, "--out", filepath.Join(dir, "out."+format)); err != nil {
			t.Errorf("export %s beside the workbench: %v\n%s", format, err, out)
		}
	}
}
