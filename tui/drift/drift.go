// Package drift is the Drift screen: the model open in the workbench
// judged on the data now loaded, as `leadlab report drift` judges an
// exported config — the leads since the model's as-of date by month,
// population stability, each rule's effect then and now, factors in no
// rule that now carry points, whether the data is the model's own, and
// a verdict in words with what to do. It is computed off the UI loop
// when the screen is first shown, and again on r once the model changed.
package drift

import (
	"context"
	"errors"
	"fmt"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"

	"github.com/leadlab/leadlab/analysis"
	"github.com/leadlab/leadlab/analysis/scoring"
	"github.com/leadlab/leadlab/queries"
	"github.com/leadlab/leadlab/tui/common"
	"github.com/leadlab/leadlab/tui/jobs"
	"github.com/leadlab/leadlab/tui/session"
)

// MinLift is the floor, in points, for a factor in no rule to be listed:
// tune's and report drift's default.
const MinLift = 5

// Model is the Drift screen.
type Model struct {
	c       *common.Common
	job     jobs.Latest[*analysis.DriftReport]
	started bool
	sess    *session.Session // the newest model
	seq     uint64           // its number in the store
	// rep is the report on view, computed for the model numbered repSeq;
	// cancelled says the last judging was stopped with esc; noAsOf that
	// the model open has no as-of date to judge from (the view says
	// why). A failed judging is the screen's standing failure
	// (common.Fail).
	cancelled, noAsOf bool
	rep               *analysis.DriftReport
	repSeq            uint64
	// asked is the model the running job judges.
	asked         uint64
	spin          spinner.Model
	recompute     key.Binding
	width, height int
}

// New returns the Drift screen.
func New(c *common.Common) *Model {
	return &Model{c: c, job: jobs.Latest[*analysis.DriftReport]{Key: "drift"}, spin: spinner.New(spinner.WithSpinner(spinner.Dot)),
		recompute: key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "judge the model again"))}
}

// Title implements common.Pane.
func (m *Model) Title() string { return "Drift" }

// Busy implements common.Pane.
func (m *Model) Busy() bool { return m.job.Running() }

// SetSize implements common.Pane.
func (m *Model) SetSize(w, h int) { m.width, m.height = w, h }

// stale says the report on view is of an older model than the one open.
func (m *Model) stale() bool { return m.rep != nil && m.sess != nil && m.repSeq != m.seq }

// ShortHelp implements common.Pane: r only when there is something new
// to judge (the model changed, or the last try failed or was cancelled).
func (m *Model) ShortHelp() []key.Binding {
	m.recompute.SetEnabled(m.canRecompute())
	if !m.recompute.Enabled() {
		return nil
	}
	return []key.Binding{m.recompute}
}

// FullHelp implements common.Pane.
func (m *Model) FullHelp() [][]key.Binding {
	if h := m.ShortHelp(); len(h) > 0 {
		return [][]key.Binding{h}
	}
	return nil
}

func (m *Model) canRecompute() bool {
	return m.sess != nil && !m.job.Running() && (m.stale() || m.cancelled || m.noAsOf || m.c.Failure(m.Title()) != nil)
}

// Init implements common.Pane: the first time the screen is shown it
// judges the model open, or waits for the Cutoff screen to open one.
func (m *Model) Init() tea.Cmd {
	m.started = true
	return m.judge()
}

// judge starts judging the newest model, unless it cannot be judged
// (no as-of date: the view says why) or is being judged already.
func (m *Model) judge() tea.Cmd {
	if !m.started || m.sess == nil {
		return nil
	}
	s, seq := m.sess, m.seq
	m.cancelled, m.noAsOf = false, false
	m.c.Recover(m.Title())
	if _, err := analysis.DriftSince(s.Config); err != nil {
		m.rep, m.repSeq, m.noAsOf = nil, seq, true
		return nil
	}
	m.asked = seq
	return tea.Batch(m.job.Start(m.c.Jobs, func(ctx context.Context, ws *queries.Workspace) (*analysis.DriftReport, error) {
		return Judge(ctx, ws, s.Config, s.Outcome)
	}), m.spin.Tick)
}

// Judge reads the data under the model's window and builds the drift
// report of cfg, as report drift does.
func Judge(ctx context.Context, ws *queries.Workspace, cfg scoring.Config, opt queries.OutcomeOptions) (*analysis.DriftReport, error) {
	dd, err := analysis.LoadDrift(ctx, ws, opt, cfg, MinLift)
	if err != nil {
		return nil, err
	}
	if _, err := dd.Data.Prepare(ctx, cfg); err != nil {
		dd.Close()
		return nil, err
	}
	r, err := analysis.Drift(ctx, ws, dd, cfg)
	if err != nil {
		return nil, err
	}
	return &r, nil
}

// Update implements common.Pane.
func (m *Model) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case session.Changed:
		if msg.Seq <= m.seq {
			return nil
		}
		first := m.sess == nil
		m.sess, m.seq = msg.Session, msg.Seq
		if first || m.noAsOf {
			// The model the screen was waiting for, or one that may now
			// have the as-of date the last lacked (judging a model
			// without one stops at once).
			return m.judge()
		}
	case jobs.Result[*analysis.DriftReport]:
		if !m.job.Accept(msg) {
			return nil
		}
		m.repSeq = m.asked
		switch {
		case errors.Is(msg.Err, context.Canceled):
			m.rep, m.cancelled = nil, true
			return nil
		case msg.Err != nil:
			m.rep = nil
			return m.c.Fail(m.Title(), fmt.Errorf("could not judge the model: %w", msg.Err))
		}
		m.rep = msg.Value
	case spinner.TickMsg:
		return common.Spin(&m.spin, m.job.Running(), msg)
	case tea.KeyPressMsg:
		switch {
		case msg.String() == "esc":
			m.job.Cancel(m.c.Jobs)
		case key.Matches(msg, m.recompute) && m.canRecompute():
			return m.judge()
		}
	}
	return nil
}

// Status is shown in the status line: whether the report is of the model
// open.
func (m *Model) Status() string {
	if m.stale() {
		return "the model changed since it was judged: r judges it again"
	}
	return ""
}
