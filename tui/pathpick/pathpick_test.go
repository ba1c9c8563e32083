package pathpick

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/leadlab/leadlab/tui/theme"
	"github.com/leadlab/leadlab/tui/tuitest"
)

// run executes a command's listing, as the program would; the field's
// blinking is left out.
func run(m *Model, cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	switch msg := cmd().(type) {
	case tea.BatchMsg:
		for _, c := range msg {
			if c != nil {
				if l, ok := c().(listed); ok {
					m.Update(l)
				}
			}
		}
	case listed:
		m.Update(msg)
	}
}

// TestCompletion: tab completes a unique folder with its slash and lists
// it; with several matches it extends to what they share, then steps
// through them; files the caller does not offer are not listed; ctrl+w
// goes up a folder.
func TestCompletion(t *testing.T) {
	root := t.TempDir()
	for _, d := range []string{"exports/crm-2024", "exports/crm-2025", "exports/web", "gen"} {
		if err := os.MkdirAll(filepath.Join(root, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for _, f := range []string{"exports/manifest.yaml", "exports/notes.txt"} {
		if err := os.WriteFile(filepath.Join(root, f), nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	m := New("load: ", func(name string) bool { return strings.HasSuffix(name, ".yaml") })
	run(&m, m.Start(root+"/"))
	press := func(keys ...string) {
		for _, k := range keys {
			var msg tea.KeyPressMsg
			switch k {
			case "tab":
				msg = tea.KeyPressMsg{Code: tea.KeyTab}
			case "shift+tab":
				msg = tea.KeyPressMsg{Code: tea.KeyTab, Mod: tea.ModShift}
			default:
				msg = tuitest.Key(k)
			}
			run(&m, m.Key(msg))
		}
	}
	press("e", "tab")
	if got := m.Value(); got != root+"/exports/" {
		t.Fatalf("e tab: %q", got)
	}
	view := ansi.Strip(m.View(theme.Default(), 10))
	if !strings.Contains(view, "crm-2024/") || !strings.Contains(view, "manifest.yaml") || strings.Contains(view, "notes.txt") {
		t.Errorf("the listing of exports/:\n%s", view)
	}
	press("c", "tab")
	if got := m.Value(); got != root+"/exports/crm-202" {
		t.Errorf("c tab extends to the shared start: %q", got)
	}
	press("tab")
	if got := m.Value(); got != root+"/exports/crm-2024/" {
		t.Errorf("tab again steps to the first match: %q", got)
	}
	press("tab")
	if got := m.Value(); got != root+"/exports/crm-2025/" {
		t.Errorf("and to the next: %q", got)
	}
	press("shift+tab")
	if got := m.Value(); got != root+"/exports/crm-2024/" {
		t.Errorf("shift+tab goes back: %q", got)
	}
	press("ctrl+w")
	if got := m.Value(); got != root+"/exports/" {
		t.Errorf("ctrl+w goes up a folder: %q", got)
	}
	press("M", "tab")
	if got := m.Value(); got != root+"/exports/manifest.yaml" {
		t.Errorf("a file completes whole, in its own case: %q", got)
	}
}

// TestTabBeforeListing: a tab typed before the folder's listing arrives
// completes once it does, as when keys come faster than the disk.
func TestTabBeforeListing(t *testing.T) {
	root := t.TempDir()
	if err := os.MkdirAll(filepath.Join(root, "gen", "csv"), 0o755); err != nil {
		t.Fatal(err)
	}
	m := New("load: ", nil)
	lists := []tea.Cmd{m.Start(root + "/")} // its listing is not delivered yet
	lists = append(lists, m.Key(tuitest.Key("g")))
	if cmd := m.Key(tea.KeyPressMsg{Code: tea.KeyTab}); cmd != nil {
		t.Fatal("tab with no listing yet did something at once")
	}
	for _, c := range lists {
		run(&m, c)
	}
	if got := m.Value(); got != root+"/gen/" {
		t.Errorf("the early tab did not complete once the listing came: %q", got)
	}
}
