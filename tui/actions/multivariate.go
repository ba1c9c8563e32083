package actions

import (
	"fmt"
	"strconv"
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/leadlab/leadlab/analysis"
	"github.com/leadlab/leadlab/internal/numfmt"
	"github.com/leadlab/leadlab/tui/common"
)

// Column ids of the multivariate view.
const (
	mvMark = iota
	mvFactor
	mvCoef
	mvSE
	mvBar
	mvAdjusted
	mvOdds
	mvLift
	mvPoints
)

// Lines around the multivariate rows: the summary, what the model is, how
// to read it, the column titles; the notes go below.
const modelChrome = 4

// modelColumns are the multivariate view's columns. Beside the adjusted
// odds ratio stand the univariate odds ratio and lift, so the analyst
// sees how much of a factor's lift was other factors' doing.
func (m *Model) modelColumns() []column {
	name, adjusted, odds, lift, pts := 0, len("adj OR"), len("raw OR"), len("lift"), len("adj pts")
	for _, mf := range m.report.Model.Factors {
		name = max(name, len([]rune(mf.Factor)))
		adjusted = max(adjusted, len(adjustedText(mf)))
		if i, ok := m.byName[mf.Factor]; ok {
			f := &m.report.Factors[i]
			odds, lift = max(odds, len(oddsText(f))), max(lift, len(liftText(f)))
		}
	}
	return []column{
		{id: mvMark, width: 1},
		{id: mvFactor, title: "factor", width: minFactorWidth, want: wantFactorWidth, grow: name},
		{id: mvCoef, title: "coef", width: 6, right: true},
		{id: mvSE, title: "se", width: 5, right: true, drop: 3},
		{id: mvBar, width: minBarWidth, want: wantBarWidth, fill: true},
		{id: mvAdjusted, title: "adj OR", width: adjusted, right: true},
		{id: mvOdds, title: "raw OR", width: odds, right: true, drop: 2},
		{id: mvLift, title: "lift", width: lift, right: true, drop: 1},
		{id: mvPoints, title: "adj pts", width: pts, right: true},
	}
}

func adjustedText(mf analysis.ModelFactor) string { return fmt.Sprintf("%.2f", mf.OddsRatio) }

func (m *Model) modelView() []string {
	s, mod := m.c.Styles, m.report.Model
	lines := []string{m.summary()}
	if len(mod.Factors) == 0 {
		lines = append(lines, s.Heading.Render("No multivariate model was fitted."))
		return append(lines, m.modelFooter()...)
	}
	auc := ""
	if mod.AUC != nil {
		auc = fmt.Sprintf(" · AUC %.3f in sample", *mod.AUC)
	}
	lines = append(lines,
		s.Heading.Render(m.longest(
			fmt.Sprintf("Adjusted model: logistic regression (L2, λ=%g by cross-validation) of %d candidates keeps %d%s", mod.Lambda, mod.Candidates, len(mod.Factors), auc),
			fmt.Sprintf("Adjusted model (L2, λ=%g), %d of %d kept%s", mod.Lambda, len(mod.Factors), mod.Candidates, auc))),
		s.Muted.Render(m.longest(
			"Adjusted points and odds ratios hold the other factors fixed; univariate lift counts actions that go together twice.",
			"Adjusted odds ratios hold the other factors fixed.")))
	cols := layout(m.mvCols, m.width)
	lines = append(lines, m.modelHeader(cols))
	h := m.pageRows()
	w := m.model
	w.fit(len(mod.Factors), h)
	for i := w.offset; i < min(w.offset+h, len(mod.Factors)); i++ {
		var rs *lipgloss.Style
		if i == w.cursor {
			rs = &s.Selected
		}
		lines = append(lines, row(cols, m.modelCell(mod.Factors[i]), rs, m.width))
	}
	footer := m.modelFooter()
	for len(lines) < m.height-len(footer) {
		lines = append(lines, "")
	}
	return append(lines, footer...)
}

func (m *Model) modelHeader(cols []column) string {
	s := m.c.Styles
	parts := make([]string, len(cols))
	for i, c := range cols {
		if c.id == mvBar {
			parts[i] = s.Muted.Render(scale(m.coef, c.width, func(v float64) string { return fmt.Sprintf("%+.1f", v) }))
			continue
		}
		parts[i] = s.Muted.Render(common.Cell(c.title, c.width, c.right))
	}
	return strings.Join(parts, " ")
}

// modelCell gives the cells of one coefficient's row; the bar is its 95%
// Wald interval on the log-odds axis.
func (m *Model) modelCell(mf analysis.ModelFactor) func(id, width int) cell {
	s := m.c.Styles
	lo, hi := mf.Coef-z95*mf.SE, mf.Coef+z95*mf.SE
	var uni *analysis.Factor
	if i, ok := m.byName[mf.Factor]; ok {
		uni = &m.report.Factors[i]
	}
	return func(id, width int) cell {
		switch id {
		case mvMark:
			return cell{text: m.mark(mf.Factor), style: s.Number}
		case mvFactor:
			return cell{text: middle(mf.Factor, width)}
		case mvCoef:
			return cell{text: fmt.Sprintf("%+.3f", mf.Coef), style: liftStyle(s, lo, hi)}
		case mvSE:
			return cell{text: fmt.Sprintf("%.3f", mf.SE), style: s.Muted}
		case mvBar:
			return cell{text: whisker(lo, mf.Coef, hi, m.coef, width), style: liftStyle(s, lo, hi)}
		case mvAdjusted:
			return cell{text: adjustedText(mf), style: s.Number}
		case mvPoints:
			return cell{text: strconv.Itoa(mf.Points)}
		}
		if uni == nil {
			return cell{text: "—", style: s.Muted}
		}
		switch id {
		case mvOdds:
			return cell{text: oddsText(uni), style: s.Muted}
		case mvLift:
			return cell{text: liftText(uni), style: s.Muted}
		}
		return cell{}
	}
}

// modelFooter is the model's note and the report's notes, wrapped to the
// width, at most a third of the screen so the rows keep most of it.
func (m *Model) modelFooter() []string {
	if m.report == nil {
		return nil
	}
	s := m.c.Styles
	var out []string
	add := func(st lipgloss.Style, text string) {
		for _, l := range strings.Split(common.Wrap(text, max(m.width, 20)), "\n") {
			out = append(out, st.Render(l))
		}
	}
	if n := m.report.Model.Note; n != "" {
		add(s.Warn, "model: "+n)
	}
	for _, t := range touchLines(m.report.Touches) {
		add(s.Muted, t)
	}
	for _, n := range m.report.Notes {
		add(s.Muted, "note: "+n)
	}
	return out[:min(len(out), max(m.height/3, 1))]
}

// longest is the first text that fits the width, or the last one.
func (m *Model) longest(texts ...string) string {
	for _, t := range texts {
		if ansi.StringWidth(t) <= m.width {
			return t
		}
	}
	return texts[len(texts)-1]
}

// touchLines put regular engagement beside first and last touch (a pattern
// over time predicts closing better than either touch), as shares of won and
// of not-won leads, with the caveat on how long each group is watched.
func touchLines(t analysis.Touches) []string {
	if len(t.Channels) == 0 {
		return nil
	}
	g := t.Regular
	lift := "no lift: one of the groups has no leads"
	if g.LiftPP != nil {
		lift = fmt.Sprintf("%+.1f points [%+.1f, %+.1f]", *g.LiftPP, *g.LiftCILow, *g.LiftCIHigh)
	}
	out := []string{fmt.Sprintf("regular engagement (events in 3+ weeks): %s of won leads, %s of the rest; close rate %s against %s, %s",
		numfmt.Pct(g.WonShare, 0), numfmt.Pct(g.NotWonShare, 0), numfmt.Pct(g.RateRegular, 1), numfmt.Pct(g.RateOthers, 1), lift)}
	first, last := []string{}, []string{}
	for _, c := range t.Channels {
		first = append(first, fmt.Sprintf("%s %s/%s", c.Channel, numfmt.Pct(c.FirstWon, 0), numfmt.Pct(c.FirstNotWon, 0)))
		last = append(last, fmt.Sprintf("%s %s/%s", c.Channel, numfmt.Pct(c.LastWon, 0), numfmt.Pct(c.LastNotWon, 0)))
	}
	out = append(out, "first touch, won/not won: "+strings.Join(first, " · "), "last touch, won/not won: "+strings.Join(last, " · "))
	if g.Caveat != "" {
		out = append(out, "caveat: "+g.Caveat)
	}
	return out
}
