package weights

import (
	"context"
	"fmt"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/leadlab/leadlab/analysis"
	"github.com/leadlab/leadlab/analysis/scoring"
	"github.com/leadlab/leadlab/analysis/words"
	"github.com/leadlab/leadlab/internal/buildinfo"
	"github.com/leadlab/leadlab/queries"
	"github.com/leadlab/leadlab/tui/session"
)

// suggestion is what tune proposes, waiting for the analyst to apply or
// drop it.
type suggestion struct {
	cfg     scoring.Config
	lines   []string // the diff, in words
	verdict string
}

// suggest runs tune with the target and settings of the model as the
// changes asked for before it leave it, off the UI loop.
func (m *Model) suggest() tea.Cmd {
	st := m.c.Session
	m.message = "tuning on the tuning leads, checking on the held-out ones…"
	return m.tune.Start(m.c.Jobs, func(ctx context.Context, ws *queries.Workspace) (any, error) {
		s := st.Latest()
		if s == nil {
			return nil, session.ErrNoSession
		}
		cur := s.Config
		opt := queries.OutcomeOptions{}
		if w := cur.Outcome.WindowDays; w != nil {
			opt.WindowSet, opt.WindowDays = true, *w
		}
		res, err := analysis.Tune(ctx, ws, analysis.TuneOptions{Outcome: opt, Target: cur.Target, MaxFactors: 20, MinLift: 5,
			Method: "adjusted", HoldoutShare: 0.3, Seed: 1, Base: &cur, ToolVersion: buildinfo.Version(), Now: time.Now()})
		if err != nil {
			return nil, err
		}
		return &suggestion{cfg: res.Config, lines: diff(cur, res.Config), verdict: res.HoldoutVerdict}, nil
	})
}

// diff says what applying next to cur would change, rule by rule.
func diff(cur, next scoring.Config) []string {
	var out []string
	old := map[string]scoring.Rule{}
	for _, r := range append(append([]scoring.Rule(nil), cur.Fit...), cur.Pain...) {
		old[r.Factor] = r
	}
	seen := map[string]bool{}
	for _, r := range append(append([]scoring.Rule(nil), next.Fit...), next.Pain...) {
		seen[r.Factor] = true
		o, ok := old[r.Factor]
		switch {
		case !ok:
			out = append(out, fmt.Sprintf("+ %s %s", r.Factor, words.Points(r.Points)))
		case o.Points != r.Points:
			out = append(out, fmt.Sprintf("~ %s %s → %s", r.Factor, words.Points(o.Points), words.Points(r.Points)))
		}
	}
	for _, r := range append(append([]scoring.Rule(nil), cur.Fit...), cur.Pain...) {
		if !seen[r.Factor] {
			out = append(out, fmt.Sprintf("- %s %s", r.Factor, words.Points(r.Points)))
		}
	}
	if cur.Cutoff != next.Cutoff {
		out = append(out, fmt.Sprintf("~ cutoff %s → %s", words.Points(cur.Cutoff), words.Points(next.Cutoff)))
	}
	if len(out) == 0 {
		out = append(out, "no change: the model already is what tuning suggests")
	}
	return out
}

func (m *Model) suggestionView() string {
	s := m.c.Styles
	var b strings.Builder
	b.WriteString(s.Heading.Render("Suggested by tune") + s.Muted.Render("  enter applies, esc drops it") + "\n")
	for _, l := range m.pending.lines {
		style := s.Muted
		switch l[0] {
		case '+':
			style = s.Good
		case '-':
			style = s.Bad
		case '~':
			style = s.Warn
		}
		b.WriteString(style.Render(l) + "\n")
	}
	b.WriteString(s.Muted.Render(m.pending.verdict))
	return b.String()
}
