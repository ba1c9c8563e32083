package common

import (
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// Fit cuts or pads lines to exactly width × height cells, so a screen
// fills the space the workbench gave it and nothing more: Clip, with
// every line padded with spaces to the width.
func Fit(lines []string, width, height int) string {
	out := clip(lines, width, height)
	for i, l := range out {
		out[i] = Pad(l, width, false)
	}
	return strings.Join(out, "\n")
}

// Clip cuts lines to at most width cells (at a space where it can, see
// Truncate) and pads or cuts them to exactly height lines; a line with
// line breaks in it counts as the lines it holds. The workbench lays its
// parts out with it and lets lipgloss pad them to the widest.
func Clip(lines []string, width, height int) string {
	return strings.Join(clip(lines, width, height), "\n")
}

func clip(lines []string, width, height int) []string {
	lines = strings.Split(strings.Join(lines, "\n"), "\n")
	lines = lines[:min(len(lines), height)]
	for len(lines) < height {
		lines = append(lines, "")
	}
	for i, l := range lines {
		lines[i] = Truncate(l, width)
	}
	return lines
}

// Cell fits s to exactly w cells, a table's cell: cut with … when it is
// wider, else padded as Pad does.
func Cell(s string, w int, right bool) string {
	return Pad(ansi.Truncate(s, max(w, 0), "…"), w, right)
}

// Pad pads s with spaces to w cells, on the right, or on the left when
// right is set (a right-aligned figure); s wider than w is left whole,
// as a column heading that runs into the gap beside it.
func Pad(s string, w int, right bool) string {
	gap := strings.Repeat(" ", max(w-ansi.StringWidth(s), 0))
	if right {
		return gap + s
	}
	return s + gap
}
