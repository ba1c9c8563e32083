package tui

import (
	"context"
	"errors"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"

	"github.com/leadlab/leadlab/tui/theme"
)

// TestBootDrawsAtOnce: before the data is open, the workbench draws its
// frame with a spinner and what it is loading, at the window's size; once
// open returns, the workbench takes over at that size.
func TestBootDrawsAtOnce(t *testing.T) {
	release := make(chan struct{})
	b := NewBoot(context.Background(), theme.Default(), "loading the sample", func(context.Context) (*Model, error) {
		<-release
		return fixedModel(), nil
	})
	b.Init()
	b.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	first := ansi.Strip(b.View().Content)
	if !strings.Contains(first, "loading the sample…") || !b.View().AltScreen {
		t.Fatalf("first frame:\n%s", first)
	}
	fits(t, first, 80, 24)
	close(release)
	m, _ := b.open(context.Background())
	b.Update(opened{m: m})
	if got := ansi.Strip(b.View().Content); !strings.Contains(got, "How outcomes are counted") {
		t.Errorf("after the data opened:\n%s", got)
	}
	if b.Model().width != 80 || b.Model().height != 24 {
		t.Errorf("the workbench got %d×%d, want the window's 80×24", b.Model().width, b.Model().height)
	}
}

// TestBootFailsWithTheReason: a load that fails ends the program with its
// error, for the command to print once the screen is restored.
func TestBootFailsWithTheReason(t *testing.T) {
	bad := errors.New("load leads.csv line 3: not a date")
	b := NewBoot(context.Background(), theme.Default(), "loading x", func(context.Context) (*Model, error) { return nil, bad })
	_, cmd := b.Update(opened{err: bad})
	if cmd == nil || !errors.Is(b.Err(), bad) || b.Model() != nil {
		t.Errorf("err %v, model %v, quit %v", b.Err(), b.Model(), cmd != nil)
	}
}

// TestBootPassesEarlyReports: the terminal's colour profile arrives as the
// program starts, before the data is open; the workbench built later
// still gets it (here: no colours, the palette without colour).
func TestBootPassesEarlyReports(t *testing.T) {
	b := NewBoot(context.Background(), theme.Default(), "loading", func(context.Context) (*Model, error) { return fixedModel(), nil })
	b.Update(tea.ColorProfileMsg{Profile: colorprofile.ASCII})
	m, _ := b.open(context.Background())
	b.Update(opened{m: m})
	if !b.Model().look.NoColor {
		t.Error("the colour profile reported before the workbench was built did not reach it")
	}
}
