package data

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/leadlab/leadlab/analysis"
	"github.com/leadlab/leadlab/queries"
	"github.com/leadlab/leadlab/queries/load"
	"github.com/leadlab/leadlab/tui/common"
	"github.com/leadlab/leadlab/tui/jobs"
	"github.com/leadlab/leadlab/tui/theme"
	"github.com/leadlab/leadlab/tui/tuitest"
)

func writeFolder(t *testing.T, files map[string]string) string {
	dir := t.TempDir()
	for n, b := range files {
		if err := os.WriteFile(filepath.Join(dir, n), []byte(b), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// loadThrough runs a load the way the program does: the job, its
// progress stream drained alongside, and the result fed back.
func loadThrough(t *testing.T, m *Model, path string) tea.Msg {
	t.Helper()
	batch := m.startLoad(path)().(tea.BatchMsg)
	ch := m.loadCh
	steps := make(chan int, 1)
	go func() { // the progress listener ends when the load closes its stream
		n := 0
		for cmd := batch[1]; cmd != nil; {
			if _, ok := cmd().(loadProgress); ok {
				n++
				cmd = listen(ch)
				continue
			}
			cmd = nil
		}
		steps <- n
	}()
	done := batch[0]()
	if n := <-steps; n == 0 && done.(jobs.Result[load.LoadResult]).Err == nil {
		t.Error("a load reported no progress")
	}
	cmd := m.Update(done)
	if cmd == nil {
		return nil
	}
	return cmd()
}

func TestLoadFromTheWorkbench(t *testing.T) {
	ctx := context.Background()
	ws, err := queries.Open(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	defer ws.Close()
	c := &common.Common{Styles: theme.Default(), Jobs: jobs.New(ctx, ws)}
	m := New(c, queries.OutcomeOptions{}, time.Now)
	m.SetSize(100, 30)

	good := writeFolder(t, map[string]string{"leads.csv": "lead_id,created_at\na,2024-01-01\nb,2024-01-02\n"})
	msg := loadThrough(t, m, good)
	if r, ok := msg.(common.Reloaded); !ok || !strings.Contains(r.Note, "loaded "+good) || r.Source != good || m.loading {
		t.Fatalf("good folder: %#v, loading %v, err %q", msg, m.loading, m.loadErr)
	}
	// A broken folder fails in words and leaves the workspace as it was.
	bad := writeFolder(t, map[string]string{"leads.csv": "lead_id,created_at\na,2024-01-01\na,2024-01-02\n"})
	if msg := loadThrough(t, m, bad); msg != nil || !strings.Contains(m.loadErr, "the workspace is as it was") ||
		strings.Count(m.loadErr, "workspace") != 1 {
		t.Errorf("bad folder (the workspace as it was, said once): %#v, %q", msg, m.loadErr)
	}
	var n int
	if err := ws.DB.QueryRow("SELECT count(*) FROM leads").Scan(&n); err != nil || n != 2 {
		t.Errorf("after the failed load the workspace has %d leads (%v), want the 2 loaded before", n, err)
	}
}

// TestLoadIntoReadOnlyWorkspace: the workbench holds a --db workspace
// read-only and a load takes it for writing only while it runs. A load
// that fails still reopened it, which cost every screen its derived
// results: the screens start again and the Data screen keeps the reason.
func TestLoadIntoReadOnlyWorkspace(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "ws.duckdb")
	rw, err := queries.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	rw.Close()
	ws, err := queries.OpenReadOnly(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer ws.Close()
	c := &common.Common{Styles: theme.Default(), Jobs: jobs.New(ctx, ws)}
	m := New(c, queries.OutcomeOptions{}, time.Now)
	m.SetSize(100, 30)

	good := writeFolder(t, map[string]string{"leads.csv": "lead_id,created_at\na,2024-01-01\nb,2024-01-02\n"})
	if msg, ok := loadThrough(t, m, good).(common.Reloaded); !ok || msg.LoadErr != "" {
		t.Fatalf("good folder: %#v, err %q", msg, m.loadErr)
	}
	bad := writeFolder(t, map[string]string{"leads.csv": "lead_id,created_at\na,2024-01-01\na,2024-01-02\n"})
	msg, ok := loadThrough(t, m, bad).(common.Reloaded)
	if !ok || !strings.Contains(msg.LoadErr, "the workspace is as it was") {
		t.Fatalf("bad folder: %#v", msg)
	}
	fresh := New(c, queries.OutcomeOptions{}, time.Now).WithReport(analysis.DataReport{}) // as the rebuild makes it, once read
	fresh.SetSize(100, 30)
	fresh.Update(msg)
	if !strings.Contains(fresh.View(), "the workspace is as it was") {
		t.Errorf("the new Data screen does not show why the load failed:\n%s", fresh.View())
	}
	var n int
	if err := ws.DB.QueryRow("SELECT count(*) FROM leads").Scan(&n); err != nil || n != 2 {
		t.Errorf("after the failed load the workspace has %d leads (%v), want the 2 loaded before", n, err)
	}
	if !ws.ReadOnly() {
		t.Error("the workspace is no longer read-only")
	}
}

// TestPickerAsksBeforeLoading: the folder picked is not loaded at once
// but handed to the workbench, which asks first when the scoring model
// has unsaved changes; an empty folder and a cancelled load are said in
// plain words.
func TestPickerAsksBeforeLoading(t *testing.T) {
	ws, err := queries.Open(context.Background(), "")
	if err != nil {
		t.Fatal(err)
	}
	defer ws.Close()
	c := &common.Common{Styles: theme.Default(), Jobs: jobs.New(context.Background(), ws)}
	m := New(c, queries.OutcomeOptions{}, time.Now).WithReport(analysis.DataReport{})
	m.SetSize(100, 30)
	root := t.TempDir()
	if err := os.Mkdir(filepath.Join(root, "export"), 0o755); err != nil {
		t.Fatal(err)
	}
	m.from = root + "/"
	open := func() {
		t.Helper()
		cmd := m.Update(tea.KeyPressMsg{Code: 'L', Text: "L"})
		if cmd == nil {
			t.Fatal("L did not read the folder")
		}
		tuitest.Settle(m.Update, cmd) // the picker's listing
	}
	open()
	for _, k := range []tea.KeyPressMsg{{Code: 'e', Text: "e"}, {Code: tea.KeyTab}} {
		tuitest.Settle(m.Update, m.Update(k))
	}
	cmd := m.Update(tea.KeyPressMsg{Code: tea.KeyEnter})
	if cmd == nil {
		t.Fatal("enter on a folder did nothing")
	}
	ask, ok := cmd().(common.ReplaceModel)
	if !ok || ask.What != "loads export" || ask.Then != loadAgreed(filepath.Join(root, "export")) || m.loading || m.picking {
		t.Fatalf("enter did not ask the workbench first: %#v (loading %v, picking %v)", ask, m.loading, m.picking)
	}
	// An empty folder says so, not the old picker's "Bummer".
	m.from = filepath.Join(root, "export") + "/"
	open()
	if v := m.View(); !strings.Contains(v, "nothing here matches in "+m.from) || strings.Contains(v, "Bummer") {
		t.Errorf("empty folder:\n%s", v)
	}
	m.loadDone(context.Canceled, load.LoadResult{})
	if m.loadErr != "load cancelled: the workspace is as it was" {
		t.Errorf("cancelled load: %q", m.loadErr)
	}
}
