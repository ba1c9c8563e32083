package campaigns

import (
	"fmt"
	"slices"
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/leadlab/leadlab/analysis"
	"github.com/leadlab/leadlab/tui/common"
)

// Verdict layout, in cells.
const (
	verdictGap     = 2  // between the type and the three measures
	minVerdictName = 8  // the type column never shrinks below this
	maxVerdictName = 24 // nor grows past it
	minVerdictBar  = 9  // the type shrinks to keep whiskers this wide
	maxVerdictBar  = 24 // wider whiskers add nothing but distance
	verdictIndent  = "  → "
)

// verdictHeadings say what the block shows and that opens and clicks
// are vanity, once, from the fullest wording down to what fits in 80
// columns; the first that fits is used.
var verdictHeadings = [][2]string{
	{"Segmented against generic", " · by campaign type, segmented − generic in points, 95% interval · opens and clicks are vanity (muted): the verdict rests on product use"},
	{"Segmented − generic", ", points · opens and clicks are vanity: the verdict rests on product use"},
	{"Segmented − generic", ", points · opens, clicks are vanity; the verdict rests on product use"},
	{"Segmented − generic", ", points · opens, clicks: vanity; verdict rests on product use"},
	{"Segmented − generic", ", points · opens, clicks: vanity; verdict on product use"},
}

// verdictGeom is where the parts of a verdict row go. All nine whiskers
// share one axis and one width, so they compare across measures and
// types.
type verdictGeom struct {
	name, val  int // the type; an opens or clicks difference
	pt, lo, hi int // the product use difference and its interval's ends
	use        int // all of "+0.3 [-1.0, +1.5]"
	bar        int
	ax         axis
}

func pp(v float64) string { return fmt.Sprintf("%+.1f", v) }

func (m *Model) verdictGeometry() verdictGeom {
	types := m.report.Types
	g := verdictGeom{val: len("clicks")}
	var vals []float64
	for _, t := range types {
		g.name = max(g.name, ansi.StringWidth(t.Type))
		g.val = max(g.val, len(pp(t.Open.DiffPP)), len(pp(t.Click.DiffPP)))
		g.pt = max(g.pt, len(pp(t.Engagement.DiffPP)))
		g.lo = max(g.lo, len(pp(t.Engagement.CILow)))
		g.hi = max(g.hi, len(pp(t.Engagement.CIHigh)))
		for _, d := range []analysis.Diff{t.Open, t.Click, t.Engagement} {
			vals = append(vals, d.CILow, d.DiffPP, d.CIHigh)
		}
	}
	g.ax = newAxis(vals...)
	g.use = max(g.pt+len(" [")+g.lo+len(", ")+g.hi+len("]"), len("product use"))
	g.name = min(max(g.name, len("type")), maxVerdictName)
	fixed := func() int { return g.name + 3*verdictGap + 2*g.val + g.use + 3 } // 3: a space before each whisker
	for (m.width-fixed())/3 < minVerdictBar && g.name > minVerdictName {
		g.name--
	}
	g.bar = min(max((m.width-fixed())/3, 0), maxVerdictBar)
	return g
}

// verdicts is the segmented-against-generic block, in budget lines when
// it can: verdicts wrapped when that fits, on one line each when not.
// When even that is too tall, every type is still listed, one line each,
// and the screen is taller than the window: the workbench scrolls it.
func (m *Model) verdicts(budget int) []string {
	s := m.c.Styles
	types := m.report.Types
	if len(types) == 0 {
		lines := []string{s.Heading.Render("Segmented against generic")}
		lines = append(lines, wrap(s.Muted.Render("No campaign type has both segmented and generic campaigns, so there is nothing to compare."), m.width)...)
		return append(lines, "")
	}
	g := m.verdictGeometry()
	head := []string{m.verdictHeading(), m.verdictHeader(g)}
	var lines []string
	for _, wrapped := range []bool{true, false} {
		lines = slices.Clone(head)
		for _, t := range types {
			lines = append(lines, m.verdictBlock(g, t, wrapped)...)
		}
		if len(lines) < budget {
			return append(lines, "") // room for a blank line before the table
		}
		if len(lines) == budget {
			return lines
		}
	}
	return append(lines, "")
}

func (m *Model) verdictHeading() string {
	s := m.c.Styles
	for _, h := range verdictHeadings {
		if ansi.StringWidth(h[0]+h[1]) <= m.width {
			return s.Heading.Render(h[0]) + s.Muted.Render(h[1])
		}
	}
	h := verdictHeadings[len(verdictHeadings)-1]
	return s.Heading.Render(h[0]) + s.Muted.Render(h[1])
}

// verdictHeader names the measures over their columns and draws the
// shared axis's ends over each whisker; product use, the verdict's
// basis, stands out.
func (m *Model) verdictHeader(g verdictGeom) string {
	s := m.c.Styles
	gap := strings.Repeat(" ", verdictGap)
	labels := axisLabels(g.ax, g.bar)
	return s.Muted.Render(common.Pad("type", g.name, false)+gap+common.Pad("opens", g.val, true)+" "+labels+gap+common.Pad("clicks", g.val, true)+" "+labels+gap) +
		s.Heading.Render(common.Pad("product use", g.use, false)) + " " + s.Muted.Render(labels)
}

// verdictBlock is one type: its three differences, then its verdict,
// wrapped under an arrow or cut to one line.
func (m *Model) verdictBlock(g verdictGeom, t analysis.SegmentCheck, wrapped bool) []string {
	s := m.c.Styles
	gap := strings.Repeat(" ", verdictGap)
	vanity := func(d analysis.Diff) string {
		return s.Muted.Render(common.Pad(pp(d.DiffPP), g.val, true)+" ") +
			renderWhisker(drawWhisker(g.ax, d.CILow, d.DiffPP, d.CIHigh, g.bar), s.Muted, s, false)
	}
	e := t.Engagement
	tn := toneOf(e.CILow, e.CIHigh)
	use := s.Number.Render(common.Pad(pp(e.DiffPP), g.pt, true)) + " [" + common.Pad(pp(e.CILow), g.lo, true) + ", " + common.Pad(pp(e.CIHigh), g.hi, true) + "]"
	row := common.Cell(t.Type, g.name, false) + gap + vanity(t.Open) + gap + vanity(t.Click) + gap +
		common.Pad(use, g.use, false) + " " + renderWhisker(drawWhisker(g.ax, e.CILow, e.DiffPP, e.CIHigh, g.bar), tn.style(s), s, false)
	lines := []string{row}
	ink := textInk(tn, m)
	textW := max(m.width-ansi.StringWidth(verdictIndent), 1)
	if !wrapped {
		return append(lines, verdictIndent+ink.Render(trunc(t.Verdict, textW)))
	}
	for i, l := range strings.Split(common.Wrap(t.Verdict, textW), "\n") {
		prefix := verdictIndent
		if i > 0 {
			prefix = strings.Repeat(" ", ansi.StringWidth(verdictIndent))
		}
		lines = append(lines, prefix+ink.Render(l))
	}
	return lines
}

// textInk colours figures and words by what their interval says: good or
// bad when it clears zero, plain when it does not (muted would hide the
// words a reader needs most).
func textInk(t tone, m *Model) lipgloss.Style {
	if t == crosses {
		return lipgloss.NewStyle()
	}
	return t.style(m.c.Styles)
}
