package scoring

import (
	"context"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/leadlab/leadlab/analysis"
	"github.com/leadlab/leadlab/analysis/scoring"
	"github.com/leadlab/leadlab/export"
	"github.com/leadlab/leadlab/internal/atomicfile"
	"github.com/leadlab/leadlab/queries"
	"github.com/leadlab/leadlab/tui/common"
	"github.com/leadlab/leadlab/tui/pathpick"
	"github.com/leadlab/leadlab/tui/session"
)

type keyMap struct {
	Up, Down, Switch, Plus, Minus, Points, Cap, Decay, Add, Remove, Undo, Redo, Save, Suggest, Open, Export, Scale, Apply, Cancel key.Binding
}

func defaultKeys() keyMap {
	return keyMap{
		Up:      key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/↓", "select")),
		Down:    key.NewBinding(key.WithKeys("down", "j")),
		Switch:  key.NewBinding(key.WithKeys("left", "right", "h", "l"), key.WithHelp("←/→", "fit ↔ pain")),
		Plus:    key.NewBinding(key.WithKeys("+", "="), key.WithHelp("+/-", "nudge points")),
		Minus:   key.NewBinding(key.WithKeys("-")),
		Points:  key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "type points")),
		Cap:     key.NewBinding(key.WithKeys("c"), key.WithHelp("c", "cap")),
		Decay:   key.NewBinding(key.WithKeys("d"), key.WithHelp("d", "half life")),
		Add:     key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "add rule")),
		Remove:  key.NewBinding(key.WithKeys("x", "delete"), key.WithHelp("x", "remove")),
		Undo:    key.NewBinding(key.WithKeys("u"), key.WithHelp("u", "undo")),
		Redo:    key.NewBinding(key.WithKeys("ctrl+r"), key.WithHelp("ctrl+r", "redo")),
		Save:    key.NewBinding(key.WithKeys("ctrl+s"), key.WithHelp("ctrl+s", "save")),
		Suggest: key.NewBinding(key.WithKeys("S"), key.WithHelp("S", "suggest (tune)")),
		Open:    key.NewBinding(key.WithKeys("o"), key.WithHelp("o", "open a config")),
		Export:  key.NewBinding(key.WithKeys("e"), key.WithHelp("e", "export (yaml, json, sql)")),
		Scale:   key.NewBinding(key.WithKeys("v"), key.WithHelp("v", "histogram scale")),
		Apply:   key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "apply")),
		Cancel:  key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")),
	}
}

// openTyped opens the config typed in the picker.
var openTyped = key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "open"))

// syncKeys enables only the bindings that apply to the selected rule, so
// the help line never offers what cannot be done.
func (m *Model) syncKeys() {
	r, ok := m.selected()
	f, _ := scoring.ParseFactor(r.Factor)
	counts := ok && f.Kind == scoring.EventCount
	for _, b := range []*key.Binding{&m.keys.Plus, &m.keys.Minus, &m.keys.Points, &m.keys.Remove} {
		b.SetEnabled(ok)
	}
	m.keys.Cap.SetEnabled(counts)
	m.keys.Decay.SetEnabled(counts)
	// A step still being re-scored can be undone once it lands.
	m.keys.Undo.SetEnabled(m.c.Session.CanUndo() || m.edit.Running())
	m.keys.Redo.SetEnabled(m.c.Session.CanRedo())
}

// ShortHelp implements common.Pane.
func (m *Model) ShortHelp() []key.Binding {
	if m.editing == openPath {
		return append([]key.Binding{openTyped}, append(pathpick.Help(), m.keys.Cancel)...)
	}
	if m.editing == newFactor && len(m.factors.Names) > 0 {
		return []key.Binding{m.keys.Apply, completeNext, completePrev, m.keys.Cancel}
	}
	if m.editing != none || m.pending != nil {
		return []key.Binding{m.keys.Apply, m.keys.Cancel}
	}
	if m.sess == nil {
		return nil
	}
	m.syncKeys()
	return []key.Binding{m.keys.Up, m.keys.Switch, m.keys.Plus, m.keys.Points, m.keys.Add, m.keys.Remove, m.keys.Undo, m.keys.Suggest, m.keys.Save}
}

// FullHelp implements common.Pane.
func (m *Model) FullHelp() [][]key.Binding {
	if m.editing != none || m.pending != nil || m.sess == nil {
		return [][]key.Binding{m.ShortHelp()}
	}
	m.syncKeys()
	k := m.keys
	return [][]key.Binding{{k.Up, k.Switch, k.Plus, k.Points}, {k.Cap, k.Decay, k.Add, k.Remove}, {k.Undo, k.Redo, k.Suggest}, {k.Export, k.Open, k.Scale}}
}

func (m *Model) startInput(f field, prompt, value string) tea.Cmd {
	m.editing = f
	m.input.Prompt = prompt
	m.input.SetValue(value)
	m.input.CursorEnd()
	return m.input.Focus()
}

func (m *Model) key(msg tea.KeyPressMsg) tea.Cmd {
	if m.editing != none {
		return m.inputKey(msg)
	}
	if m.pending != nil {
		p := m.pending
		switch {
		case key.Matches(msg, m.keys.Apply):
			m.pending = nil
			return m.editRules(func(cfg *scoring.Config) error {
				*cfg = p.cfg
				return nil
			})
		case key.Matches(msg, m.keys.Cancel):
			m.pending = nil
		}
		return nil
	}
	if m.sess == nil {
		return nil
	}
	m.syncKeys()
	k := m.keys
	n := len(m.rules())
	switch {
	case key.Matches(msg, k.Up):
		m.cursor[m.list] = max(m.cursor[m.list]-1, 0)
	case key.Matches(msg, k.Down):
		m.cursor[m.list] = max(min(m.cursor[m.list]+1, n-1), 0)
	case key.Matches(msg, k.Switch):
		m.list = 1 - m.list
	case key.Matches(msg, k.Plus):
		return m.change(func(r *scoring.Rule) { r.Points++ })
	case key.Matches(msg, k.Minus):
		return m.change(func(r *scoring.Rule) { r.Points-- })
	case key.Matches(msg, k.Points):
		r, _ := m.selected()
		return m.startInput(points, "points for "+r.Factor+": ", strconv.FormatFloat(r.Points, 'g', -1, 64))
	case key.Matches(msg, k.Cap):
		r, _ := m.selected()
		v := ""
		if r.Cap != nil {
			v = strconv.Itoa(*r.Cap)
		}
		return m.startInput(capField, "count at most (empty: every occurrence): ", v)
	case key.Matches(msg, k.Decay):
		r, _ := m.selected()
		v := ""
		if r.HalfLifeDays != nil {
			v = strconv.FormatFloat(*r.HalfLifeDays, 'g', -1, 64)
		}
		return m.startInput(decayField, "half life in days (empty: no decay): ", v)
	case key.Matches(msg, k.Add):
		m.completing = nil
		cmd := m.startInput(newFactor, "factor and points, e.g. event:demo_request 12 (tab completes the factor): ", "")
		if m.factors.Names == nil {
			// The names come from the Actions table: have it computed.
			return tea.Batch(cmd, func() tea.Msg { return common.StartScreen{Title: "Actions"} })
		}
		return cmd
	case key.Matches(msg, k.Remove):
		r, _ := m.selected()
		cmd := m.removeFactor(r.Factor)
		m.cursor[m.list] = max(min(m.cursor[m.list], n-2), 0)
		return cmd
	case key.Matches(msg, k.Undo):
		m.message = ""
		return m.run("re-scoring…", m.c.Session.Undo())
	case key.Matches(msg, k.Redo):
		m.message = ""
		return m.run("re-scoring…", m.c.Session.Redo())
	case key.Matches(msg, k.Suggest):
		return m.suggest()
	case key.Matches(msg, k.Open):
		// The picker starts in the folder of the config on view, where
		// its siblings are.
		m.editing = openPath
		m.picker.SetWidth(m.width)
		from := ""
		if m.sess.Path != "" {
			from = filepath.Dir(m.sess.Path) + "/"
		}
		return m.picker.Start(from)
	case key.Matches(msg, k.Export):
		return m.startInput(exportPath, "export to (.yaml .json .duckdb.sql .pg.sql): ", "model.pg.sql")
	case key.Matches(msg, k.Save):
		return m.Save()
	case key.Matches(msg, k.Scale):
		m.scale = m.scale.next()
	}
	return nil
}

func (m *Model) inputKey(msg tea.KeyPressMsg) tea.Cmd {
	if m.editing == newFactor {
		switch {
		case key.Matches(msg, completeNext):
			m.completeFactor(1)
			return nil
		case key.Matches(msg, completePrev):
			m.completeFactor(-1)
			return nil
		}
		m.completing = nil
	}
	if m.editing == openPath && !key.Matches(msg, m.keys.Cancel) && !key.Matches(msg, m.keys.Apply) {
		return m.picker.Key(msg)
	}
	switch {
	case key.Matches(msg, m.keys.Cancel):
		m.editing = none
		m.input.Blur()
		return nil
	case key.Matches(msg, m.keys.Apply):
		f, v := m.editing, strings.TrimSpace(m.input.Value())
		if f == openPath {
			v = m.picker.Value()
		}
		m.editing = none
		m.input.Blur()
		return m.submit(f, v)
	}
	var cmd tea.Cmd
	m.input, cmd = m.input.Update(msg)
	return cmd
}

func (m *Model) submit(f field, v string) tea.Cmd {
	switch f {
	case points:
		p, err := strconv.ParseFloat(v, 64)
		if err != nil {
			m.message = fmt.Sprintf("%q is not a number of points", v)
			return nil
		}
		return m.change(func(r *scoring.Rule) { r.Points = p })
	case capField:
		c, err := parseOptional(v)
		if err != nil || (c != nil && (*c != float64(int(*c)) || *c < 1)) {
			m.message = fmt.Sprintf("a cap is a whole number of occurrences, 1 or more, or empty for none; got %q", v)
			return nil
		}
		return m.change(func(r *scoring.Rule) {
			r.Cap = nil
			if c != nil {
				n := int(*c)
				r.Cap = &n
			}
		})
	case decayField:
		h, err := parseOptional(v)
		if err != nil {
			m.message = err.Error()
			return nil
		}
		return m.change(func(r *scoring.Rule) { r.HalfLifeDays = h })
	case newFactor:
		i := strings.LastIndex(v, " ")
		if i < 0 {
			m.message = "give the factor and its points, e.g. event:demo_request 12"
			return nil
		}
		p, err := strconv.ParseFloat(strings.TrimSpace(v[i+1:]), 64)
		if err != nil {
			m.message = fmt.Sprintf("%q is not a number of points", v[i+1:])
			return nil
		}
		return m.addRule(strings.TrimSpace(v[:i]), p)
	case savePath:
		return m.saveTo(v)
	case exportPath:
		return m.export(v)
	case openPath:
		if v == "" || v == "." || strings.HasSuffix(v, "/") {
			m.message = "a config is a file: type its name (tab completes it) and press enter"
			return nil
		}
		// Opening replaces the model: the workbench asks first when it
		// has unsaved changes, then hands back openAgreed.
		return common.Ask(common.ReplaceModel{What: "opens " + filepath.Base(v), Then: openAgreed(v)})
	}
	return nil
}

// saveTo writes the config atomically (a temporary file beside it, then a
// rename) off the UI loop, with its figures measured now: after edits,
// the figures tune recorded no longer describe it. It saves the model as
// every change asked for before it leaves it.
func (m *Model) saveTo(path string) tea.Cmd {
	if path == "" {
		m.message = "no file name given"
		return nil
	}
	version := m.c.Version
	set := m.c.Session.Set(func(ctx context.Context, ws *queries.Workspace, s *session.Session) (*session.Session, error) {
		body, err := exportBody(ctx, ws, s, ".yaml", version)
		if err == nil {
			err = atomicfile.WriteBytes(path, body)
		}
		if err != nil {
			return nil, fmt.Errorf("not saved: %w", err)
		}
		n := *s
		n.Path, n.Source, n.Dirty = path, path, false
		return &n, nil
	})
	return m.runEdit("saving…", func(ctx context.Context, ws *queries.Workspace) (edited, error) {
		ch, err := set(ctx, ws)
		return edited{Changed: ch, saved: err == nil}, err
	})
}

// export writes the model by the file's name: the config as .yaml or
// .json with its figures measured now, or the scoring view as SQL for
// DuckDB (.duckdb.sql) or PostgreSQL (.pg.sql), over the canonical table
// names. The session keeps its own file. Like a save, it writes the model
// as every change asked for before it leaves it.
func (m *Model) export(path string) tea.Cmd {
	if path == "" {
		m.message = "no file name given"
		return nil
	}
	st, version := m.c.Session, m.c.Version
	return m.runEdit("exporting…", func(ctx context.Context, ws *queries.Workspace) (edited, error) {
		s := st.Latest()
		if s == nil {
			return edited{}, session.ErrNoSession
		}
		body, err := exportBody(ctx, ws, s, path, version)
		if err != nil {
			return edited{}, err
		}
		return edited{exported: path}, atomicfile.WriteBytes(path, body)
	})
}

// exportBody is the file export writes to path.
func exportBody(ctx context.Context, ws *queries.Workspace, sess *session.Session, path, version string) ([]byte, error) {
	cfg := sess.Config
	meta, err := analysis.Describe(ctx, ws, sess.Data, cfg, version, time.Now())
	if err != nil {
		return nil, err
	}
	cfg.Metadata = meta
	lower := strings.ToLower(path)
	switch {
	case strings.HasSuffix(lower, ".json"):
		return scoring.EncodeJSON(cfg)
	case strings.HasSuffix(lower, ".yaml"), strings.HasSuffix(lower, ".yml"):
		return scoring.EncodeYAML(cfg)
	case strings.HasSuffix(lower, ".sql"):
		d := queries.DuckDB
		switch {
		case strings.HasSuffix(lower, ".pg.sql"), strings.HasSuffix(lower, ".postgres.sql"):
			d = queries.Postgres
		case !strings.HasSuffix(lower, ".duckdb.sql"):
			return nil, fmt.Errorf("%s: name the engine: .duckdb.sql or .pg.sql", path)
		}
		lead, account, err := queries.ProfileColumns(ctx, ws)
		if err != nil {
			return nil, err
		}
		text, err := export.SQL(cfg, export.Options{Dialect: d, Lead: lead, Account: account,
			Header: []string{"leadlab scoring model, exported from the workbench by leadlab " + version + " at " + meta.CreatedAt,
				"Over the canonical table names; leadlab export --mapping maps them to production names."}})
		return []byte(text), err
	}
	return nil, fmt.Errorf("%s: export writes .yaml, .json, .duckdb.sql or .pg.sql", path)
}

// openAgreed is the config to open, once the workbench has made sure no
// unsaved change is lost by it.
type openAgreed string

// openConfig replaces the model with the config at path, read and checked
// against the data off the UI loop. The opened model starts a history of
// its own: undo never brings back the rules of the model before it under
// the new file's name.
func (m *Model) openConfig(path string) tea.Cmd {
	m.message = ""
	return m.run("opening "+path+"…", m.c.Session.Replace(func(ctx context.Context, _ *queries.Workspace, s *session.Session) (*session.Session, error) {
		cfg, err := scoring.LoadConfig(path)
		if err != nil {
			return nil, err
		}
		n, err := s.WithConfig(ctx, cfg)
		if err != nil {
			return nil, fmt.Errorf("config %s does not fit this data:\n%w", path, err)
		}
		n.Path, n.Source, n.Dirty, n.Tuned = path, path, false, cfg.Cutoff
		return n, nil
	}))
}

// Save implements common.Saver: the model goes to its file, or to one
// asked for the first time.
func (m *Model) Save() tea.Cmd {
	switch {
	case m.sess == nil:
		m.message = session.ErrNoSession.Error()
		return nil
	case m.editing != none || m.pending != nil:
		return nil // finish the edit or the suggestion first
	case m.sess.Path == "":
		return m.startInput(savePath, "save the config as: ", "model.yaml")
	}
	return m.saveTo(m.sess.Path)
}
