package common

import (
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// Wrap fits text into lines of at most width cells, breaking only at
// spaces, so that a number, a date or an interval such as [-2.2, -0.6]
// is never cut in two: ansi.Wrap and ansi.Wordwrap (and lipgloss's Width,
// built on them) also break after every hyphen, which put "2026-" at the
// end of one line and "02-01" at the start of the next. Only a word wider
// than a whole line is broken, as it cannot be shown otherwise. Line
// breaks in text are kept; runs of spaces inside a line too.
func Wrap(text string, width int) string {
	width = max(width, 1)
	var out []string
	for _, para := range strings.Split(text, "\n") {
		out = append(out, wrapLine(para, width)...)
	}
	return strings.Join(out, "\n")
}

func wrapLine(line string, width int) []string {
	var lines []string
	cur, curW := "", 0
	flush := func() {
		lines = append(lines, cur)
		cur, curW = "", 0
	}
	for i, w := range strings.Split(line, " ") {
		ww := ansi.StringWidth(w)
		switch {
		case i == 0:
		case curW+1+ww <= width:
			cur += " "
			curW++
		case w == "":
			continue // a space at the break is dropped
		default:
			flush()
		}
		if ww > width-curW && ww > width {
			// Too wide for any line: broken at the width, on lines of its own.
			if curW > 0 {
				flush()
			}
			parts := strings.Split(ansi.Hardwrap(w, width, false), "\n")
			lines = append(lines, parts[:len(parts)-1]...)
			w, ww = parts[len(parts)-1], ansi.StringWidth(parts[len(parts)-1])
		}
		cur += w
		curW += ww
	}
	return append(lines, cur)
}

// Truncate cuts s to width cells, ending in an ellipsis, as ansi.Truncate
// does, but never inside a number or a date: when the cut falls inside a
// word that holds a digit, the whole word goes, so that "15,197" never
// shows as "15,1…" (a smaller number that looks whole to a quick eye).
func Truncate(s string, width int) string {
	if ansi.StringWidth(s) <= width {
		return s
	}
	cut := ansi.Truncate(s, width, "…")
	plain := ansi.Strip(s)
	kept := ansi.Truncate(plain, max(width-1, 0), "")
	rest := plain[len(kept):]
	if kept == "" || strings.HasSuffix(kept, " ") || strings.HasPrefix(rest, " ") {
		return cut // the cut falls between words
	}
	start := strings.LastIndexByte(kept, ' ') + 1
	end := strings.IndexByte(rest, ' ')
	if end < 0 {
		end = len(rest)
	}
	if start == 0 || !strings.ContainsAny(kept[start:]+rest[:end], "0123456789") {
		return cut // a word, or a line with no space to cut at
	}
	return ansi.Truncate(s, ansi.StringWidth(kept[:start]), "") + "…"
}
