package scoring

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/leadlab/leadlab/analysis"
	"github.com/leadlab/leadlab/analysis/scoring"
	"github.com/leadlab/leadlab/internal/numfmt"
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
	return m.tune.Start(m.c.Jobs, func(ctx context.Context, ws *queries.Workspace) (*suggestion, error) {
		s := st.Latest()
		if s == nil {
			return nil, session.ErrNoSession
		}
		cur := s.Config
		topt := analysis.DefaultTuneOptions()
		topt.Outcome, topt.Target, topt.Base = scoring.OutcomeFor(s.Outcome, cur), cur.Target, &cur
		res, err := analysis.Tune(ctx, ws, topt)
		if err != nil {
			return nil, err
		}
		return &suggestion{cfg: res.Config, lines: diff(cur, res.Config), verdict: res.HoldoutVerdict}, nil
	})
}

// diff says everything applying next in place of cur would change: each
// rule's points, cap and half life, the rules added and dropped, the
// cutoff, the good-fit and high-pain thresholds, the account cut-off and
// roll-up and the window. Applying the suggestion replaces the whole
// config, so a change left out here would be made unseen.
func diff(cur, next scoring.Config) []string {
	var out []string
	old := map[string]scoring.Rule{}
	for _, r := range append(slices.Clone(cur.Fit), cur.Pain...) {
		old[r.Factor] = r
	}
	seen := map[string]bool{}
	for _, r := range append(slices.Clone(next.Fit), next.Pain...) {
		seen[r.Factor] = true
		o, ok := old[r.Factor]
		if !ok {
			out = append(out, "+ "+r.Factor+" "+numfmt.Points(r.Points)+ruleExtras(r))
			continue
		}
		var changes []string
		if o.Points != r.Points {
			changes = append(changes, numfmt.Points(o.Points)+" → "+numfmt.Points(r.Points))
		}
		if a, b := capText(o.Cap), capText(r.Cap); a != b {
			changes = append(changes, "cap "+a+" → "+b)
		}
		if a, b := halfLifeText(o.HalfLifeDays), halfLifeText(r.HalfLifeDays); a != b {
			changes = append(changes, "half life "+a+" → "+b)
		}
		if len(changes) > 0 {
			out = append(out, "~ "+r.Factor+" "+strings.Join(changes, ", "))
		}
	}
	for _, r := range append(slices.Clone(cur.Fit), cur.Pain...) {
		if !seen[r.Factor] {
			out = append(out, "- "+r.Factor+" "+numfmt.Points(r.Points))
		}
	}
	for _, f := range []struct {
		what     string
		was, now string
	}{
		{"cutoff", numfmt.Points(cur.Cutoff), numfmt.Points(next.Cutoff)},
		{"target", rangeText(cur.Target), rangeText(next.Target)},
		{"good-fit threshold", numfmt.Points(cur.GoodFit), numfmt.Points(next.GoodFit)},
		{"high-pain threshold", numfmt.Points(cur.HighPain), numfmt.Points(next.HighPain)},
		{"account cutoff", numfmt.Points(cur.Accounts.Cutoff), numfmt.Points(next.Accounts.Cutoff)},
		{"account roll-up", cur.Accounts.Rollup, next.Accounts.Rollup},
		{"window", windowText(cur.Outcome.WindowDays), windowText(next.Outcome.WindowDays)},
	} {
		if f.was != f.now {
			out = append(out, fmt.Sprintf("~ %s %s → %s", f.what, f.was, f.now))
		}
	}
	if len(out) == 0 {
		out = append(out, "no change: the model already is what tuning suggests")
	}
	return out
}

// ruleExtras is a rule's cap and half life, when it has them.
func ruleExtras(r scoring.Rule) string {
	var out string
	if r.Cap != nil {
		out += ", cap " + capText(r.Cap)
	}
	if r.HalfLifeDays != nil {
		out += ", half life " + halfLifeText(r.HalfLifeDays)
	}
	return out
}

func capText(c *int) string {
	if c == nil {
		return "none"
	}
	return strconv.Itoa(*c)
}

func halfLifeText(h *float64) string {
	if h == nil {
		return "none"
	}
	return numfmt.Points(*h) + "d"
}

func rangeText(r scoring.Range) string { return pct(r.Low) + "–" + pct(r.High) }

func windowText(w *int) string {
	switch {
	case w == nil:
		return "the mean sales cycle"
	case *w == 0:
		return "none"
	case *w == 1:
		return "1 day"
	}
	return fmt.Sprintf("%d days", *w)
}

func (m *Model) suggestionView() string {
	s := m.c.Styles
	var b strings.Builder
	b.WriteString(s.Heading.Render("Suggested by tune") + "\n")
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
