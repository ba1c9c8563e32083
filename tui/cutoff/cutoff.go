// Package cutoff is the Cutoff screen: the close rate (with its interval)
// and recall of SDR-ready leads against the cutoff, the target range
// shaded, the cutoff moved with ←/→ and jumped to the recommendation, and
// at the cutoff the SDR workload, the guard rails, the qualification
// matrix, velocity bands and the holdout figures beside the tuning ones.
package cutoff

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/spinner"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/leadlab/leadlab/analysis/scoring"
	"github.com/leadlab/leadlab/queries"
	"github.com/leadlab/leadlab/tui/common"
	"github.com/leadlab/leadlab/tui/jobs"
	"github.com/leadlab/leadlab/tui/session"
)

// Model is the Cutoff screen.
type Model struct {
	c             *common.Common
	path          string
	opt           queries.OutcomeOptions
	now           func() time.Time
	open          jobs.Latest[session.Changed] // reading the data and the model
	edit          jobs.Queue[session.Changed]  // recomputing at a new cutoff or target
	sess          *session.Session
	seq           uint64 // the session's change number
	cancelled     bool   // building the model was stopped with esc; r starts it again
	spin          spinner.Model
	keys          keyMap
	target        textinput.Model
	typing        bool
	typingCutoff  bool // the field takes a cutoff (c), not a target (t)
	message       string
	width, height int
}

type keyMap struct {
	Left, Right, Recommend, Target, Cutoff, Undo, Redo, Apply, Close key.Binding
}

func defaultKeys() keyMap {
	return keyMap{
		Left:      key.NewBinding(key.WithKeys("left", "h"), key.WithHelp("←/→", "move the cutoff")),
		Right:     key.NewBinding(key.WithKeys("right", "l")),
		Recommend: key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "jump to the recommendation")),
		Target:    key.NewBinding(key.WithKeys("t"), key.WithHelp("t", "edit the target")),
		Cutoff:    key.NewBinding(key.WithKeys("c"), key.WithHelp("c", "type the cutoff")),
		Undo:      key.NewBinding(key.WithKeys("u"), key.WithHelp("u", "undo")),
		Redo:      key.NewBinding(key.WithKeys("ctrl+r"), key.WithHelp("ctrl+r", "redo")),
		Apply:     key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "apply")),
		Close:     key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")),
	}
}

// rebuild is r once building the model was cancelled: it starts again.
var rebuild = key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "build the model again"))

// New returns the Cutoff screen over the config at path, or over a model
// tuned on the data when path is empty.
func New(c *common.Common, path string, opt queries.OutcomeOptions, now func() time.Time) *Model {
	ti := textinput.New()
	ti.Prompt = targetPrompt
	ti.CharLimit = 20
	ti.SetStyles(c.Styles.Input)
	return &Model{c: c, path: path, opt: opt, now: now, open: jobs.Latest[session.Changed]{Key: "session-open"}, edit: jobs.Queue[session.Changed]{Key: "session-cutoff"},
		spin: spinner.New(spinner.WithSpinner(spinner.Dot)), keys: defaultKeys(), target: ti}
}

// The workbench finds what the screen offers beyond common.Pane by these.
var (
	_ common.Eager    = (*Model)(nil)
	_ common.Unsaved  = (*Model)(nil)
	_ common.Statuser = (*Model)(nil)
	_ common.Editing  = (*Model)(nil)
	_ common.Prompter = (*Model)(nil)
)

// Title implements common.Pane.
func (m *Model) Title() string { return "Cutoff" }

// Eager says the screen starts with the workbench, not when first shown:
// the Scoring and Leads screens wait for the model it opens.
func (m *Model) Eager() bool { return true }

// Busy implements common.Pane.
func (m *Model) Busy() bool { return m.open.Running() || m.edit.Running() }

// Dirty says a cutoff or target moved is still being recomputed, so
// quitting now would lose it; once it lands the Scoring screen says
// whether the model is saved.
func (m *Model) Dirty() bool { return m.edit.Running() }

// Editing implements common.Editing: the target field takes every key.
func (m *Model) Editing() bool { return m.typing }

// SetSize implements common.Pane.
func (m *Model) SetSize(w, h int) { m.width, m.height = w, h }

// Status is shown in the status line: the config and whether it changed.
func (m *Model) Status() string { return Status(m.sess) }

// Status describes a session for the status line: where its config came
// from and an unsaved-changes mark.
func Status(s *session.Session) string {
	if s == nil {
		return ""
	}
	mark := ""
	if s.Dirty {
		mark = " [+] unsaved changes"
	}
	return "model: " + s.Source + mark
}

// ShortHelp implements common.Pane; only what works now is listed.
func (m *Model) ShortHelp() []key.Binding {
	if m.typing {
		return []key.Binding{m.keys.Apply, m.keys.Close}
	}
	if m.sess == nil {
		if m.cancelled {
			return []key.Binding{rebuild}
		}
		return nil
	}
	m.syncKeys()
	return []key.Binding{m.keys.Left, m.keys.Cutoff, m.keys.Recommend, m.keys.Target, m.keys.Undo, m.keys.Redo}
}

// FullHelp implements common.Pane.
func (m *Model) FullHelp() [][]key.Binding { return [][]key.Binding{m.ShortHelp()} }

// syncKeys offers undo and redo only when there is a step to take; a
// change still being computed can be undone once it lands.
func (m *Model) syncKeys() {
	m.keys.Undo.SetEnabled(m.c.Session.CanUndo() || m.edit.Running())
	m.keys.Redo.SetEnabled(m.c.Session.CanRedo())
}

// Init implements common.Pane.
func (m *Model) Init() tea.Cmd {
	if m.sess != nil {
		return nil
	}
	path, opt, now := m.path, m.opt, m.now
	return tea.Batch(m.open.Start(m.c.Jobs, m.c.Session.Open(func(ctx context.Context, ws *queries.Workspace) (*session.Session, error) {
		return session.Open(ctx, ws, path, opt, now())
	})), m.spin.Tick)
}

// move recomputes the figures at the cutoff and target pick chooses from
// the newest model, off the UI loop and after every change asked for
// before it: pressed twice, → moves two steps. Moves with ←/→ in a row
// are one undo step (session.Store.Move); a jump to the recommendation
// or a new target is a step of its own.
func (m *Model) move(pick func(s *session.Session) (float64, scoring.Range, error)) tea.Cmd {
	return m.edit.Start(m.c.Jobs, m.c.Session.Move(at(pick)))
}

func (m *Model) jump(pick func(s *session.Session) (float64, scoring.Range, error)) tea.Cmd {
	return m.edit.Start(m.c.Jobs, m.c.Session.Edit(at(pick)))
}

// at is the change to the cutoff and target pick chooses.
func at(pick func(s *session.Session) (float64, scoring.Range, error)) session.Change {
	return func(_ context.Context, _ *queries.Workspace, s *session.Session) (*session.Session, error) {
		cutoff, target, err := pick(s)
		if err != nil {
			return nil, err
		}
		return s.WithCutoff(cutoff, target), nil
	}
}

// Update implements common.Pane.
func (m *Model) Update(msg tea.Msg) tea.Cmd {
	if common.Restyled(msg) {
		m.target.SetStyles(m.c.Styles.Input)
	}
	switch msg := msg.(type) {
	case jobs.Result[session.Changed]:
		switch {
		case m.open.Accept(msg):
			m.cancelled = errors.Is(msg.Err, context.Canceled)
			switch {
			case msg.Err == nil:
				m.c.Recover(m.Title())
				return common.Announce(msg.Value)
			case !m.cancelled:
				return m.c.Fail(m.Title(), fmt.Errorf("could not build the scoring model: %w", msg.Err))
			}
		case m.edit.Accept(msg):
			if msg.Err != nil {
				m.message = ""
				return common.ReportError(m.Title(), msg.Err)
			}
			return common.Announce(msg.Value)
		}
	case session.Changed:
		if msg.Seq > m.seq {
			m.sess, m.seq = msg.Session, msg.Seq
		}
	case spinner.TickMsg:
		return common.Spin(&m.spin, m.open.Running(), msg)
	case tea.KeyPressMsg:
		return m.key(msg)
	}
	return nil
}

func (m *Model) key(msg tea.KeyPressMsg) tea.Cmd {
	if m.typing {
		switch {
		case key.Matches(msg, m.keys.Apply) && m.typingCutoff:
			m.typing = false
			c, err := parseCutoff(m.target.Value())
			if err != nil {
				m.message = err.Error()
				return nil
			}
			m.message = ""
			return m.jump(func(s *session.Session) (float64, scoring.Range, error) { return c, s.Config.Target, nil })
		case key.Matches(msg, m.keys.Apply):
			m.typing = false
			t, err := parseTarget(m.target.Value())
			if err != nil {
				m.message = err.Error()
				return nil
			}
			m.message = ""
			return m.jump(func(s *session.Session) (float64, scoring.Range, error) { return s.Config.Cutoff, t, nil })
		case key.Matches(msg, m.keys.Close):
			m.typing = false
			return nil
		}
		var cmd tea.Cmd
		m.target, cmd = m.target.Update(msg)
		return cmd
	}
	if msg.String() == "esc" {
		m.open.Cancel(m.c.Jobs)
		m.edit.Cancel(m.c.Jobs)
		return nil
	}
	if m.sess == nil {
		if m.cancelled && key.Matches(msg, rebuild) {
			m.cancelled = false // building the model was cancelled: r starts it again
			return m.Init()
		}
		return nil
	}
	m.syncKeys()
	switch {
	case key.Matches(msg, m.keys.Left), key.Matches(msg, m.keys.Right):
		step := 1 // rows run from the highest cutoff down: left is a lower cutoff
		if key.Matches(msg, m.keys.Right) {
			step = -1
		}
		m.message = ""
		return m.move(func(s *session.Session) (float64, scoring.Range, error) {
			return neighbour(s.Report.Rows, s.Config.Cutoff, step), s.Config.Target, nil
		})
	case key.Matches(msg, m.keys.Recommend):
		m.message = ""
		return m.jump(func(s *session.Session) (float64, scoring.Range, error) {
			rc := s.Report.Recommended.Cutoff
			if rc == nil {
				return 0, scoring.Range{}, errors.New("no cutoff to recommend: " + s.Report.Recommended.Reason)
			}
			return *rc, s.Config.Target, nil
		})
	case key.Matches(msg, m.keys.Cutoff):
		m.typing, m.typingCutoff = true, true
		m.target.Prompt = "cutoff in points: "
		m.target.SetValue(strconv.FormatFloat(m.sess.Config.Cutoff, 'g', -1, 64))
		m.target.CursorEnd()
		return m.target.Focus()
	case key.Matches(msg, m.keys.Target):
		m.typing, m.typingCutoff = true, false
		m.target.Prompt = targetPrompt
		t := m.sess.Config.Target
		m.target.SetValue(fmt.Sprintf("%g-%g", 100*t.Low, 100*t.High))
		// The field keeps its cursor from the last entry, which may have
		// been refused: start at the end of the target on view.
		m.target.CursorEnd()
		return m.target.Focus()
	case key.Matches(msg, m.keys.Undo):
		m.message = ""
		return m.edit.Start(m.c.Jobs, m.c.Session.Undo())
	case key.Matches(msg, m.keys.Redo):
		m.message = ""
		return m.edit.Start(m.c.Jobs, m.c.Session.Redo())
	}
	return nil
}

// neighbour is the cutoff step rows away from cur in rows (highest cutoff
// first): +1 the next lower, -1 the next higher, cur itself at either end.
func neighbour(rows []scoring.SweepRow, cur float64, step int) float64 {
	if len(rows) == 0 {
		return cur
	}
	k := slices.IndexFunc(rows, func(r scoring.SweepRow) bool { return r.Cutoff <= cur })
	if k < 0 {
		k = len(rows) - 1
	}
	return rows[min(max(k+step, 0), len(rows)-1)].Cutoff
}

// targetPrompt asks for the target range.
const targetPrompt = "target close rate (e.g. 10-15): "

// parseCutoff reads a cutoff typed in points: any finite number, since
// a decayed score can fall between whole points.
func parseCutoff(s string) (float64, error) {
	v, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, fmt.Errorf("cutoff %q: want a number of points, e.g. 12", s)
	}
	return v, nil
}

// parseTarget reads "10-15" (percent) or "0.10-0.15" (shares).
func parseTarget(s string) (scoring.Range, error) {
	lo, hi, ok := strings.Cut(strings.TrimSpace(s), "-")
	l, err1 := strconv.ParseFloat(strings.TrimSpace(strings.TrimSuffix(lo, "%")), 64)
	h, err2 := strconv.ParseFloat(strings.TrimSpace(strings.TrimSuffix(hi, "%")), 64)
	if !ok || err1 != nil || err2 != nil {
		return scoring.Range{}, fmt.Errorf("target %q: want LOW-HIGH, e.g. 10-15", s)
	}
	if l > 1 || h > 1 {
		l, h = l/100, h/100
	}
	switch {
	case l < 0 || h > 1:
		return scoring.Range{}, fmt.Errorf("target %q: close rates lie between 0%% and 100%%", s)
	case l > h:
		return scoring.Range{}, fmt.Errorf("target %q: the range is reversed", s)
	}
	return scoring.Range{Low: l, High: h}, nil
}
