package common

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// TestWrapNeverBreaksANumber: intervals, dates and negative numbers stay
// whole; ansi.Wrap broke each at its hyphen.
func TestWrapNeverBreaksANumber(t *testing.T) {
	for _, tc := range []struct {
		text  string
		width int
		whole []string
	}{
		{"lift +3.1 points [-2.2, -0.6] at 95%", 21, []string{"[-2.2, -0.6]", "+3.1"}},
		{"first touch on 2026-02-01, last on 2026-06-29", 20, []string{"2026-02-01", "2026-06-29"}},
		{"balance -1,234.5 after -0.25", 12, []string{"-1,234.5", "-0.25"}},
	} {
		got := Wrap(tc.text, tc.width)
		for _, l := range strings.Split(got, "\n") {
			if ansi.StringWidth(l) > tc.width {
				t.Errorf("%q: line %q wider than %d", tc.text, l, tc.width)
			}
		}
		flat := strings.ReplaceAll(got, "\n", " ")
		for _, w := range tc.whole {
			if !strings.Contains(got, strings.Fields(w)[0]) || !strings.Contains(flat, w) {
				t.Errorf("%q at %d broke %q:\n%s", tc.text, tc.width, w, got)
			}
		}
		if flat != tc.text {
			t.Errorf("wrapping lost or moved words: %q", flat)
		}
	}
}

func TestWrapKeepsLinesAndBreaksOnlyOverlongWords(t *testing.T) {
	if got := Wrap("a b\n  indented", 10); got != "a b\n  indented" {
		t.Errorf("got %q", got)
	}
	got := Wrap("see /a/very/long/path/to/a/file.csv now", 10)
	for _, l := range strings.Split(got, "\n") {
		if ansi.StringWidth(l) > 10 {
			t.Errorf("line %q wider than 10", l)
		}
	}
	if strings.ReplaceAll(got, "\n", "") != "see/a/very/long/path/to/a/file.csv now" {
		t.Errorf("got %q", got)
	}
	// Styled text is measured by what shows.
	if got := Wrap("\x1b[1mbold\x1b[m word", 9); got != "\x1b[1mbold\x1b[m word" {
		t.Errorf("got %q", got)
	}
}

func TestTruncateDropsAWholeNumber(t *testing.T) {
	for _, tc := range []struct {
		s     string
		width int
		want  string
	}{
		{"10.0% of 15,197 leads", 13, "10.0% of …"},
		{"from 2026-02-01 to 2026-06-29", 22, "from 2026-02-01 to …"},
		{"close rate [-2.2, -0.6]", 19, "close rate [-2.2, …"},
		{"the lowest cutoff whose", 15, "the lowest cut…"}, // a word may be cut
		{"short", 10, "short"},
		{"12345678", 5, "1234…"}, // nothing else to cut at
		{"\x1b[1m10.0% of 15,197\x1b[m leads", 13, "\x1b[1m10.0% of \x1b[m…"},
	} {
		got := Truncate(tc.s, tc.width)
		if got != tc.want {
			t.Errorf("Truncate(%q, %d) = %q, want %q", tc.s, tc.width, got, tc.want)
		}
		if ansi.StringWidth(got) > tc.width {
			t.Errorf("Truncate(%q, %d) is %d wide", tc.s, tc.width, ansi.StringWidth(got))
		}
	}
}
