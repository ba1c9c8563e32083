package common

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

func TestFitClipPadCell(t *testing.T) {
	// A line with a break in it counts as two; a long line is cut (see
	// Truncate); the block is cut to the height.
	got := Fit([]string{"one\ntwo", "a long line of words", "four"}, 10, 3)
	want := "one       \ntwo       \na long li…"
	if got != want {
		t.Errorf("Fit = %q, want %q", got, want)
	}
	if got := Clip([]string{"ab"}, 10, 2); got != "ab\n" {
		t.Errorf("Clip pads the height only: %q", got)
	}
	for _, c := range []struct {
		got, want string
	}{
		{Pad("7", 3, true), "  7"},
		{Pad("7", 3, false), "7  "},
		{Pad("heading", 3, false), "heading"}, // left whole
		{Cell("heading", 5, false), "head…"},
		{Cell("12", 5, true), "   12"},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
	if w := ansi.StringWidth(strings.Split(Fit([]string{"\x1b[1mbold\x1b[0m"}, 8, 1), "\n")[0]); w != 8 {
		t.Errorf("styled line is %d cells, want 8", w)
	}
}
