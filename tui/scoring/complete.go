package scoring

import (
	"fmt"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
)

// Bindings of the rule being added (a).
var (
	completeNext = key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "complete the factor"))
	completePrev = key.NewBinding(key.WithKeys("shift+tab"), key.WithHelp("shift+tab", "previous factor"))
)

// completion is tab stepping through the factors that match what was
// typed: those whose name starts with it first, then those that hold it
// anywhere (demo finds event:demo_request).
type completion struct {
	typed   string // the factor as typed before the first tab
	matches []int  // indexes into the factor list
	at      int
	fill    bool // no points were typed: each factor brings its suggested points
}

// completeFactor puts the next (step 1) or previous (-1) matching factor
// in the field, with the points the Actions table suggests for it unless
// points were typed.
func (m *Model) completeFactor(step int) {
	if m.factors.Names == nil {
		return // the hint says tab works once the Actions table is computed
	}
	factor, pts, _ := strings.Cut(strings.TrimSpace(m.input.Value()), " ")
	if m.completing == nil {
		m.completing = m.matchFactors(factor, pts == "")
	}
	c := m.completing
	n := len(c.matches)
	if n == 0 {
		return
	}
	switch {
	case c.at >= 0:
		c.at = ((c.at+step)%n + n) % n
	case step > 0:
		c.at = 0
	default:
		c.at = n - 1
	}
	i := c.matches[c.at]
	if c.fill {
		pts = strconv.Itoa(m.factors.Points[i])
	}
	m.input.SetValue(m.factors.Names[i] + " " + pts)
	m.input.CursorEnd()
}

// matchFactors starts a completion of factor; fill says no points were
// typed, so each factor brings the points the table suggests.
func (m *Model) matchFactors(factor string, fill bool) *completion {
	c := &completion{typed: factor, at: -1, fill: fill}
	low := strings.ToLower(factor)
	var inside []int
	for i, n := range m.factors.Names {
		switch l := strings.ToLower(n); {
		case strings.HasPrefix(l, low):
			c.matches = append(c.matches, i)
		case strings.Contains(l, low):
			inside = append(inside, i)
		}
	}
	c.matches = append(c.matches, inside...)
	return c
}

// completionHint says where tab is among the matches, under the field.
func (m *Model) completionHint() string {
	switch c := m.completing; {
	case m.factors.Names == nil:
		return "tab completes the factor once the Actions table is computed…"
	case c == nil:
		return "tab completes the factor from the Actions table's " + strconv.Itoa(len(m.factors.Names)) + " factors"
	case len(c.matches) == 0:
		return fmt.Sprintf("no factor of the Actions table has %q in its name", c.typed)
	}
	return fmt.Sprintf("factor %d of %d matching %q: tab for the next, enter adds it", m.completing.at+1, len(m.completing.matches), m.completing.typed)
}
