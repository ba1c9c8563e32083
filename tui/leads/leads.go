// Package leads is the Leads & accounts screen: every lead ranked by its
// score today with its status; the selected lead's explanation, rule by
// rule, and its timeline; and the accounts with their leads' scores
// rolled up.
package leads

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/leadlab/leadlab/analysis/scoring"
	"github.com/leadlab/leadlab/analysis/words"
	"github.com/leadlab/leadlab/queries"
	"github.com/leadlab/leadlab/tui/common"
	"github.com/leadlab/leadlab/tui/jobs"
	"github.com/leadlab/leadlab/tui/session"
)

// ranking is every lead scored today, best first, with the accounts.
type ranking struct {
	sess     *session.Session
	now      *scoring.Scores
	order    []int32
	ready    int64
	accounts scoring.AccountReport
}

// Model is the Leads & accounts screen.
type Model struct {
	c       *common.Common
	sess    *session.Session
	seq     uint64
	job     jobs.Latest
	rank    *ranking
	cursor  int
	offset  int
	showAcc bool
	keys    keyMap

	width, height int
}

type keyMap struct {
	Up, Down, PageUp, PageDown, Top, Bottom, Accounts key.Binding
}

// New returns the screen; it ranks the leads of the session the Cutoff
// screen announces.
func New(c *common.Common) *Model {
	return &Model{c: c, job: jobs.Latest{Key: "leads-rank"}, keys: keyMap{
		Up:       key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/↓", "select")),
		Down:     key.NewBinding(key.WithKeys("down", "j")),
		PageUp:   key.NewBinding(key.WithKeys("pgup"), key.WithHelp("pgup/pgdn", "page")),
		PageDown: key.NewBinding(key.WithKeys("pgdown")),
		Top:      key.NewBinding(key.WithKeys("g", "home"), key.WithHelp("g/G", "top/bottom")),
		Bottom:   key.NewBinding(key.WithKeys("G", "end")),
		Accounts: key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "leads ↔ accounts")),
	}}
}

// Title implements common.Pane.
func (m *Model) Title() string { return "Leads" }

// Busy implements common.Pane.
func (m *Model) Busy() bool { return m.job.Running() }

// SetSize implements common.Pane.
func (m *Model) SetSize(w, h int) { m.width, m.height = w, h }

// Init implements common.Pane.
func (m *Model) Init() tea.Cmd { return nil }

// ShortHelp implements common.Pane.
func (m *Model) ShortHelp() []key.Binding {
	if m.rank == nil {
		return nil
	}
	return []key.Binding{m.keys.Up, m.keys.PageUp, m.keys.Top, m.keys.Accounts}
}

// FullHelp implements common.Pane.
func (m *Model) FullHelp() [][]key.Binding { return [][]key.Binding{m.ShortHelp()} }

// Update implements common.Pane.
func (m *Model) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case session.Changed:
		if msg.Seq > m.seq {
			m.sess, m.seq = msg.Session, msg.Seq
			return m.rerank()
		}
	case jobs.Done:
		if m.job.Accept(msg) && msg.Err == nil {
			m.rank = msg.Value.(*ranking)
		}
	case tea.KeyPressMsg:
		return m.key(msg)
	}
	return nil
}

// rerank scores every lead as of today and sorts them, off the UI loop.
func (m *Model) rerank() tea.Cmd {
	s := m.sess
	return m.job.Start(m.c.Jobs, func(ctx context.Context, _ *queries.Workspace) (any, error) {
		now := s.Data.Score(s.Config, scoring.Now)
		order := make([]int32, s.Data.N())
		for i := range order {
			order[i] = int32(i)
		}
		slices.SortStableFunc(order, func(a, b int32) int { return cmp.Compare(now.Score(int(b)), now.Score(int(a))) })
		return &ranking{sess: s, now: now, order: order, ready: s.Data.ReadyToday(now, s.Config.Cutoff),
			accounts: s.Data.Accounts(s.Config, s.Scores, now, 200)}, nil
	})
}

func (m *Model) listLen() int {
	if m.rank == nil {
		return 0
	}
	if m.showAcc {
		return len(m.rank.accounts.Top)
	}
	return len(m.rank.order)
}

func (m *Model) key(msg tea.KeyPressMsg) tea.Cmd {
	if msg.String() == "esc" {
		m.job.Cancel(m.c.Jobs)
		return nil
	}
	n := m.listLen()
	page := max(m.listHeight()-1, 1)
	switch {
	case key.Matches(msg, m.keys.Up):
		m.cursor--
	case key.Matches(msg, m.keys.Down):
		m.cursor++
	case key.Matches(msg, m.keys.PageUp):
		m.cursor -= page
	case key.Matches(msg, m.keys.PageDown):
		m.cursor += page
	case key.Matches(msg, m.keys.Top):
		m.cursor = 0
	case key.Matches(msg, m.keys.Bottom):
		m.cursor = n - 1
	case key.Matches(msg, m.keys.Accounts):
		m.showAcc = !m.showAcc
		m.cursor, m.offset = 0, 0
		return nil
	}
	m.cursor = max(min(m.cursor, n-1), 0)
	h := m.listHeight()
	if m.cursor < m.offset {
		m.offset = m.cursor
	}
	if m.cursor >= m.offset+h {
		m.offset = m.cursor - h + 1
	}
	return nil
}

// Layout.
const (
	listWidth  = 62
	bandWidth  = 5 // the letter band column, when the config has bands
	headerRows = 3
)

// listHeight is the rows of leads on view: below the heading, the
// sentence on what ready today means, and the column names.
func (m *Model) listHeight() int {
	return max(m.height-headerRows-lipgloss.Height(common.Wrap(scoring.ReadyTodaySentence, m.listW())), 3)
}

// listW is the list's width: wider by the band column when the config
// asks for letter bands (never by default: docs/scoring-config.md).
func (m *Model) listW() int {
	if m.rank != nil && len(m.rank.sess.Config.Bands) > 0 {
		return listWidth + bandWidth
	}
	return listWidth
}

// View implements common.Pane.
func (m *Model) View() string {
	s := m.c.Styles
	if m.rank == nil {
		return s.Muted.Render("scoring every lead as of today…")
	}
	if m.showAcc {
		return m.accountsView()
	}
	r := m.rank
	cfg := r.sess.Config
	cut := cfg.Cutoff
	bands := len(cfg.Bands) > 0
	listW := m.listW()
	var b strings.Builder
	fmt.Fprintf(&b, "%s  %s, %s ready today at %s%s\n", s.Heading.Render("Leads by score today"),
		words.Count(int64(len(r.order))), words.Count(r.ready), words.Points(cut), m.updating())
	b.WriteString(s.Muted.Render(common.Wrap(scoring.ReadyTodaySentence, listW)) + "\n")
	band := func(v string) string {
		if !bands {
			return ""
		}
		return fmt.Sprintf(" %-4s", ansi.Truncate(v, 4, "…"))
	}
	fmt.Fprintf(&b, "%s\n", s.Muted.Render(fmt.Sprintf("  %-12s %-10s %6s %6s %6s%s  %-8s %s", "lead", "account", "fit", "pain", "score", band("band"), "status", "")))
	h := m.listHeight()
	for k := m.offset; k < min(m.offset+h, len(r.order)); k++ {
		i := int(r.order[k])
		status := [...]string{"not won", "won", "maturing"}[r.sess.Data.Leads.Outcome[i]]
		ready := ""
		if r.now.Score(i) >= cut {
			ready = s.Good.Render("ready")
		}
		letter, _ := cfg.BandOf(r.now.Score(i))
		line := fmt.Sprintf("  %-12s %-10s %6s %6s %6s%s  %-8s %s", ansi.Truncate(r.sess.Data.Leads.IDs[i], 12, "…"),
			ansi.Truncate(r.sess.Data.Leads.AccountIDs[i], 10, "…"), words.Points(r.now.Fit[i]), words.Points(r.now.Pain[i]),
			words.Points(r.now.Score(i)), band(letter), status, ready)
		if k == m.cursor {
			line = s.Selected.Render(ansi.Truncate(ansi.Strip(line), listW, "…"))
		}
		b.WriteString(line + "\n")
	}
	list := lipgloss.NewStyle().Width(listW).Render(common.Wrap(strings.TrimRight(b.String(), "\n"), listW))
	if m.width < listW+30 || len(r.order) == 0 {
		return list
	}
	detail := m.explain(int(r.order[m.cursor]), m.width-listW-2)
	return lipgloss.JoinHorizontal(lipgloss.Top, list, "  ", detail)
}

func (m *Model) updating() string {
	if m.job.Running() {
		return m.c.Styles.Muted.Render("  updating…")
	}
	return ""
}

// explain is the selected lead's score, rule by rule, and its timeline.
func (m *Model) explain(i, width int) string {
	s := m.c.Styles
	r := m.rank
	e := r.sess.Data.Explain(r.sess.Config, r.now, i)
	var b strings.Builder
	at := "scored with no date (the data has no timestamps)"
	if e.At != nil {
		at = "scored as of " + e.At.Format("2006-01-02")
	}
	fmt.Fprintf(&b, "%s %s\n", s.Heading.Render("Lead "+e.LeadID), s.Muted.Render(at))
	fmt.Fprintf(&b, "score %s = fit %s + pain %s", s.Number.Render(words.Points(e.Score)), words.Points(e.Fit), words.Points(e.Pain))
	if e.Band != nil {
		fmt.Fprintf(&b, ", band %s", *e.Band)
	}
	if e.Reached != nil {
		fmt.Fprintf(&b, ", ready since %s", e.Reached.Format("2006-01-02"))
	}
	b.WriteString("\n\n")
	for _, c := range e.Rules {
		if c.Count == 0 {
			continue
		}
		note := ""
		if c.Note != "" {
			note = s.Muted.Render(" " + c.Note)
		}
		fmt.Fprintf(&b, "%6s  %s%s\n", words.Points(c.Total), ansi.Truncate(c.Factor, max(width-10, 10), "…"), note)
	}
	if len(e.Timeline) > 0 {
		b.WriteString("\n" + s.Heading.Render("Timeline") + "\n")
		steps := e.Timeline
		if room := max(m.height-lipgloss.Height(b.String())-1, 1); len(steps) > room {
			steps = steps[len(steps)-room:]
		}
		ev := min(22, max(width-20, 6))
		for _, st := range steps {
			fmt.Fprintf(&b, "%s  %-*s %s\n", st.At.Format(time.DateOnly), ev, ansi.Truncate(st.Event, ev, "…"), words.Points(st.Score))
		}
	}
	// Rule and timeline lines are cut, not wrapped, so rows stay rows.
	lines := strings.Split(strings.TrimRight(b.String(), "\n"), "\n")
	for i, l := range lines {
		if i > 1 {
			lines[i] = common.Truncate(l, width)
		}
	}
	return lipgloss.NewStyle().Width(width).Render(common.Wrap(strings.Join(lines, "\n"), width))
}

func (m *Model) accountsView() string {
	s := m.c.Styles
	a := m.rank.accounts
	var b strings.Builder
	fmt.Fprintf(&b, "%s  roll-up %s, account cutoff %s: %s ready accounts close at %s; the rest at %s%s\n",
		s.Heading.Render("Accounts"), a.Rollup, words.Points(a.Cutoff), words.Count(a.Ready.Leads), words.Pct(a.Ready.CloseRate, 1),
		words.Pct(a.NotReady.CloseRate, 1), m.updating())
	fmt.Fprintf(&b, "%s\n", s.Muted.Render(fmt.Sprintf("  %-14s %6s %10s %7s", "account", "leads", "ready now", "score")))
	h := m.listHeight()
	for k := m.offset; k < min(m.offset+h, len(a.Top)); k++ {
		t := a.Top[k]
		line := fmt.Sprintf("  %-14s %6s %10s %7s", ansi.Truncate(t.AccountID, 14, "…"), words.Count(t.Leads), words.Count(t.ReadyLeads), words.Points(t.Score))
		if k == m.cursor {
			line = s.Selected.Render(line)
		}
		b.WriteString(line + "\n")
	}
	return strings.TrimRight(b.String(), "\n")
}
