package tui

import (
	"context"
	"fmt"
	"image/color"
	"regexp"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"

	"github.com/leadlab/leadlab/queries"
	"github.com/leadlab/leadlab/tui/common"
	"github.com/leadlab/leadlab/tui/jobs"
	"github.com/leadlab/leadlab/tui/session"
	"github.com/leadlab/leadlab/tui/theme"
	"github.com/leadlab/leadlab/tui/tuitest"
)

// trailing is the blank end of a line, before any closing escape codes.
var trailing = regexp.MustCompile(` +((?:\x1b\[[0-9;]*m)*)$`)

// TestEveryScreenThemesGolden renders every screen on the embedded
// sample in the light palette, with its colours, at 80×24, 120×40 and
// 200×60 (the dark palette's are the screens goldens), and at 120×40 as
// a NO_COLOR terminal gets it (colours dropped by the terminal's profile,
// bold and reverse kept): what to look at when changing the theme. The
// escape codes are kept; cat a file in a terminal to see it.
func TestEveryScreenThemesGolden(t *testing.T) {
	if testing.Short() {
		t.Skip("loads the sample and tunes a model")
	}
	ctx := context.Background()
	ws := tuitest.Sample(t)
	c := &common.Common{Styles: theme.Default(), Jobs: jobs.New(ctx, ws), Session: &session.Store{}, Version: "test"}
	now := func() time.Time { return time.Date(2026, 7, 1, 12, 0, 0, 0, time.UTC) }
	m := NewModel(c, "embedded sample (in memory)", Screens(c, "", queries.OutcomeOptions{}, now)...)
	update := func(msg tea.Msg) tea.Cmd { _, cmd := m.Update(msg); return cmd }
	update(tea.WindowSizeMsg{Width: 120, Height: 40})
	tuitest.Run(update, m.Init())
	looks := []struct {
		name    string
		msgs    []tea.Msg
		profile colorprofile.Profile
		sizes   [][2]int
	}{
		{"light", []tea.Msg{tea.BackgroundColorMsg{Color: lightGrey}}, colorprofile.TrueColor, [][2]int{{80, 24}, {120, 40}, {200, 60}}},
		{"nocolor", []tea.Msg{tea.ColorProfileMsg{Profile: colorprofile.ASCII}}, colorprofile.ASCII, [][2]int{{120, 40}}},
	}
	for _, look := range looks {
		m.look = theme.Options{}
		for _, msg := range look.msgs {
			update(msg)
		}
		for _, size := range look.sizes {
			width, height := size[0], size[1]
			update(tea.WindowSizeMsg{Width: width, Height: height})
			for i := range m.panes {
				tuitest.Run(update, m.show(i))
				view := m.View().Content
				fits(t, ansi.Strip(view), width, height)
				var b strings.Builder
				w := &colorprofile.Writer{Forward: &b, Profile: look.profile}
				if _, err := w.WriteString(elapsed.ReplaceAllString(view, "in …")); err != nil {
					t.Fatal(err)
				}
				lines := strings.Split(b.String(), "\n")
				for k, l := range lines {
					lines[k] = trailing.ReplaceAllString(l, "$1")
				}
				name := fmt.Sprintf("theme_%s_screen%d_%s_%dx%d", look.name, i+1, m.panes[i].Title(), width, height)
				tuitest.Golden(t, name, strings.Join(lines, "\n"))
			}
		}
	}
}

// lightGrey is the background a light terminal reports.
var lightGrey = color.RGBA{R: 0xf5, G: 0xf5, B: 0xf0, A: 0xff}

// TestThemeFollowsTheTerminal: the background the terminal reports picks
// the palette unless --theme chose one; NO_COLOR picks the plain one.
func TestThemeFollowsTheTerminal(t *testing.T) {
	light, dark := theme.New(theme.Options{Light: true}), theme.Default()
	m := fixedModel()
	m.Update(tea.BackgroundColorMsg{Color: lightGrey})
	if m.c.Styles.Selected.GetBackground() != light.Selected.GetBackground() {
		t.Error("a light background should choose the light palette")
	}
	m = fixedModel().WithTheme(theme.Dark)
	m.Update(tea.BackgroundColorMsg{Color: lightGrey})
	if m.c.Styles.Selected.GetBackground() != dark.Selected.GetBackground() {
		t.Error("--theme dark should keep the dark palette on a light background")
	}
	m.Update(tea.ColorProfileMsg{Profile: colorprofile.ASCII})
	if !m.c.Styles.Selected.GetReverse() || m.c.Styles.BandFill == " " {
		t.Error("NO_COLOR should show the selection in reverse video and the band as a pattern")
	}
	if m = fixedModel().WithTheme(theme.Light); m.c.Styles.Selected.GetBackground() != light.Selected.GetBackground() {
		t.Error("--theme light should choose the light palette at once")
	}
}
