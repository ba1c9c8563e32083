package drift

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"
	"text/tabwriter"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/leadlab/leadlab/analysis"
	"github.com/leadlab/leadlab/analysis/scoring"
	"github.com/leadlab/leadlab/internal/numfmt"
	"github.com/leadlab/leadlab/tui/common"
)

// sourceBins is how many sources of the mix the stability table lists.
const sourceBins = 4

// View implements common.Pane. The report is as tall as it needs; the
// workbench scrolls it (J/K) when it is taller than the window.
func (m *Model) View() string {
	s := m.c.Styles
	w := max(m.width, 20)
	wrap := func(style lipgloss.Style, text string) string { return style.Render(common.Wrap(text, w)) }
	switch {
	case m.sess == nil:
		return m.spin.View() + " waiting for the model the Cutoff screen opens…"
	case m.cancelled:
		return s.Warn.Render("Judging the model was cancelled: r starts it again.")
	case m.noAsOf && m.rep == nil:
		if _, why := analysis.DriftSince(m.sess.Config); why != nil {
			return m.cannot(w, why)
		}
		return m.spin.View() + " judging the model on the data now loaded…"
	case m.c.Failure(m.Title()) != nil && m.rep == nil:
		return wrap(s.Bad, "C"+strings.TrimPrefix(m.c.Failure(m.Title()).Error(), "c"))
	case m.rep == nil:
		return m.spin.View() + " judging the model on the data now loaded (leads since its as-of date, stability, effects)…"
	}
	r := m.rep
	var out []string
	add := func(lines ...string) { out = append(out, lines...) }
	md := r.Model
	add(s.Heading.Render("Drift")+"  "+common.Truncate(fmt.Sprintf("the model as of %s (cutoff %s, target %s–%s, window %d days) on the data as of %s",
		analysis.DayText(md.AsOf), numfmt.Points(md.Cutoff), pct(md.Target.Low), pct(md.Target.High), md.WindowDays, analysis.DayText(deref(r.AsOf))), max(w-7, 1)),
		wrap(s.Muted, "Data: "+md.DataWords))
	if m.stale() {
		add(s.Warn.Render(common.Truncate("The model changed since this was computed: r judges it again.", w)))
	}
	if r.Since.Leads == 0 {
		add(wrap(s.Warn, "No lead was created since the model's as-of date: nothing can have drifted yet."))
	}
	add("", m.verdict(w))
	add("", s.Heading.Render(common.Truncate("Leads since "+analysis.DayText(md.AsOf)+" by month", w)), m.months(w))
	add("", s.Heading.Render("Population stability")+s.Muted.Render(common.Truncate("  PSI: below 0.1 stable, 0.1–0.25 moving, above 0.25 shifted", max(w-20, 1))),
		wrap(s.Muted, "baseline: "+r.Stability.Score.Baseline), m.stability(w))
	add("", s.Heading.Render("Effects")+s.Muted.Render(common.Truncate("  each rule's lift in points, settled leads before the as-of date and since", max(w-7, 1))), m.effects(w))
	if len(r.NewFactors) > 0 {
		add("", s.Heading.Render(common.Truncate("In no rule, now worth points", w)), m.newFactors(w))
	}
	if len(r.Unavailable) > 0 {
		add("")
	}
	for _, u := range r.Unavailable {
		add(wrap(s.Muted, "not computed: "+u.Figure+": "+u.Reason))
	}
	return strings.Join(out, "\n")
}

// cannot says what drift cannot compute for a model with no as-of date,
// and what would let it.
func (m *Model) cannot(w int, why error) string {
	s := m.c.Styles
	text := "Drift cannot judge this model: " + why.Error() + ".\n\n" +
		"Without it there is no \"since\": the leads by month since the as-of date, the population stability of the score, the rules' prevalences and the source mix, each rule's effect then and now, the factors that now carry points and the verdict all compare the leads before and after it. " +
		"Save the model (ctrl+s) or export it (e on the Scoring screen) on the data it was tuned on to record one, or open a config that records one (leadlab tune and leadlab export write it)."
	return s.Warn.Render(common.Wrap(text, w))
}

// verdict is the verdict, the findings that decide it and what to do.
func (m *Model) verdict(w int) string {
	s := m.c.Styles
	r := m.rep
	style := s.Good
	switch r.Verdict {
	case analysis.DriftRetune:
		style = s.Bad
	case analysis.DriftDrifting:
		style = s.Warn
	}
	lines := []string{s.Heading.Render("Verdict: ") + style.Render(strings.ToUpper(r.Verdict))}
	for _, x := range r.Reasons {
		lines = append(lines, indent(common.Wrap("because "+x, max(w-2, 10))))
	}
	for _, x := range r.Advice {
		lines = append(lines, indent(common.Wrap("→ "+x, max(w-2, 10))))
	}
	return strings.Join(lines, "\n")
}

// months is the leads since the as-of date by month, the total, and the
// figures the config recorded.
func (m *Model) months(w int) string {
	r := m.rep
	rows := [][]string{{"month", "leads", "ready", "share", "settled", "close rate", "95% interval"}}
	for _, x := range append(append([]analysis.DriftMonth(nil), r.Months...), r.Since) {
		rows = append(rows, []string{x.Month, numfmt.Count(x.Leads), numfmt.Count(x.Ready), numfmt.Pct(x.Share, 1),
			numfmt.Count(x.Settled), numfmt.Pct(x.CloseRate, 1), analysis.RateInterval(x.CILow, x.CIHigh)})
	}
	out := []string{m.table(rows, w, true)}
	for _, rec := range []struct {
		name string
		x    *scoring.Measured
	}{{"tuning", r.Model.Tuning}, {"holdout", r.Model.Holdout}} {
		if rec.x != nil && rec.x.Ready > 0 {
			out = append(out, m.c.Styles.Muted.Render(common.Truncate(fmt.Sprintf("  recorded %s: close rate %s [%s, %s], share ready %s",
				rec.name, pct(rec.x.CloseRate), pct(rec.x.CILow), pct(rec.x.CIHigh), pct(rec.x.Share)), w)))
		}
	}
	if c := r.CutoffNow; c != nil {
		text := "  on the settled leads since, no cutoff to recommend: " + c.Reason
		if c.Cutoff != nil {
			text = fmt.Sprintf("  on the settled leads since, the sweep recommends cutoff %s: %s [%s, %s]", numfmt.Points(*c.Cutoff), pct(c.CloseRate), pct(c.CILow), pct(c.CIHigh))
		}
		out = append(out, m.c.Styles.Warn.Render(common.Wrap(text, w)))
	}
	return strings.Join(out, "\n")
}

// stability is the PSI of the score, of each rule's prevalence and of
// the source mix, with their readings.
func (m *Model) stability(w int) string {
	st := m.rep.Stability
	rows := [][]string{{"", "PSI", "reading", "then → now, most moved"}}
	rows = append(rows, psiRow(st.Score, 3))
	var none int // rules with nothing to compare
	for _, x := range st.Rules {
		if x.PSI == nil {
			none++
			continue
		}
		rows = append(rows, []string{x.Name, psi(x), x.Reading, "with it " + pct(x.Bins[0].Then) + " → " + pct(x.Bins[0].Now)})
	}
	rows = append(rows, psiRow(st.SourceMix, sourceBins))
	out := m.table(rows, w, false)
	if none > 0 {
		// One line for them all: with no settled lead since, that is
		// every rule, and the same reason each.
		out += "\n" + m.c.Styles.Muted.Render(common.Wrap(fmt.Sprintf("  %d of %d rules' prevalence not compared: %s", none, len(st.Rules), firstReading(st.Rules)), w))
	}
	return out
}

// psiRow is a PSI's line: its bins only when there is a PSI, as shares
// of no lead would read as a collapse.
func psiRow(x analysis.DriftPSI, n int) []string {
	if x.PSI == nil {
		return []string{x.Name, "—", x.Reading, ""}
	}
	return []string{x.Name, psi(x), x.Reading, bins(x.Bins, n)}
}

// firstReading is why the first rule without a PSI has none.
func firstReading(xs []analysis.DriftPSI) string {
	for _, x := range xs {
		if x.PSI == nil {
			return x.Reading
		}
	}
	return ""
}

// effects is each rule's lift then and now, flagged.
func (m *Model) effects(w int) string {
	if m.rep.Since.Settled == 0 {
		return m.c.Styles.Muted.Render(common.Wrap("  none to compare: no lead created since the as-of date has settled yet", w))
	}
	// The status before the interval, so that a narrow window cuts the
	// interval rather than the verdict on the rule.
	rows := [][]string{{"rule", "points", "then", "now", "status", "interval now"}}
	for _, e := range m.rep.Effects {
		rows = append(rows, []string{e.Factor, numfmt.Points(e.Points), analysis.LiftText(e.Then.LiftPP), analysis.LiftText(e.Now.LiftPP), strings.ReplaceAll(e.Status, "_", " "), e.Now.IntervalText()})
	}
	return m.table(rows, w, false)
}

// newFactors is the behaviours and profile values in no rule that now
// carry points.
func (m *Model) newFactors(w int) string {
	rows := [][]string{{"factor", "kind", "leads now", "then", "now", "interval now"}}
	for _, f := range m.rep.NewFactors {
		rows = append(rows, []string{f.Factor, f.Kind, numfmt.Count(f.Now.With), analysis.LiftText(f.Then.LiftPP), analysis.LiftText(f.Now.LiftPP), f.Now.IntervalText()})
	}
	return m.table(rows, w, false)
}

// table aligns rows in columns (the first left, the rest right when
// right is set, else left), the header muted, each line cut to w.
func (m *Model) table(rows [][]string, w int, right bool) string {
	var b strings.Builder
	flags := uint(0)
	if right {
		flags = tabwriter.AlignRight
	}
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', flags)
	rows = shrinkFirst(rows, w)
	for _, r := range rows {
		fmt.Fprintln(tw, "  "+strings.Join(r, "\t")+"\t")
	}
	tw.Flush()
	lines := strings.Split(strings.TrimRight(b.String(), "\n"), "\n")
	for i, l := range lines {
		l = common.Truncate(strings.TrimRight(l, " "), w)
		if i == 0 {
			l = m.c.Styles.Muted.Render(l)
		}
		lines[i] = l
	}
	return strings.Join(lines, "\n")
}

// shrinkFirst cuts the first column's cells (rule and factor names,
// which can be long) so that the rows fit w cells with the other columns
// whole, keeping at least minName cells of each name.
func shrinkFirst(rows [][]string, w int) [][]string {
	const minName = 14
	widths := map[int]int{}
	for _, r := range rows {
		for k, c := range r {
			widths[k] = max(widths[k], ansi.StringWidth(c))
		}
	}
	total := 2 // the indent
	for k := range widths {
		total += widths[k] + 2
	}
	over := total - w
	if over <= 0 || widths[0] <= minName {
		return rows
	}
	keep := max(widths[0]-over, minName)
	out := make([][]string, len(rows))
	for i, r := range rows {
		out[i] = slices.Clone(r)
		if len(r) > 0 {
			out[i][0] = common.Truncate(r[0], keep)
		}
	}
	return out
}

func indent(text string) string { return "  " + strings.ReplaceAll(text, "\n", "\n  ") }

func pct(v float64) string { return numfmt.Pct(&v, 1) }

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func psi(x analysis.DriftPSI) string {
	if x.PSI == nil {
		return "—"
	}
	return fmt.Sprintf("%.3f", *x.PSI)
}

// bins lists the n bins of a PSI that moved most, as then → now.
func bins(bs []analysis.DriftBin, n int) string {
	moved := slices.Clone(bs)
	slices.SortStableFunc(moved, func(a, b analysis.DriftBin) int {
		return cmp.Compare(math.Abs(b.Now-b.Then), math.Abs(a.Now-a.Then))
	})
	return analysis.BinsText(moved, n)
}
