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
	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"

	"github.com/leadlab/leadlab/analysis"
	"github.com/leadlab/leadlab/queries"
	"github.com/leadlab/leadlab/tui/common"
	"github.com/leadlab/leadlab/tui/jobs"
)

// Model is the Data screen.
type Model struct {
	c             *common.Common
	opt           queries.OutcomeOptions
	now           func() time.Time
	job           jobs.Latest
	report        *analysis.DataReport
	err           error
	spin          spinner.Model
	width, height int
	keys          keyMap
}

type keyMap struct {
	Reload key.Binding
}

// New returns the Data screen; it reads the report when started.
func New(c *common.Common, opt queries.OutcomeOptions, now func() time.Time) *Model {
	return &Model{c: c, opt: opt, now: now, job: jobs.Latest{Key: "data"}, spin: spinner.New(spinner.WithSpinner(spinner.Dot)),
		keys: keyMap{Reload: key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "reload"))}}
}

// WithReport shows a report already read, as the golden tests do.
func (m *Model) WithReport(r analysis.DataReport) *Model {
	m.report = &r
	return m
}

// Title implements common.Pane.
func (m *Model) Title() string { return "Data" }

// Busy implements common.Pane.
func (m *Model) Busy() bool { return m.job.Running() }

// SetSize implements common.Pane.
func (m *Model) SetSize(w, h int) { m.width, m.height = w, h }

// ShortHelp implements common.Pane.
func (m *Model) ShortHelp() []key.Binding { return []key.Binding{m.keys.Reload} }

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
	return m.job.Start(m.c.Jobs, func(ctx context.Context, ws *queries.Workspace) (any, error) {
		return analysis.BuildDataReport(ctx, ws, opt, now())
	})
}

// Update implements common.Pane.
func (m *Model) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case jobs.Done:
		if m.job.Accept(msg) {
			m.err = msg.Err
			if msg.Err == nil {
				r := msg.Value.(analysis.DataReport)
				m.report = &r
			}
		}
	case spinner.TickMsg:
		if m.job.Running() {
			var cmd tea.Cmd
			m.spin, cmd = m.spin.Update(msg)
			return cmd
		}
	case tea.KeyPressMsg:
		switch {
		case key.Matches(msg, m.keys.Reload):
			return tea.Batch(m.load(), m.spin.Tick)
		case msg.String() == "esc":
			m.job.Cancel(m.c.Jobs)
		}
	}
	return nil
}

// View implements common.Pane.
func (m *Model) View() string {
	s := m.c.Styles
	switch {
	case m.err != nil:
		return s.Bad.Render("Could not read the workspace: " + m.err.Error())
	case m.report == nil:
		return m.spin.View() + " reading the workspace…"
	}
	var b strings.Builder
	b.WriteString(m.tablesView() + "\n")
	b.WriteString(m.outcomeView() + "\n")
	b.WriteString(m.problemsView())
	return strings.TrimRight(b.String(), "\n")
}

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
			src = filepath.Base(st.File)
		}
		fmt.Fprintf(&b, "  %-10s %12s %9s  %-10s  %-10s  %s\n", t.Name, analysis.Count(st.Rows), analysis.Count(st.Rejected), from, to, src)
	}
	return b.String()
}

func (m *Model) outcomeView() string {
	s := m.c.Styles
	o := m.report.Outcome
	var b strings.Builder
	b.WriteString(s.Heading.Render("How outcomes are counted") + "\n")
	window := "no window: a win at any time counts"
	if o.WindowDays > 0 {
		window = fmt.Sprintf("a lead is won if its new deal closes within %d days of its first touch", o.WindowDays)
	}
	fmt.Fprintf(&b, "  Window    %s\n            %s\n", window, s.Muted.Render("("+o.WindowSource+")"))
	fmt.Fprintf(&b, "  As of     %s %s\n", o.AsOf.Format("2006-01-02 15:04"), s.Muted.Render("("+o.AsOfSource+")"))
	fmt.Fprintf(&b, "  Leads     %s   won %s   not won %s   maturing %s\n",
		s.Number.Render(analysis.Count(o.Leads)), s.Number.Render(analysis.Count(o.Won)),
		s.Number.Render(analysis.Count(o.NotWon)), s.Number.Render(analysis.Count(o.Maturing)))
	if o.CloseRate != nil {
		fmt.Fprintf(&b, "  Close rate %s %s\n", s.Number.Render(fmt.Sprintf("%.2f%%", 100**o.CloseRate)),
			s.Muted.Render("won / (won + not won); leads whose window is still open are left out"))
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
