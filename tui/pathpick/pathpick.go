// Package pathpick is the workbench's file picker: a path typed with tab
// completion, as in a shell, over the listing of the folder it names.
// Loading data (L on the Data screen) and opening a config (o on the
// Scoring screen) both use it: a folder two levels down is a few letters
// and two tabs away rather than a walk through every folder on the way.
package pathpick

import (
	"os"
	"path/filepath"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/leadlab/leadlab/tui/theme"
)

// Model is a path being typed, with the entries of its folder that
// match what is typed of its last part.
type Model struct {
	input textinput.Model
	// offer says which files are listed and completed; folders always
	// are, since the path may go through them.
	offer func(name string) bool

	listedDir string  // the folder whose entries are held, as typed ("" is the working folder)
	entries   []entry // that folder's entries, folders first, by name
	listErr   error
	seq       uint64 // drops a listing that a newer one replaced
	inFlight  bool   // the listing of listedDir is being read
	// pending is a tab pressed before the listing it completes from
	// arrived (typing fast): it completes once the listing is in.
	pending int

	// cycle is the matches tab steps through once completing can add
	// nothing more, and at is the one in the field; -1 when not cycling.
	cycle    []entry
	at       int
	cycleDir string // the folder the matches are in, as typed
}

type entry struct {
	name string
	dir  bool
}

// listed is a folder's listing, read off the UI loop.
type listed struct {
	seq     uint64
	dir     string
	entries []entry
	err     error
}

// Bindings, for the screen's help.
var (
	Complete = key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "complete"))
	Prev     = key.NewBinding(key.WithKeys("shift+tab", "up"), key.WithHelp("shift+tab/↑", "previous match"))
	Next     = key.NewBinding(key.WithKeys("down"), key.WithHelp("↓", "next match"))
	Up       = key.NewBinding(key.WithKeys("ctrl+w", "alt+backspace"), key.WithHelp("ctrl+w", "up a folder"))
)

// New returns a picker whose prompt says what the path is for; offer
// says which files to list (nil: every file).
func New(prompt string, offer func(name string) bool) Model {
	in := textinput.New()
	in.Prompt = prompt
	in.CharLimit = 1000
	in.Placeholder = "a path; tab completes; empty is the working folder"
	if offer == nil {
		offer = func(string) bool { return true }
	}
	return Model{input: in, offer: offer, at: -1}
}

// Start opens the picker on value, the cursor at its end, and lists its
// folder.
func (m *Model) Start(value string) tea.Cmd {
	m.input.SetValue(value)
	m.input.CursorEnd()
	m.cycle, m.at = nil, -1
	return tea.Batch(m.input.Focus(), m.list())
}

// SetWidth sets how wide the field is drawn.
func (m *Model) SetWidth(w int) { m.input.SetWidth(max(w-len(m.input.Prompt)-1, 10)) }

// Value is the path typed, with ~ for the home folder expanded; the
// working folder when nothing is typed.
func (m *Model) Value() string {
	v := strings.TrimSpace(m.input.Value())
	if v == "" {
		return "."
	}
	return expand(v)
}

// expand turns a leading ~/ into the home folder.
func expand(p string) string {
	if rest, ok := strings.CutPrefix(p, "~/"); ok {
		if home, err := os.UserHomeDir(); err == nil {
			return filepath.Join(home, rest)
		}
	}
	return p
}

// split cuts the typed value after its last slash: the folder as typed
// ("" for the working folder) and the start of a name in it.
func split(v string) (dir, base string) {
	i := strings.LastIndex(v, "/")
	return v[:i+1], v[i+1:]
}

// list reads the typed folder's entries in a command, unless they are
// held already.
func (m *Model) list() tea.Cmd {
	dir, _ := split(m.input.Value())
	if dir == m.listedDir && (m.entries != nil || m.listErr != nil || m.inFlight) {
		return nil
	}
	m.seq++
	m.listedDir, m.entries, m.listErr, m.inFlight = dir, nil, nil, true
	seq, offer := m.seq, m.offer
	return func() tea.Msg {
		path := expand(dir)
		if path == "" {
			path = "."
		}
		des, err := os.ReadDir(path)
		var out []entry
		for _, de := range des {
			name := de.Name()
			isDir := de.IsDir()
			if de.Type()&os.ModeSymlink != 0 {
				if info, err := os.Stat(filepath.Join(path, name)); err == nil {
					isDir = info.IsDir()
				}
			}
			if strings.HasPrefix(name, ".") || !isDir && !offer(name) {
				continue
			}
			out = append(out, entry{name, isDir})
		}
		slices.SortFunc(out, func(a, b entry) int {
			if a.dir != b.dir {
				if a.dir {
					return -1
				}
				return 1
			}
			return strings.Compare(a.name, b.name)
		})
		return listed{seq, dir, out, err}
	}
}

// matches are the entries of the listed folder whose names start with
// what is typed of the last part, in any case.
func (m *Model) matches() []entry {
	dir, base := split(m.input.Value())
	if dir != m.listedDir {
		return nil
	}
	var out []entry
	for _, e := range m.entries {
		if strings.HasPrefix(strings.ToLower(e.name), strings.ToLower(base)) {
			out = append(out, e)
		}
	}
	return out
}

// Update takes the listings and the field's own messages.
func (m *Model) Update(msg tea.Msg) tea.Cmd {
	if l, ok := msg.(listed); ok {
		if l.seq != m.seq {
			return nil
		}
		m.entries, m.listErr, m.inFlight = l.entries, l.err, false
		if m.entries == nil {
			m.entries = []entry{}
		}
		if step := m.pending; step != 0 {
			m.pending = 0
			return m.complete(step)
		}
		return nil
	}
	var cmd tea.Cmd
	m.input, cmd = m.input.Update(msg)
	return cmd
}

// Key edits the path: tab completes it, ↑/↓ and shift+tab step through
// the matches, ctrl+w goes up a folder; anything else is typed.
func (m *Model) Key(msg tea.KeyPressMsg) tea.Cmd {
	switch {
	case key.Matches(msg, Complete):
		return m.complete(1)
	case key.Matches(msg, Prev):
		return m.complete(-1)
	case key.Matches(msg, Next):
		return m.complete(1)
	case key.Matches(msg, Up):
		m.cycle, m.at = nil, -1
		dir, base := split(m.input.Value())
		if base == "" && dir != "" {
			// At a folder's end, the folder itself goes.
			dir, _ = split(strings.TrimSuffix(dir, "/"))
		}
		m.set(dir)
		return m.list()
	}
	m.cycle, m.at, m.pending = nil, -1, 0
	var cmd tea.Cmd
	m.input, cmd = m.input.Update(msg)
	return tea.Batch(cmd, m.list())
}

func (m *Model) set(v string) {
	m.input.SetValue(v)
	m.input.CursorEnd()
}

// complete extends the typed name as far as every match agrees; when
// that adds nothing, it steps through the matches (step 1 forwards, -1
// back). A single match that is a folder gets its slash, and its
// entries are listed next.
func (m *Model) complete(step int) tea.Cmd {
	dir, base := split(m.input.Value())
	if m.cycle == nil && dir == m.listedDir && m.inFlight {
		m.pending = step
		return nil
	}
	if m.cycle == nil {
		ms := m.matches()
		switch len(ms) {
		case 0:
			return nil
		case 1:
			m.set(dir + name(ms[0]))
			return m.list()
		}
		if p := commonPrefix(ms); len(p) > len(base) && step > 0 {
			m.set(dir + p)
			return nil
		}
		m.cycle, m.at, m.cycleDir = ms, -1, dir
	}
	n := len(m.cycle)
	switch {
	case m.at >= 0:
		m.at = ((m.at+step)%n + n) % n
	case step > 0:
		m.at = 0
	default:
		m.at = n - 1
	}
	m.set(m.cycleDir + name(m.cycle[m.at]))
	return nil
}

// name is an entry as completed: a folder ends in a slash.
func name(e entry) string {
	if e.dir {
		return e.name + "/"
	}
	return e.name
}

// commonPrefix is the longest start every match's name shares.
func commonPrefix(es []entry) string {
	p := es[0].name
	for _, e := range es[1:] {
		for !strings.HasPrefix(e.name, p) {
			p = p[:len(p)-1]
		}
	}
	return p
}

// View is the field, then up to rows of the folder's matching entries
// (folders with a slash), the one tab put in the field marked.
func (m *Model) View(s theme.Styles, rows int) string {
	lines := []string{m.input.View()}
	switch {
	case m.listErr != nil:
		lines = append(lines, s.Warn.Render("  "+m.listErr.Error()))
	default:
		ms := m.matches()
		if m.cycle != nil {
			ms = m.cycle
		}
		dir, _ := split(m.input.Value())
		if m.cycle != nil {
			dir = m.cycleDir
		}
		if len(ms) == 0 && m.entries != nil {
			where := dir
			if where == "" {
				where = "the working folder"
			}
			lines = append(lines, s.Muted.Render("  nothing here matches in "+where))
		}
		first := 0
		if m.at >= rows-1 {
			first = m.at - rows + 2
		}
		for i := first; i < len(ms) && len(lines) < rows; i++ {
			line := "  " + name(ms[i])
			if i == m.at {
				line = s.Selected.Render(line)
			} else if ms[i].dir {
				line = s.Heading.Render(line)
			}
			lines = append(lines, line)
		}
		if rest := len(ms) - first - (len(lines) - 1); rest > 0 && len(lines) == rows {
			lines[len(lines)-1] = s.Muted.Render("  … and more: type to narrow")
		}
	}
	return strings.Join(lines, "\n")
}

// Help is the picker's own bindings.
func Help() []key.Binding { return []key.Binding{Complete, Next, Up} }
