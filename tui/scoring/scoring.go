// Package scoring is the Scoring screen: the fit and pain rules in two
// lists, points edited in place or nudged, caps and decay, rules added and
// removed with undo and redo, and beside them, live, the score histogram
// of won against not-won leads and the close rate, recall and share at the
// cutoff. Every edit re-scores every lead off the UI loop.
package scoring

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/leadlab/leadlab/analysis/scoring"
	"github.com/leadlab/leadlab/queries"
	"github.com/leadlab/leadlab/tui/common"
	"github.com/leadlab/leadlab/tui/jobs"
	"github.com/leadlab/leadlab/tui/pathpick"
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
	c    *common.Common
	sess *session.Session
	seq  uint64
	// edit runs every change of the model this screen asks for (edits,
	// undo, saves, exports) in order, each on the model the ones before
	// it left (see session.Store).
	edit    jobs.Queue[edited]
	doing   string // what edit is doing, for the footer
	tune    jobs.Latest[*suggestion]
	pending *suggestion // tune's proposal, shown as a diff until applied or dropped
	follow  string      // a factor just added: the cursor goes to it once it is in
	list    int         // 0 fit, 1 pain
	cursor  [2]int      // per list
	input   textinput.Model
	picker  pathpick.Model // o: the config to open, typed with completion
	// factors are the Actions table's, for a (add a rule) to complete;
	// completing holds the matches tab steps through.
	factors    common.Factors
	completing *completion
	editing    field
	message    string
	keys       keyMap
	scale      scale // of the histogram's bars

	width, height int
}

// New returns the Scoring screen; it shows the session the Cutoff screen
// opens.
func New(c *common.Common) *Model {
	ti := textinput.New()
	ti.CharLimit = 200
	pick := pathpick.New("open config: ", func(name string) bool {
		ext := strings.ToLower(filepath.Ext(name))
		return ext == ".yaml" || ext == ".yml" || ext == ".json"
	})
	ti.SetStyles(c.Styles.Input)
	return &Model{c: c, edit: jobs.Queue[edited]{Key: "session-edit"}, tune: jobs.Latest[*suggestion]{Key: "session-suggest"}, input: ti, picker: pick, keys: defaultKeys()}
}

// Title implements common.Pane.
func (m *Model) Title() string { return "Scoring" }

// Busy implements common.Pane.
func (m *Model) Busy() bool { return m.edit.Running() || m.tune.Running() }

// Editing implements common.Editing.
func (m *Model) Editing() bool { return m.editing != none || m.pending != nil }

// SetSize implements common.Pane.
func (m *Model) SetSize(w, h int) { m.width, m.height = w, h }

// Init implements common.Pane.
func (m *Model) Init() tea.Cmd { return nil }

// The workbench finds what the screen offers beyond common.Pane by these.
var (
	_ common.ConfigFile = (*Model)(nil)
	_ common.Unsaved    = (*Model)(nil)
	_ common.Statuser   = (*Model)(nil)
	_ common.Saver      = (*Model)(nil)
)

// ConfigPath is the file the model was read from or saved to, for the
// workbench to remember; "" when never saved.
func (m *Model) ConfigPath() string {
	if m.sess == nil {
		return ""
	}
	return m.sess.Path
}

// Dirty says the model has changes not saved to a file, counting those
// still being re-scored or saved: quitting now would lose them.
func (m *Model) Dirty() bool { return m.edit.Running() || m.sess != nil && m.sess.Dirty }

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
	if common.Restyled(msg) {
		m.input.SetStyles(m.c.Styles.Input)
	}
	switch msg := msg.(type) {
	case session.Changed:
		if msg.Seq > m.seq {
			m.sess, m.seq = msg.Session, msg.Seq
			m.goToFollowed()
			m.syncKeys()
		}
	case jobs.Result[edited]:
		if m.edit.Accept(msg) {
			if msg.Err != nil {
				m.message = ""
				return common.ReportError(m.Title(), msg.Err)
			}
			switch v := msg.Value; {
			case v.exported != "":
				m.message = "exported to " + v.exported
			case v.saved:
				m.message = "saved to " + v.Session.Path
				return common.Announce(v.Changed)
			default:
				return common.Announce(v.Changed)
			}
		}
	case jobs.Result[*suggestion]:
		if m.tune.Accept(msg) {
			if msg.Err != nil {
				m.message = ""
				return common.ReportError(m.Title(), fmt.Errorf("tune: %w", msg.Err))
			}
			m.message = ""
			m.pending = msg.Value
		}
	case openAgreed:
		return m.openConfig(string(msg))
	case AddRule:
		return m.addRule(msg.Factor, float64(msg.Points))
	case RemoveRule:
		return m.removeFactor(msg.Factor)
	case common.Factors:
		m.factors = msg
		m.completing = nil // a tab before the table came matched nothing
		return nil
	case common.AddRule: // a from the Actions screen
		return m.addRule(msg.Factor, float64(msg.Points))
	case common.Exclude: // x from the Actions screen
		return m.removeFactor(msg.Factor)
	case tea.KeyPressMsg:
		return m.key(msg)
	}
	if m.editing == openPath {
		// The picker reads folders in commands of its own.
		return m.picker.Update(msg)
	}
	return nil
}

// goToFollowed puts the cursor on the rule just added, once it is in.
func (m *Model) goToFollowed() {
	if m.follow == "" {
		return
	}
	if li, k, ok := find(&m.sess.Config, m.follow); ok {
		m.list, m.cursor[li] = li, k
		m.follow = ""
	}
}

// lists are the config's two rule lists as the screen numbers them: 0
// fit, 1 pain.
func lists(cfg *scoring.Config) [2]*[]scoring.Rule { return [2]*[]scoring.Rule{&cfg.Fit, &cfg.Pain} }

// find is where the factor's rule is in cfg: its list and its place there.
func find(cfg *scoring.Config, factor string) (li, k int, ok bool) {
	for li, list := range lists(cfg) {
		if k := slices.IndexFunc(*list, func(r scoring.Rule) bool { return r.Factor == factor }); k >= 0 {
			return li, k, true
		}
	}
	return 0, 0, false
}

// run queues a change to the model behind every change asked for
// before it.
func (m *Model) run(doing string, job session.Job) tea.Cmd {
	return m.runEdit(doing, func(ctx context.Context, ws *queries.Workspace) (edited, error) {
		ch, err := job(ctx, ws)
		return edited{Changed: ch}, err
	})
}

// runEdit queues job (a change, a save or an export) behind every change
// asked for before it.
func (m *Model) runEdit(doing string, job jobs.Func[edited]) tea.Cmd {
	m.doing = doing
	return m.edit.Start(m.c.Jobs, job)
}

// edited is what a job of the edit queue did: Changed is the session to
// announce (none for an export), saved says the change was a save, and
// exported names the file an export wrote.
type edited struct {
	session.Changed
	saved    bool
	exported string
}

// editRules queues an edit of the rules as an undo step: fn changes a
// copy of the newest config (whatever edits before it made), then every
// lead is re-scored off the UI loop.
func (m *Model) editRules(fn func(cfg *scoring.Config) error) tea.Cmd {
	m.message = ""
	return m.run("re-scoring…", m.c.Session.Edit(func(ctx context.Context, _ *queries.Workspace, s *session.Session) (*session.Session, error) {
		cfg := clone(s.Config)
		if err := fn(&cfg); errors.Is(err, errUnchanged) {
			return s, nil
		} else if err != nil {
			return nil, err
		}
		if err := cfg.Validate(); err != nil {
			return nil, err
		}
		return s.WithConfig(ctx, cfg)
	}))
}

// errUnchanged is what an edit that found nothing to do returns.
var errUnchanged = errors.New("unchanged")

// clone copies a config deeply enough to edit its rules.
func clone(c scoring.Config) scoring.Config {
	c.Fit = slices.Clone(c.Fit)
	c.Pain = slices.Clone(c.Pain)
	return c
}

// change edits the selected rule, found by its factor when the edit's
// turn comes.
func (m *Model) change(fn func(r *scoring.Rule)) tea.Cmd {
	r, ok := m.selected()
	if !ok {
		return nil
	}
	return m.editRules(func(cfg *scoring.Config) error {
		li, k, ok := find(cfg, r.Factor)
		if !ok {
			return fmt.Errorf("%s is no longer in the model", r.Factor)
		}
		fn(&(*lists(cfg)[li])[k])
		return nil
	})
}

// addRule adds a rule for factor with pts points, or sets its points if
// the model has it by the time the edit's turn comes.
func (m *Model) addRule(factor string, pts float64) tea.Cmd {
	if _, err := scoring.ParseFactor(factor); err != nil {
		m.message = err.Error()
		return nil
	}
	m.follow = factor
	return m.editRules(func(cfg *scoring.Config) error {
		if li, k, ok := find(cfg, factor); ok {
			(*lists(cfg)[li])[k].Points = pts
			return nil
		}
		cfg.AddRule(factor, pts)
		return nil
	})
}

// removeFactor drops the factor's rule, if the model still has it.
func (m *Model) removeFactor(factor string) tea.Cmd {
	return m.editRules(func(cfg *scoring.Config) error {
		del := func(r scoring.Rule) bool { return r.Factor == factor }
		n := len(cfg.Fit) + len(cfg.Pain)
		cfg.Fit = slices.DeleteFunc(cfg.Fit, del)
		cfg.Pain = slices.DeleteFunc(cfg.Pain, del)
		if len(cfg.Fit)+len(cfg.Pain) == n {
			return errUnchanged
		}
		return nil
	})
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
