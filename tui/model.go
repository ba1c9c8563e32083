package tui

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/leadlab/leadlab/analysis"
	"github.com/leadlab/leadlab/queries"
)

// Model is the root of the workbench.
type Model struct {
	report    analysis.DataReport
	workspace string
	keys      keyMap
	help      help.Model
	styles    styles
	width     int
	height    int
}

// NewModel shows the data report of the workspace named ws.
func NewModel(rep analysis.DataReport, ws string) *Model {
	return &Model{report: rep, workspace: ws, keys: defaultKeys(), help: help.New(), styles: defaultStyles()}
}

// Run starts the program in the alternate screen until the user quits or
// ctx ends.
func Run(ctx context.Context, m *Model) error {
	_, err := tea.NewProgram(m, tea.WithContext(ctx)).Run()
	return err
}

// Init implements tea.Model.
func (m *Model) Init() tea.Cmd { return nil }

// Update implements tea.Model.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
		m.help.SetWidth(msg.Width)
	case tea.KeyPressMsg:
		switch {
		case key.Matches(msg, m.keys.Quit):
			return m, tea.Quit
		case key.Matches(msg, m.keys.Help):
			m.help.ShowAll = !m.help.ShowAll
		}
	}
	return m, nil
}

// View implements tea.Model.
func (m *Model) View() tea.View {
	v := tea.NewView(m.render())
	v.AltScreen = true
	return v
}

func (m *Model) render() string {
	s := m.styles
	var b strings.Builder
	b.WriteString(s.Title.Render("leadlab") + "  " + s.Heading.Render("1 Data") + s.Muted.Render("   more screens arrive with the workbench") + "\n\n")
	b.WriteString(m.tablesView() + "\n")
	b.WriteString(m.outcomeView() + "\n")
	b.WriteString(m.problemsView())
	body := b.String()
	footer := s.Muted.Render(m.workspace) + "\n" + m.help.View(m.keys)
	if m.height > 0 {
		gap := m.height - lipgloss.Height(body) - lipgloss.Height(footer)
		if gap > 0 {
			body += strings.Repeat("\n", gap)
		}
	}
	return body + footer
}

func (m *Model) tablesView() string {
	s := m.styles
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
	s := m.styles
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
	s := m.styles
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
