// Package weights is the Scoring screen: the fit and pain rules in two
// lists, points edited in place or nudged, caps and decay, rules added and
// removed with undo and redo, and beside them, live, the score histogram
// of won against not-won leads and the close rate, recall and share at the
// cutoff. Every edit re-scores every lead off the UI loop.
package weights

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/leadlab/leadlab/analysis/scoring"
	"github.com/leadlab/leadlab/queries"
	"github.com/leadlab/leadlab/tui/actions"
	"github.com/leadlab/leadlab/tui/common"
	"github.com/leadlab/leadlab/tui/jobs"
	"github.com/leadlab/leadlab/tui/session"
)

// field is what the text input is editing.
type field int

const (
	none field = iota
	points
	capField
	decayField
	newFactor
	savePath
	exportPath
	openPath
)

// Model is the Scoring screen.
type Model struct {
	c       *common.Common
	sess    *session.Session
	seq     uint64
	edit    jobs.Latest
	save    jobs.Latest
	tune    jobs.Latest
	pending *suggestion // tune's proposal, shown as a diff until applied or dropped
	list    int         // 0 fit, 1 pain
	cursor  [2]int      // per list
	input   textinput.Model
	editing field
	undo    []scoring.Config
	redo    []scoring.Config
	message string
	keys    keyMap

	width, height int
}

// New returns the Scoring screen; it shows the session the Cutoff screen
// opens.
func New(c *common.Common) *Model {
	ti := textinput.New()
	ti.CharLimit = 200
	return &Model{c: c, edit: jobs.Latest{Key: "session-edit"}, save: jobs.Latest{Key: "session-save"},
		tune: jobs.Latest{Key: "session-suggest"}, input: ti, keys: defaultKeys()}
}

// Title implements common.Pane.
func (m *Model) Title() string { return "Scoring" }

// Busy implements common.Pane.
func (m *Model) Busy() bool { return m.edit.Running() || m.save.Running() || m.tune.Running() }

// Editing implements common.Editing.
func (m *Model) Editing() bool { return m.editing != none || m.pending != nil }

// SetSize implements common.Pane.
func (m *Model) SetSize(w, h int) { m.width, m.height = w, h }

// Init implements common.Pane.
func (m *Model) Init() tea.Cmd { return nil }

// ConfigPath is the file the model was read from or saved to, for the
// workbench to remember; "" when never saved.
func (m *Model) ConfigPath() string {
	if m.sess == nil {
		return ""
	}
	return m.sess.Path
}

// Dirty says the model has changes not saved to a file.
func (m *Model) Dirty() bool { return m.sess != nil && m.sess.Dirty }

// Status is shown in the status line.
func (m *Model) Status() string {
	if m.sess == nil {
		return ""
	}
	mark := ""
	if m.sess.Dirty {
		mark = " [+] unsaved changes"
	}
	return "model: " + m.sess.Source + mark
}

// rules is the list on screen.
func (m *Model) rules() []scoring.Rule {
	if m.sess == nil {
		return nil
	}
	if m.list == 0 {
		return m.sess.Config.Fit
	}
	return m.sess.Config.Pain
}

// selected is the rule under the cursor, if any.
func (m *Model) selected() (scoring.Rule, bool) {
	rs := m.rules()
	if len(rs) == 0 {
		return scoring.Rule{}, false
	}
	return rs[min(m.cursor[m.list], len(rs)-1)], true
}

// AddRule is asked for by another screen (Actions): add a rule for factor
// with points, or change its points when it is already there.
type AddRule struct {
	Factor string
	Points int
}

// RemoveRule is asked for by another screen: drop the factor's rule.
type RemoveRule struct{ Factor string }

// Update implements common.Pane.
func (m *Model) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case session.Changed:
		if msg.Seq > m.seq {
			m.sess, m.seq = msg.Session, msg.Seq
			m.syncKeys()
		}
	case jobs.Done:
		switch {
		case m.edit.Accept(msg):
			if msg.Err != nil {
				m.message = msg.Err.Error()
				// The edit did not take: forget its undo step.
				if n := len(m.undo); n > 0 {
					m.undo = m.undo[:n-1]
				}
				return nil
			}
			return m.announce(msg.Value.(*session.Session))
		case m.tune.Accept(msg):
			if msg.Err != nil {
				m.message = "tune: " + msg.Err.Error()
				return nil
			}
			m.message = ""
			m.pending = msg.Value.(*suggestion)
		case m.save.Accept(msg):
			if msg.Err != nil {
				m.message = "not saved: " + msg.Err.Error()
				return nil
			}
			if path, ok := msg.Value.(exported); ok {
				m.message = "exported to " + string(path)
				return nil
			}
			s := msg.Value.(*session.Session)
			m.message = "saved to " + s.Path
			return m.announce(s)
		}
	case AddRule:
		return m.addRule(msg.Factor, float64(msg.Points))
	case RemoveRule:
		return m.removeFactor(msg.Factor)
	case actions.AddRuleMsg: // a from the Actions screen
		return m.addRule(msg.Factor, float64(msg.Points))
	case actions.ExcludeMsg: // x from the Actions screen
		return m.removeFactor(msg.Factor)
	case tea.KeyPressMsg:
		return m.key(msg)
	}
	return nil
}

func (m *Model) announce(s *session.Session) tea.Cmd {
	seq := m.c.Changes.Next()
	return func() tea.Msg { return session.Changed{Seq: seq, Session: s} }
}

// apply starts an edit: the new config is checked, the old one kept for
// undo, and every lead re-scored off the UI loop.
func (m *Model) apply(cfg scoring.Config) tea.Cmd {
	if err := cfg.Validate(); err != nil {
		m.message = err.Error()
		return nil
	}
	m.undo = append(m.undo, m.sess.Config)
	m.redo = nil
	m.message = ""
	return m.recompute(cfg)
}

func (m *Model) recompute(cfg scoring.Config) tea.Cmd {
	sess := m.sess
	return m.edit.Start(m.c.Jobs, func(ctx context.Context, _ *queries.Workspace) (any, error) {
		return sess.WithConfig(ctx, cfg)
	})
}

// clone copies a config deeply enough to edit its rules.
func clone(c scoring.Config) scoring.Config {
	c.Fit = slices.Clone(c.Fit)
	c.Pain = slices.Clone(c.Pain)
	return c
}

// change edits the selected rule.
func (m *Model) change(fn func(r *scoring.Rule)) tea.Cmd {
	if _, ok := m.selected(); !ok {
		return nil
	}
	cfg := clone(m.sess.Config)
	list := &cfg.Fit
	if m.list == 1 {
		list = &cfg.Pain
	}
	fn(&(*list)[min(m.cursor[m.list], len(*list)-1)])
	return m.apply(cfg)
}

func (m *Model) addRule(factor string, pts float64) tea.Cmd {
	if m.sess == nil {
		m.message = "the scoring model is still being read"
		return nil
	}
	f, err := scoring.ParseFactor(factor)
	if err != nil {
		m.message = err.Error()
		return nil
	}
	cfg := clone(m.sess.Config)
	for _, list := range []*[]scoring.Rule{&cfg.Fit, &cfg.Pain} {
		for k := range *list {
			if (*list)[k].Factor == factor {
				(*list)[k].Points = pts
				return m.apply(cfg)
			}
		}
	}
	r := scoring.Rule{Factor: factor, Points: pts}
	if f.Pain() {
		if f.Kind == scoring.EventCount {
			one := 1
			r.Cap = &one // "did it", as its lift was measured
		}
		cfg.Pain = append(cfg.Pain, r)
		m.list, m.cursor[1] = 1, len(cfg.Pain)-1
	} else {
		cfg.Fit = append(cfg.Fit, r)
		m.list, m.cursor[0] = 0, len(cfg.Fit)-1
	}
	return m.apply(cfg)
}

func (m *Model) removeFactor(factor string) tea.Cmd {
	if m.sess == nil {
		return nil
	}
	cfg := clone(m.sess.Config)
	del := func(r scoring.Rule) bool { return r.Factor == factor }
	n := len(cfg.Fit) + len(cfg.Pain)
	cfg.Fit = slices.DeleteFunc(cfg.Fit, del)
	cfg.Pain = slices.DeleteFunc(cfg.Pain, del)
	if len(cfg.Fit)+len(cfg.Pain) == n {
		return nil
	}
	return m.apply(cfg)
}

// parseOptional reads a number, or nothing for "none".
func parseOptional(s string) (*float64, error) {
	s = strings.TrimSpace(s)
	if s == "" || s == "none" || s == "-" {
		return nil, nil
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return nil, fmt.Errorf("%q is not a number", s)
	}
	return &v, nil
}
