package cutoff

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/leadlab/leadlab/tui/theme"
)

// bandRows are the chart's rows inside the target band: those labelled
// with the target's ends and any between them.
func bandRows(t *testing.T, m *Model, width int) []string {
	t.Helper()
	chart := m.chart(width)
	target := m.sess.Config.Target
	ends := []string{fmt.Sprintf("%.0f%%", 100*target.Low), fmt.Sprintf("%.0f%%", 100*target.High)}
	// The ends may share a row, when the band is narrow.
	lines := strings.Split(chart, "\n")
	first, last := -1, -1
	for i, l := range lines {
		if label := ansi.Strip(l); len(label) >= 7 && slices.Contains(ends, strings.TrimSpace(label[:7])) {
			if first < 0 {
				first = i
			}
			last = i
		}
	}
	var rows []string
	if first >= 0 {
		rows = lines[first : last+1]
	}
	if len(rows) == 0 {
		t.Fatalf("no target band in the chart:\n%s", ansi.Strip(chart))
	}
	return rows
}

// TestTargetBandWithoutColour: under NO_COLOR the band is a pattern over
// its whole width, marks included, so it is seen without colour.
func TestTargetBandWithoutColour(t *testing.T) {
	m := opened(t)
	m.c.Styles = theme.New(theme.Options{NoColor: true})
	const width = 60
	for _, row := range bandRows(t, m, width) {
		plot := []rune(ansi.Strip(row))[7:]
		if strings.ContainsRune(string(plot), ' ') {
			t.Errorf("a row of the band has unshaded cells: %q", string(plot))
		}
		if !strings.ContainsRune(string(plot), '░') {
			t.Errorf("a row of the band has no pattern: %q", string(plot))
		}
	}
}

// TestTargetBandRunsUnderMarks: in colour, every cell of a band row has
// the band's background, the cells after a mark too (a mark's own reset
// used to end the shading at the first mark).
func TestTargetBandRunsUnderMarks(t *testing.T) {
	m := opened(t)
	m.c.Styles = theme.Default()
	const width = 60
	// What the band's background looks like once rendered.
	probe := m.c.Styles.TargetBand.Render("x")
	bg := probe[:strings.Index(probe, "x")]
	for _, row := range bandRows(t, m, width) {
		plot := ansi.Cut(row, 7, lipgloss.Width(row))
		cells := lipgloss.Width(plot)
		if n := strings.Count(plot, strings.TrimSuffix(strings.TrimPrefix(bg, "\x1b["), "m")); n < cells {
			t.Errorf("%d of %d cells of a band row are shaded: %q", n, cells, plot)
		}
	}
}
