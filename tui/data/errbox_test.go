package data

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/leadlab/leadlab/analysis"
	"github.com/leadlab/leadlab/queries"
	"github.com/leadlab/leadlab/tui/common"
	"github.com/leadlab/leadlab/tui/theme"
	"github.com/leadlab/leadlab/tui/tuitest"
)

// TestLongLoadErrorCanBeReadWhole: the screen shows the start of a long
// error, says how much more there is, and e opens all of it in a box
// that scrolls to the last line; no date is cut at its hyphens.
func TestLongLoadErrorCanBeReadWhole(t *testing.T) {
	var b strings.Builder
	b.WriteString("load failed, the workspace is as it was: 20 rows rejected")
	for i := 1; i <= 20; i++ {
		fmt.Fprintf(&b, "\nleads.csv line %d, created_at: the value is not a date (want a date such as 2026-02-%02d or a timestamp)", i+1, i)
	}
	c := &common.Common{Styles: theme.Default()}
	m := New(c, queries.OutcomeOptions{}, time.Now).WithReport(analysis.DataReport{Tables: map[string]analysis.TableStats{}})
	m.loadErr = b.String()
	m.SetSize(80, 30)
	view := ansi.Strip(m.View())
	if !strings.Contains(view, "e shows the whole error") || strings.Contains(view, "line 21,") {
		t.Fatalf("the screen should show the start and say e shows the rest:\n%s", view)
	}
	for _, l := range strings.Split(view, "\n") {
		if strings.HasSuffix(strings.TrimRight(l, " "), "2026-") {
			t.Errorf("a date is cut at its hyphen: %q", l)
		}
	}
	m.Update(tuitest.Key("e"))
	if !m.errOpen {
		t.Fatal("e did not open the error")
	}
	for range 10 {
		m.Update(tuitest.Key("pgdown"))
	}
	box := ansi.Strip(m.View())
	if !strings.Contains(box, "line 21,") || !strings.Contains(box, "2026-02-20") {
		t.Errorf("scrolled to the end, the box should show the last problem whole:\n%s", box)
	}
	for _, l := range strings.Split(box, "\n") {
		if ansi.StringWidth(l) > 80 {
			t.Errorf("box line wider than the screen: %q", l)
		}
	}
	m.Update(tuitest.Key("esc"))
	if m.errOpen || !strings.Contains(ansi.Strip(m.View()), "e shows the whole error") {
		t.Error("esc should close the box and show the screen again")
	}
}
