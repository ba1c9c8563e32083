package actions

import (
	"fmt"
	"slices"

	tea "charm.land/bubbletea/v2"

	"github.com/leadlab/leadlab/analysis"
	"github.com/leadlab/leadlab/analysis/scoring"
	"github.com/leadlab/leadlab/tui/common"
	"github.com/leadlab/leadlab/tui/table"
)

// factors announces the report's factors, ordered by name.
func (m *Model) factors() tea.Cmd {
	fs := m.report.Factors
	idx := make([]int, len(fs))
	for i := range idx {
		idx[i] = i
	}
	slices.SortFunc(idx, func(a, b int) int { return table.Compare(fs[a].Factor, fs[b].Factor) })
	msg := common.Factors{Names: make([]string, len(fs)), Points: make([]int, len(fs))}
	for k, i := range idx {
		msg.Names[k], msg.Points[k] = fs[i].Factor, fs[i].SuggestedPoints
	}
	return func() tea.Msg { return msg }
}

// Thresholds behind suggested points (docs/statistics.md), to explain a
// zero.
const (
	minLiftPP = 5
	maxQ      = 0.05
)

// noPoints says why the table suggests no points for f.
func noPoints(f *analysis.Factor) string {
	switch {
	case slices.Contains(f.Flags, "vanity"):
		return "vanity signal, never given points"
	case f.QValue >= maxQ:
		return fmt.Sprintf("not significant (q %s, needs < %g)", formatQ(f.QValue), maxQ)
	case f.LiftPP < minLiftPP:
		return fmt.Sprintf("too weak (lift %+.1f, needs %d or more)", f.LiftPP, minLiftPP)
	}
	return "its lift rounds to no points"
}

// cannotAdd says why a cannot add f to the scoring model, or "" when it can.
func (m *Model) cannotAdd(f *analysis.Factor) string {
	if f.SuggestedPoints == 0 {
		return "no points: " + noPoints(f)
	}
	if m.added[f.Factor] {
		return "already sent to the scoring model"
	}
	if p, ok := m.inModel[f.Factor]; ok && p == float64(f.SuggestedPoints) && !m.excluded[f.Factor] {
		return fmt.Sprintf("already in the scoring model at %d points", f.SuggestedPoints)
	}
	// A name the scoring model cannot read, such as a value standing for
	// "(other)", would only come back as an error from the Scoring screen.
	if _, err := scoring.ParseFactor(f.Factor); err != nil {
		return err.Error()
	}
	return ""
}

// add sends the selected factor to the scoring model with its suggested
// points and marks the row.
func (m *Model) add() tea.Cmd {
	f, ok := m.selected()
	if !ok {
		return nil
	}
	if f.SuggestedPoints == 0 {
		m.status = "no points for " + f.Factor + ": " + noPoints(f)
		return nil
	}
	if why := m.cannotAdd(f); why != "" {
		m.status = "cannot add " + f.Factor + ": " + why
		return nil
	}
	m.added[f.Factor] = true
	delete(m.excluded, f.Factor)
	m.status = fmt.Sprintf("added %s, %d points", f.Factor, f.SuggestedPoints)
	if o := m.overlapping(f.Factor); o != "" {
		m.status += fmt.Sprintf(" — it overlaps %s, already in the model: a lead with both scores both, so their shared effect counts twice", o)
		if f.AdjustedPoints != 0 {
			m.status += fmt.Sprintf(" (its own effect is %d points)", f.AdjustedPoints)
		}
	}
	msg := common.AddRule{Factor: f.Factor, Kind: f.Kind, Points: f.SuggestedPoints}
	return func() tea.Msg { return msg }
}

// overlapping names a rule in the model (or sent to it) whose leads
// overlap the factor's without being exclusive: "did it" and "did it at
// least N times" of one event, or two bands of one attribute whose ranges
// meet. Two values of one attribute never overlap.
func (m *Model) overlapping(factor string) string {
	f, err := scoring.ParseFactor(factor)
	if err != nil {
		return ""
	}
	names := make([]string, 0, len(m.inModel)+len(m.added))
	for n := range m.inModel {
		names = append(names, n)
	}
	for n := range m.added {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, n := range names {
		g, err := scoring.ParseFactor(n)
		if err != nil || n == factor || m.excluded[n] {
			continue
		}
		switch {
		case f.Pain() && g.Pain() && f.Event == g.Event:
			return n
		case f.Kind == scoring.AttrBand && g.Kind == scoring.AttrBand && f.Account == g.Account && f.Column == g.Column && f.Lo < g.Hi && g.Lo < f.Hi:
			return n
		}
	}
	return ""
}

// exclude tells the scoring model to leave the selected factor out.
func (m *Model) exclude() tea.Cmd {
	f, ok := m.selected()
	if !ok || m.excluded[f.Factor] {
		return nil
	}
	m.excluded[f.Factor] = true
	delete(m.added, f.Factor)
	m.status = "excluded " + f.Factor + " from the scoring model"
	msg := common.Exclude{Factor: f.Factor}
	return func() tea.Msg { return msg }
}

// mark is the sign before a row: × excluded, + in the scoring model (or
// sent to it), blank otherwise.
func (m *Model) mark(name string) string {
	if m.excluded[name] {
		return "×"
	}
	if _, ok := m.inModel[name]; ok || m.added[name] {
		return "+"
	}
	return " "
}

// standing says in words where the factor stands with the scoring model.
func (m *Model) standing(f *analysis.Factor) string {
	p, in := m.inModel[f.Factor]
	switch {
	case m.excluded[f.Factor]:
		return "excluded from the scoring model"
	case in && p != float64(f.SuggestedPoints):
		return fmt.Sprintf("in the model at %g points (suggested %d)", p, f.SuggestedPoints)
	case in:
		return fmt.Sprintf("in the model at %g points", p)
	case m.added[f.Factor]:
		return fmt.Sprintf("sent to the model at %d points", f.SuggestedPoints)
	case f.SuggestedPoints != 0:
		return fmt.Sprintf("suggested %d points", f.SuggestedPoints)
	}
	return "no points: " + noPoints(f)
}
