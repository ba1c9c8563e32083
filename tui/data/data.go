// Package data is the Data screen: what is loaded, the outcome rules in
// force in plain words, and the rows rejected and dates warned about.
package data

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/progress"
	"charm.land/bubbles/v2/spinner"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"

	"github.com/leadlab/leadlab/analysis"
	"github.com/leadlab/leadlab/queries"
	"github.com/leadlab/leadlab/queries/load"
	"github.com/leadlab/leadlab/tui/common"
	"github.com/leadlab/leadlab/tui/jobs"
	"github.com/leadlab/leadlab/tui/pathpick"
)

// Model is the Data screen.
type Model struct {
	c             *common.Common
	opt           queries.OutcomeOptions
	now           func() time.Time
	job           jobs.Latest[analysis.DataReport]
	report        *analysis.DataReport
	spin          spinner.Model
	width, height int
	keys          keyMap

	// Loading from inside the workbench: the picker, then the load's
	// progress; the outcome of the last load in words.
	loadJob  jobs.Latest[load.LoadResult]
	picker   pathpick.Model
	from     string // what the picker starts on: "" is the working folder
	wd       string // the working folder, named above the picker
	picking  bool
	loading  bool
	loadPath string
	loadStep loadProgress
	loadCh   chan loadProgress
	bar      progress.Model
	loadErr  string
	loaded   string
	// errOpen shows loadErr whole, in errBox, which scrolls.
	errOpen bool
	errBox  viewport.Model
}

type keyMap struct {
	Reload, Load, Close, Error key.Binding
}

// New returns the Data screen; it reads the report when started.
func New(c *common.Common, opt queries.OutcomeOptions, now func() time.Time) *Model {
	return &Model{c: c, opt: opt, now: now, job: jobs.Latest[analysis.DataReport]{Key: "data"}, loadJob: jobs.Latest[load.LoadResult]{Key: "load"},
		spin: spinner.New(spinner.WithSpinner(spinner.Dot)), picker: newPicker(), wd: workingDir(), bar: progress.New(progress.WithDefaultBlend()),
		keys: keyMap{
			Reload: key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "reload")),
			Load:   key.NewBinding(key.WithKeys("L"), key.WithHelp("L", "load a folder or manifest")),
			Close:  key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "close")),
			Error:  key.NewBinding(key.WithKeys("e"), key.WithHelp("e", "the whole error")),
		}}
}

// WithReport shows a report already read, as the golden tests do.
func (m *Model) WithReport(r analysis.DataReport) *Model {
	m.report = &r
	return m
}

// Title implements common.Pane.
func (m *Model) Title() string { return "Data" }

// Busy implements common.Pane.
func (m *Model) Busy() bool { return m.job.Running() || m.loadJob.Running() }

// Editing implements common.Editing: the picker and a running load take
// every key (esc closes or cancels).
func (m *Model) Editing() bool { return m.picking || m.loading }

// SetSize implements common.Pane.
func (m *Model) SetSize(w, h int) { m.width, m.height = w, h }

// ShortHelp implements common.Pane.
func (m *Model) ShortHelp() []key.Binding {
	switch {
	case m.loading:
		return []key.Binding{key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel the load"))}
	case m.picking:
		return append([]key.Binding{loadTyped}, append(pathpick.Help(), m.keys.Close)...)
	case m.errOpen:
		return []key.Binding{m.errBox.KeyMap.Up, m.errBox.KeyMap.PageDown, m.keys.Close}
	}
	m.keys.Error.SetEnabled(m.loadErr != "" && m.errCut())
	return []key.Binding{m.keys.Reload, m.keys.Load, m.keys.Error}
}

// FullHelp implements common.Pane.
func (m *Model) FullHelp() [][]key.Binding { return [][]key.Binding{m.ShortHelp()} }

// Init implements common.Pane.
func (m *Model) Init() tea.Cmd {
	if m.report != nil {
		return nil
	}
	return tea.Batch(m.load(), m.spin.Tick)
}

func (m *Model) load() tea.Cmd {
	opt, now := m.opt, m.now
	return m.job.Start(m.c.Jobs, func(ctx context.Context, ws *queries.Workspace) (analysis.DataReport, error) {
		return analysis.BuildDataReport(ctx, ws, opt, now())
	})
}

// Update implements common.Pane.
func (m *Model) Update(msg tea.Msg) tea.Cmd {
	if _, isKey := msg.(tea.KeyPressMsg); m.picking && !isKey {
		// The picker reads folders in commands of its own.
		if cmd := m.picker.Update(msg); cmd != nil {
			return cmd
		}
	}
	switch msg := msg.(type) {
	case common.Reloaded:
		m.loadErr = msg.LoadErr
	case loadAgreed:
		return m.startLoad(string(msg))
	case jobs.Result[load.LoadResult]:
		if m.loadJob.Accept(msg) {
			return m.loadDone(msg.Err, msg.Value)
		}
	case jobs.Result[analysis.DataReport]:
		if m.job.Accept(msg) {
			if msg.Err != nil {
				return m.c.Fail(m.Title(), msg.Err)
			}
			m.c.Recover(m.Title())
			r := msg.Value
			m.report = &r
		}
	case loadProgress:
		m.loadStep = msg
		return listen(m.loadCh)
	case spinner.TickMsg:
		return common.Spin(&m.spin, m.job.Running(), msg)
	case tea.KeyPressMsg:
		switch {
		case m.errOpen:
			return m.errKey(msg)
		case m.loading:
			if msg.String() == "esc" {
				m.loadJob.Cancel(m.c.Jobs)
			}
			return nil
		case m.picking:
			if key.Matches(msg, m.keys.Close) {
				m.picking, m.loadErr = false, ""
				return nil
			}
			if cmd, done := m.pickKey(msg); done {
				return cmd
			}
			m.loadErr = ""
			return m.picker.Key(msg)
		case key.Matches(msg, m.keys.Load):
			m.picking, m.loadErr, m.loaded = true, "", ""
			m.picker.SetWidth(m.width)
			return m.picker.Start(m.from)
		case key.Matches(msg, m.keys.Reload):
			return tea.Batch(m.load(), m.spin.Tick)
		case key.Matches(msg, m.keys.Error) && m.loadErr != "":
			m.openErr()
		case msg.String() == "esc":
			m.job.Cancel(m.c.Jobs)
		}
	}
	return nil
}

// View implements common.Pane.
func (m *Model) View() string {
	s := m.c.Styles
	if m.picking || m.loading {
		return m.loadView()
	}
	if m.errOpen {
		return m.errBoxView()
	}
	switch {
	case m.c.Failure(m.Title()) != nil:
		return s.Bad.Render("Could not read the workspace: " + common.ErrText(m.c.Failure(m.Title())))
	case m.report == nil:
		return m.spin.View() + " reading the workspace…"
	}
	head := m.tablesView() + "\n"
	if m.loadErr != "" {
		head = m.loadErrView() + "\n\n" + head
	}
	problems := m.problemsView()
	// The exposure rule is wrapped in full when the screen has room, and
	// cut to one line, and the blank line after it dropped, when the
	// whole rule would push the rejects and warnings off it.
	outcome := m.outcomeView(true) + "\n"
	if lines(head)+lines(outcome)+lines(problems) > m.height {
		outcome = m.outcomeView(false)
	}
	return strings.TrimRight(head+outcome+problems, "\n")
}

func lines(s string) int { return strings.Count(s, "\n") }

func (m *Model) tablesView() string {
	s := m.c.Styles
	var b strings.Builder
	b.WriteString(s.Heading.Render("Tables") + "\n")
	fmt.Fprintf(&b, "  %-10s %12s %9s  %-10s  %-10s  %s\n", "table", "rows", "rejected", "from", "to", "source")
	for _, t := range queries.Tables {
		st := m.report.Tables[t.Name]
		from, to := "—", "—"
		if st.From != nil {
			from, to = st.From.Format("2006-01-02"), st.To.Format("2006-01-02")
		}
		src := s.Muted.Render("not loaded")
		if st.Loaded {
			src = analysis.FileNames(st)
		}
		fmt.Fprintf(&b, "  %-10s %12s %9s  %-10s  %-10s  %s\n", t.Name, analysis.Count(st.Rows), analysis.Count(st.Rejected), from, to, src)
	}
	return b.String()
}

// outcomeView states the outcome rules in force; whole, the exposure
// rule is wrapped to the width, else cut to one line.
func (m *Model) outcomeView(whole bool) string {
	s := m.c.Styles
	o := m.report.Outcome
	var b strings.Builder
	b.WriteString(s.Heading.Render("How outcomes are counted") + "\n")
	window := "no window: a win at any time counts"
	switch {
	case o.Basis == "converted":
		window = "the leads' converted column says who won (no deals table, so no close dates and no window)"
	case o.Basis == "none":
		window = "no deals table and no converted column: no lead can be won"
	case o.WindowDays > 0:
		window = fmt.Sprintf("a lead is won if its new deal closes within %d days of its first touch", o.WindowDays)
	}
	fmt.Fprintf(&b, "  Window    %s\n            %s\n", window, s.Muted.Render("("+o.WindowSource+")"))
	asOf := "none"
	if o.AsOf != nil {
		asOf = o.AsOf.Format("2006-01-02 15:04")
	}
	fmt.Fprintf(&b, "  As of     %s %s\n", asOf, s.Muted.Render("("+o.AsOfSource+")"))
	fmt.Fprintf(&b, "  Leads     %s   won %s   not won %s   maturing %s\n",
		s.Number.Render(analysis.Count(o.Leads)), s.Number.Render(analysis.Count(o.Won)),
		s.Number.Render(analysis.Count(o.NotWon)), s.Number.Render(analysis.Count(o.Maturing)))
	if o.CloseRate != nil {
		fmt.Fprintf(&b, "  Close rate %s %s\n", s.Number.Render(fmt.Sprintf("%.2f%%", 100**o.CloseRate)),
			s.Muted.Render("won / (won + not won); leads whose window is still open are left out"))
	}
	rule := strings.Split(common.Wrap(o.ExposureRule, max(m.width-12, 20)), "\n")
	switch {
	case o.ExposureRule == "":
		rule = nil
	case !whole:
		rule = []string{common.Truncate(o.ExposureRule, max(m.width-12, 20))}
	}
	for i, l := range rule {
		label := "            "
		if i == 0 {
			label = "  Events    "
		}
		b.WriteString(label + l + "\n")
	}
	for _, n := range o.Notes {
		b.WriteString("  " + s.Warn.Render("note: "+n) + "\n")
	}
	return b.String()
}

func (m *Model) problemsView() string {
	s := m.c.Styles
	var b strings.Builder
	if m.report.Rejected > 0 {
		b.WriteString(s.Bad.Render(fmt.Sprintf("%s rows rejected", analysis.Count(m.report.Rejected))) + "\n")
		for i, r := range m.report.Rejects {
			if i == 5 {
				break
			}
			fmt.Fprintf(&b, "  %s line %d, %s: %s\n", filepath.Base(r.File), r.Line, r.Column, r.Reason)
		}
	}
	for _, w := range m.report.Warnings {
		b.WriteString(s.Warn.Render(fmt.Sprintf("  %s  %s", analysis.Count(w.Count), w.Message)) + "\n")
	}
	return b.String()
}
