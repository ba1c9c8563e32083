package tui

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"

	"github.com/leadlab/leadlab/tui/common"
	"github.com/leadlab/leadlab/tui/keys"
	"github.com/leadlab/leadlab/tui/theme"
)

// Model is the root of the workbench: the tab bar, the pane on screen, the
// status line and the help. Keys go to the pane on screen after the
// global ones; every other message goes to every pane, so a result that
// arrives for a pane off screen is not lost.
type Model struct {
	c         *common.Common
	panes     []common.Pane
	active    int
	workspace string
	keys      keys.Global
	help      help.Model
	width     int
	height    int
	// confirmQuit is set when q was pressed with unsaved changes: a second
	// q quits, any other key stays.
	confirmQuit bool
	// confirm is an action that would replace the scoring model while it
	// has unsaved changes (a load, a config opened), waiting for y; kept
	// says, until the next key, that the answer kept the changes.
	confirm *common.ReplaceModel
	kept    bool
	// started marks the screens whose Init has run. A screen starts its
	// queries when first shown (or at once if it is Eager), so on a big
	// workspace the screen on view is not queued behind the others.
	started []bool
	// rebuild makes the screens afresh after new data is loaded.
	rebuild func() []common.Pane
	note    string // what the last load brought (or a note at start), for the status line
	// scroll is the first line of the body on view when the screen (or
	// the full help) is taller than the window; J and K move it.
	scroll               int
	scrollDown, scrollUp key.Binding
	// theme is the --theme choice, and look the palette in use: the
	// background and colour profile the terminal reports restyle the
	// workbench as they arrive.
	theme theme.Mode
	look  theme.Options
	// csv asks where to write the table on view (w); flash says what the
	// last copy or write did, until the next key.
	csv   *csvPrompt
	flash string
	// trace is the file the SQL trace goes to (LEADLAB_TRACE), named on
	// the status line.
	trace string
	// failed is the last failure a screen reported (common.Error), on the
	// status line until the next key.
	failed *common.Error
}

// WithTheme sets the --theme choice: Auto asks the terminal for its
// background colour and follows it.
func (m *Model) WithTheme(mode theme.Mode) *Model {
	m.theme = mode
	m.look.Light = mode == theme.Light
	m.restyle()
	return m
}

// restyle puts the palette of m.look into the shared styles.
func (m *Model) restyle() {
	m.c.Styles = theme.New(m.look)
	m.help.Styles = m.c.Styles.Help
}

// WithRebuild sets how the screens are made afresh when new data is
// loaded from inside the workbench.
func (m *Model) WithRebuild(f func() []common.Pane) *Model {
	m.rebuild = f
	return m
}

// WithNote starts the status line with a note, such as a remembered
// config that could not be found.
func (m *Model) WithNote(note string) *Model {
	m.note = note
	return m
}

// WithTrace names the file the SQL trace goes to while the workbench
// runs (LEADLAB_TRACE), for the status line; "" when there is none.
func (m *Model) WithTrace(path string) *Model {
	m.trace = path
	return m
}

// NewModel builds the workbench over panes, in tab order.
func NewModel(c *common.Common, workspace string, panes ...common.Pane) *Model {
	h := help.New()
	h.Styles = c.Styles.Help
	down, up := scrollKeys()
	return &Model{c: c, panes: panes, workspace: workspace, keys: keys.DefaultGlobal(), help: h, scrollDown: down, scrollUp: up}
}

// Run starts the program in the alternate screen until the user quits or
// ctx ends. m is the workbench's Model, or a wrapper around it such as
// the probe leadlab bench times the first frame with.
func Run(ctx context.Context, m tea.Model) error {
	_, err := tea.NewProgram(m, tea.WithContext(ctx)).Run()
	return err
}

// Screen is the title of the screen on view.
func (m *Model) Screen() string { return m.Active().Title() }

// ShowScreen puts the screen with this title on view, if there is one;
// call it before the program starts.
func (m *Model) ShowScreen(title string) {
	for i, p := range m.panes {
		if p.Title() == title {
			m.active = i
		}
	}
}

// ConfigPath is the file of the scoring model on screen, for the
// workbench to reopen next time; "" when it was never saved.
func (m *Model) ConfigPath() string {
	for _, p := range m.panes {
		if c, ok := p.(common.ConfigFile); ok && c.ConfigPath() != "" {
			return c.ConfigPath()
		}
	}
	return ""
}

// Init implements tea.Model: the screen on view and the eager ones start.
func (m *Model) Init() tea.Cmd {
	m.started = make([]bool, len(m.panes))
	var cmds []tea.Cmd
	for i, p := range m.panes {
		if e, ok := p.(common.Eager); (ok && e.Eager()) || i == m.active {
			cmds = append(cmds, m.start(i))
		}
	}
	if m.theme == theme.Auto {
		cmds = append(cmds, tea.RequestBackgroundColor)
	}
	return tea.Batch(cmds...)
}

// start runs a screen's Init the first time it is needed.
func (m *Model) start(i int) tea.Cmd {
	if len(m.started) != len(m.panes) {
		m.started = make([]bool, len(m.panes))
	}
	if m.started[i] {
		return nil
	}
	m.started[i] = true
	return m.panes[i].Init()
}

// show puts screen i on view, starting it if it never ran.
func (m *Model) show(i int) tea.Cmd {
	m.active = i
	m.scroll = 0
	return m.start(i)
}

// Active is the pane on screen.
func (m *Model) Active() common.Pane { return m.panes[m.active] }

// Update implements tea.Model.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
		m.help.SetWidth(msg.Width)
		m.resize()
		m.scrollBy(0)
		return m, nil
	case tea.BackgroundColorMsg:
		if m.theme == theme.Auto {
			m.look.Light = !msg.IsDark()
			m.restyle()
		}
	case tea.ColorProfileMsg:
		// NO_COLOR (or no terminal colours at all): the palette that shows
		// selection and shaded ranges without colour.
		m.look.NoColor = msg.Profile == colorprofile.ASCII || msg.Profile == colorprofile.NoTTY
		m.restyle()
	case common.StartScreen:
		for i, p := range m.panes {
			if p.Title() == msg.Title {
				return m, m.start(i)
			}
		}
		return m, nil
	case common.ReplaceModel:
		if !m.dirty() {
			return m, deliver(msg.Then)
		}
		m.confirm = &msg
		return m, nil
	case common.Reloaded:
		// Every screen starts again on the new data, the same one on view.
		m.note = msg.Note
		if msg.Source != "" && m.inMemory() {
			// The workspace is the data loaded into it: name it.
			m.workspace = msg.Source + " (in memory)"
		}
		if m.rebuild == nil {
			return m, nil
		}
		m.panes = m.rebuild()
		m.active = min(m.active, len(m.panes)-1)
		m.started = nil
		m.resize()
		cmds := []tea.Cmd{m.Init()}
		if msg.LoadErr != "" { // for the new Data screen to show
			for _, p := range m.panes {
				cmds = append(cmds, p.Update(msg))
			}
		}
		return m, tea.Batch(cmds...)
	case tea.MouseMsg:
		return m, m.mouse(msg)
	case csvExists, csvWritten, csvFailed:
		m.csvDone(msg)
		return m, nil
	case common.Error:
		m.failed = &msg
		return m, nil
	case tea.KeyPressMsg:
		if m.tooSmall() && !m.confirmQuit && m.confirm == nil && msg.String() != "ctrl+c" && (!key.Matches(msg, m.keys.Quit) || m.editing()) {
			return m, nil // nothing on view to act on: only quitting works
		}
		m.kept, m.flash, m.failed = false, "", nil
		if m.csv != nil {
			if msg.String() == "ctrl+c" {
				return m, tea.Quit
			}
			return m, m.csvKey(msg)
		}
		if c := m.confirm; c != nil {
			m.confirm = nil
			switch msg.String() {
			case "y":
				return m, deliver(c.Then)
			case "ctrl+c":
				return m, tea.Quit
			}
			m.kept = true
			return m, nil
		}
		if m.confirmQuit {
			m.confirmQuit = false
			if key.Matches(msg, m.keys.Quit) {
				return m, tea.Quit
			}
			return m, nil
		}
		if !m.editing() {
			if cmd, ok := m.tableKey(msg); ok {
				return m, cmd
			}
			switch {
			case key.Matches(msg, m.scrollDown), m.help.ShowAll && msg.String() == "down":
				m.scrollBy(max(m.bodyHeight()/2, 1))
				return m, nil
			case key.Matches(msg, m.scrollUp), m.help.ShowAll && msg.String() == "up":
				m.scrollBy(-max(m.bodyHeight()/2, 1))
				return m, nil
			case key.Matches(msg, m.keys.Quit):
				if m.dirty() && msg.String() != "ctrl+c" {
					m.confirmQuit = true
					return m, nil
				}
				return m, tea.Quit
			case key.Matches(msg, m.keys.Help), m.help.ShowAll && msg.String() == "esc":
				m.showAllHelp(!m.help.ShowAll)
				return m, nil
			case key.Matches(msg, m.keys.Next):
				return m, m.show((m.active + 1) % len(m.panes))
			case key.Matches(msg, m.keys.Prev):
				return m, m.show((m.active + len(m.panes) - 1) % len(m.panes))
			case key.Matches(msg, m.keys.Save):
				for i, p := range m.panes {
					if sv, ok := p.(common.Saver); ok {
						return m, tea.Batch(m.show(i), sv.Save())
					}
				}
				return m, nil
			case key.Matches(msg, m.keys.Screens):
				if n := int(msg.String()[0] - '1'); n < len(m.panes) {
					return m, m.show(n)
				}
				return m, nil
			}
		} else if msg.String() == "ctrl+c" {
			return m, tea.Quit
		}
		cmd := m.Active().Update(msg)
		m.follow()
		return m, cmd
	}
	cmds := make([]tea.Cmd, len(m.panes), len(m.panes)+1)
	for i, p := range m.panes {
		cmds[i] = p.Update(msg)
	}
	if m.csv != nil {
		// The prompt's cursor blinks on messages of its own.
		var cmd tea.Cmd
		m.csv.input, cmd = m.csv.input.Update(msg)
		cmds = append(cmds, cmd)
	}
	return m, tea.Batch(cmds...)
}

// deliver is the command that hands msg to every screen.
func deliver(msg tea.Msg) tea.Cmd { return func() tea.Msg { return msg } }

// editing says the pane on view takes every key for a text field.
func (m *Model) editing() bool {
	ed, ok := m.Active().(common.Editing)
	return ok && ed.Editing()
}

// inMemory says the workspace lives in memory, so that it is named by the
// data last loaded into it rather than by a file.
func (m *Model) inMemory() bool {
	return m.c.Jobs != nil && m.c.Jobs.Workspace() != nil && m.c.Jobs.Workspace().Path == ""
}

// showAllHelp opens or closes the full help; while it is open, esc closes
// it too, and its line says so.
func (m *Model) showAllHelp(all bool) {
	m.help.ShowAll = all
	m.scroll = 0
	if all {
		m.keys.Help.SetHelp("?/esc", "close help")
	} else {
		m.keys.Help.SetHelp("?", "help")
	}
	m.resize()
}

// Layout: the tab bar and a blank line above the pane, the pane's prompt
// (if any), the status line and the help below it.
const (
	tabBarHeight = 2
	statusHeight = 1
	helpHeight   = 1 // the full help takes the body, not this line
)

// helpView is the help line, cut to the width; while the full help is
// open it takes the body (see fullHelp) and this line says how to close
// and scroll it. Bubbles' short help
// stops at the item that overflows only when its ellipsis still fits;
// when the items before it fill the line to within two cells, it adds
// every item that follows, and the line runs off the screen.
func (m *Model) helpView() string { return m.helpLine(m.overflows()) }

// helpLine is helpView when it is known whether the body is taller than
// the window (tall), which offers J/K.
func (m *Model) helpLine(tall bool) string {
	var lines []string
	if m.help.ShowAll {
		bs := []key.Binding{m.keys.Help}
		if tall {
			bs = append(bs, m.scrollDown)
		}
		lines = []string{m.help.ShortHelpView(append(bs, m.keys.Quit))}
	} else {
		lines = strings.Split(m.help.ShortHelpView(m.helpKeys(tall).ShortHelp()), "\n")
	}
	for i, l := range lines {
		if m.width > 0 && ansi.StringWidth(l) > m.width {
			lines[i] = ansi.Truncate(l, m.width-1, "") + "…"
		}
	}
	return strings.Join(lines, "\n")
}

func (m *Model) bodyHeight() int {
	return max(m.height-tabBarHeight-statusHeight-helpHeight-m.promptHeight(), 1)
}

func (m *Model) resize() {
	for _, p := range m.panes {
		p.SetSize(m.width, m.bodyHeight())
	}
}

// View implements tea.Model.
func (m *Model) View() tea.View {
	v := tea.NewView(m.render())
	v.AltScreen = true
	// Clicks and the wheel, but not every movement of the pointer. The
	// terminal no longer selects text on a plain drag; shift-drag (option
	// in iTerm2) still does, as in other mouse-aware TUIs.
	v.MouseMode = tea.MouseModeCellMotion
	return v
}

func (m *Model) render() string {
	if m.tooSmall() {
		return m.smallView()
	}
	// The pane renders once a frame: on a big workspace a view can cost
	// milliseconds.
	lines := m.content()
	parts := []string{m.tabBar(), "", m.body(lines)}
	if p := m.promptView(); p != "" {
		parts = append(parts, p)
	}
	return lipgloss.JoinVertical(lipgloss.Left, append(parts, m.status(), m.helpLine(len(lines) > m.bodyHeight()))...)
}

// tabBar names every screen; when the names do not fit, the screens off
// view are shortened to their number and first letters, so every tab
// stays on the bar.
func (m *Model) tabBar() string {
	bar, _ := m.tabs(m.tabShort())
	return ansi.Truncate(bar, max(m.width, 1), "…")
}

// tabShort is how short tabBar cuts the titles off view: whole (0) when
// they fit, else 4 runes, else 3, else 1.
func (m *Model) tabShort() int {
	for _, short := range []int{0, 4, 3} {
		if bar, _ := m.tabs(short); lipgloss.Width(bar) <= max(m.width, 1) {
			return short
		}
	}
	return 1
}

// tabs renders the bar, cutting the titles of screens off view to short
// runes (0: whole titles), and returns its parts: the app's name, then
// each tab, for clicks to be placed on.
func (m *Model) tabs(short int) (string, []string) {
	s := m.c.Styles
	parts := []string{s.Title.Render("leadlab")}
	for i, p := range m.panes {
		title := p.Title()
		if r := []rune(title); short > 0 && i != m.active && len(r) > short {
			title = string(r[:short])
		}
		label := fmt.Sprintf("%d %s", i+1, title)
		if p.Busy() {
			label += " …"
		}
		if i == m.active {
			parts = append(parts, s.ActiveTab.Render(label))
		} else {
			parts = append(parts, s.Tab.Render(label))
		}
	}
	return lipgloss.JoinHorizontal(lipgloss.Top, parts...), parts
}

// dirty says a pane holds unsaved changes.
func (m *Model) dirty() bool {
	for _, p := range m.panes {
		if d, ok := p.(common.Unsaved); ok && d.Dirty() {
			return true
		}
	}
	return false
}

func (m *Model) status() string {
	s := m.c.Styles
	if m.confirmQuit {
		return s.StatusError.Render(ansi.Truncate("The scoring model has unsaved changes: q again quits without saving, any other key stays (ctrl+s saves).", max(m.width, 1), "…"))
	}
	if m.csv != nil {
		return ansi.Truncate(m.csvStatus(), max(m.width, 1), "…")
	}
	if m.confirm != nil {
		return s.StatusError.Render(ansi.Truncate("The scoring model has unsaved changes: y "+m.confirm.What+" anyway and loses them, any other key keeps them.", max(m.width, 1), "…"))
	}
	line := m.workspace
	if m.kept {
		line = "kept the unsaved changes to the scoring model (ctrl+s saves them)  ·  " + line
	}
	if m.note != "" {
		line += "  ·  " + m.note
	}
	if m.trace != "" {
		line += "  ·  SQL trace in " + m.trace
	}
	if m.flash != "" {
		line = m.flash + "  ·  " + line
	}
	if st, ok := m.Active().(common.Statuser); ok && st.Status() != "" {
		line += "  ·  " + st.Status()
	}
	if m.failed != nil {
		// The failure comes first, so that a narrow window still shows
		// it, on the one line: DuckDB's messages run over several.
		failed := strings.Join(strings.Fields(m.failed.Error()), " ")
		return common.Truncate(s.StatusError.Render(failed)+s.Status.Render("  ·  "+line), max(m.width, 1))
	}
	return s.Status.Render(common.Truncate(line, max(m.width, 1)))
}

// helpKeys joins the pane's bindings and the global ones for the help.
// prompt, when set, is all there is: the CSV prompt takes every key.
// table are y, Y and w on a screen with rows to copy and write.
type helpKeys struct {
	pane   common.Pane
	global keys.Global
	prompt []key.Binding
	table  []key.Binding
	// scroll is J/K, offered while the screen is taller than the window.
	scroll *key.Binding
}

// editing says the pane takes every key for a text field, so the global
// bindings do not work and the help must not offer them.
func (h helpKeys) editing() bool {
	ed, ok := h.pane.(common.Editing)
	return ok && ed.Editing()
}

func (h helpKeys) ShortHelp() []key.Binding {
	switch {
	case h.prompt != nil:
		return h.prompt
	case h.editing():
		return h.pane.ShortHelp()
	}
	out := slices.Clone(h.pane.ShortHelp())
	if len(h.table) > 0 {
		// One item for the three, so that ? and q stay on the line.
		out = append(out, key.NewBinding(key.WithKeys("y", "w"), key.WithHelp("y/w", "copy/CSV")))
	}
	if h.scroll != nil {
		out = append(out, *h.scroll)
	}
	return append(out, h.global.Next, h.global.Help, h.global.Quit)
}

func (h helpKeys) FullHelp() [][]key.Binding {
	switch {
	case h.prompt != nil:
		return [][]key.Binding{h.prompt}
	case h.editing():
		return h.pane.FullHelp()
	}
	g := h.global
	// The mouse shares a column with the table's keys, so that the help
	// grows wider rather than taller.
	out := slices.Clone(h.pane.FullHelp())
	out = append(out, append(slices.Clone(h.table), g.Mouse, g.Select))
	global := []key.Binding{g.Screens, g.Next, g.Prev, g.Save, g.Cancel}
	if h.scroll != nil {
		global = append(global, *h.scroll)
	}
	return append(out, append(global, g.Help, g.Quit))
}

// helpKeys are the bindings for the help; scroll offers J/K, for a screen
// taller than the window.
func (m *Model) helpKeys(scroll bool) help.KeyMap {
	h := helpKeys{pane: m.Active(), global: m.keys}
	if scroll {
		h.scroll = &m.scrollDown
	}
	if m.csv != nil {
		h.prompt = m.csvHelp()
	}
	if d, ok := m.table(); ok {
		if d.Selected >= 0 {
			h.table = append(h.table, m.keys.Copy, m.keys.CopyRow)
		}
		h.table = append(h.table, m.keys.WriteCSV)
	}
	return h
}
