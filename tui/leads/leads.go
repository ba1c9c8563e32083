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
	"github.com/leadlab/leadlab/internal/numfmt"
	"github.com/leadlab/leadlab/queries"
	"github.com/leadlab/leadlab/tui/common"
	"github.com/leadlab/leadlab/tui/jobs"
	"github.com/leadlab/leadlab/tui/keys"
	"github.com/leadlab/leadlab/tui/session"
	"github.com/leadlab/leadlab/tui/table"
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
	job     jobs.Latest[*ranking]
	rank    *ranking
	cursor  int
	offset  int
	showAcc bool
	keys    keyMap
	// The list on view: rows index the ranking's leads (or its top
	// accounts), filtered and sorted; viewSeq drops an ordering that a
	// newer one replaced.
	rows              []int32
	viewSeq           uint64
	search            table.Search
	leadSort, accSort table.Sort

	width, height int
}

type keyMap struct {
	Up, Down, PageUp, PageDown, Top, Bottom, Accounts key.Binding
	Cancel                                            key.Binding
}

// New returns the screen; it ranks the leads of the session the Cutoff
// screen announces.
func New(c *common.Common) *Model {
	return &Model{c: c, job: jobs.Latest[*ranking]{Key: "leads-rank"},
		search:   table.NewSearch("part of a lead or account id", c.Styles.Input),
		leadSort: table.NewSort(byScore, true), accSort: table.NewSort(byReadyNow, true),
		keys: keyMap{
			Up:       key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/↓", "select")),
			Down:     key.NewBinding(key.WithKeys("down", "j")),
			PageUp:   key.NewBinding(key.WithKeys("pgup"), key.WithHelp("pgup/pgdn", "page")),
			PageDown: key.NewBinding(key.WithKeys("pgdown")),
			Top:      key.NewBinding(key.WithKeys("g", "home"), key.WithHelp("g/G", "top/bottom")),
			Bottom:   key.NewBinding(key.WithKeys("G", "end")),
			Accounts: key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "leads ↔ accounts")),
			Cancel:   key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")),
		}}
}

// Title implements common.Pane.
func (m *Model) Title() string { return "Leads" }

// Busy implements common.Pane.
func (m *Model) Busy() bool { return m.job.Running() }

// SetSize implements common.Pane.
func (m *Model) SetSize(w, h int) {
	m.width, m.height = w, h
	m.clamp()
}

// Editing implements common.Editing: while the filter is typed every
// key is text.
func (m *Model) Editing() bool { return m.search.Editing() }

// Init implements common.Pane.
func (m *Model) Init() tea.Cmd { return nil }

// sort is the order of the list on view.
func (m *Model) sort() *table.Sort {
	if m.showAcc {
		return &m.accSort
	}
	return &m.leadSort
}

// syncKeys enables what works now: moving needs rows, the rest a ranking.
func (m *Model) syncKeys() {
	k := &m.keys
	for _, b := range []*key.Binding{&k.Up, &k.Down, &k.PageUp, &k.PageDown, &k.Top, &k.Bottom} {
		b.SetEnabled(len(m.rows) > 0)
	}
	have := m.rank != nil
	for _, b := range []*key.Binding{&k.Accounts, &m.search.Open, &m.leadSort.Next, &m.leadSort.Reverse, &m.accSort.Next, &m.accSort.Reverse} {
		b.SetEnabled(have)
	}
	k.Cancel.SetEnabled(m.job.Running())
}

// ShortHelp implements common.Pane.
func (m *Model) ShortHelp() []key.Binding {
	if m.search.Editing() {
		return m.search.Help()
	}
	if m.rank == nil {
		return keys.Enabled(m.keys.Cancel)
	}
	m.syncKeys()
	return keys.Enabled(m.keys.Cancel, m.keys.Up, m.search.Open, m.sort().Next, m.keys.Accounts)
}

// FullHelp implements common.Pane.
func (m *Model) FullHelp() [][]key.Binding {
	if m.search.Editing() || m.rank == nil {
		return [][]key.Binding{m.ShortHelp()}
	}
	m.syncKeys()
	k := m.keys
	return keys.Columns(keys.Enabled(k.Up, k.PageUp, k.Top), keys.Enabled(m.search.Open, m.sort().Next, m.sort().Reverse),
		keys.Enabled(k.Accounts, k.Cancel))
}

// Update implements common.Pane.
func (m *Model) Update(msg tea.Msg) tea.Cmd {
	if common.Restyled(msg) {
		m.search.SetStyles(m.c.Styles.Input)
	}
	switch msg := msg.(type) {
	case session.Changed:
		if msg.Seq > m.seq {
			m.sess, m.seq = msg.Session, msg.Seq
			return m.rerank()
		}
	case jobs.Result[*ranking]:
		if !m.job.Accept(msg) {
			return nil
		}
		if msg.Err != nil {
			// The ranking on view, if any, stays: it is the last one that
			// finished.
			return common.ReportError(m.Title(), msg.Err)
		}
		m.rank = msg.Value
		return m.refresh()
	case viewed:
		m.take(msg)
	case tea.KeyPressMsg:
		return m.key(msg)
	}
	return m.search.Update(msg)
}

// rerank scores every lead as of today and sorts them, off the UI loop.
func (m *Model) rerank() tea.Cmd {
	s := m.sess
	return m.job.Start(m.c.Jobs, func(ctx context.Context, _ *queries.Workspace) (*ranking, error) {
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

func (m *Model) key(msg tea.KeyPressMsg) tea.Cmd {
	if m.search.Editing() {
		cmd, changed := m.search.Key(msg)
		if changed {
			m.cursor, m.offset = 0, 0
			return tea.Batch(cmd, m.refresh())
		}
		return cmd
	}
	m.syncKeys()
	k := m.keys
	page := max(m.listHeight()-1, 1)
	switch {
	case key.Matches(msg, k.Cancel):
		m.job.Cancel(m.c.Jobs)
	case key.Matches(msg, k.Up):
		m.move(-1)
	case key.Matches(msg, k.Down):
		m.move(1)
	case key.Matches(msg, k.PageUp):
		m.move(-page)
	case key.Matches(msg, k.PageDown):
		m.move(page)
	case key.Matches(msg, k.Top):
		m.move(-len(m.rows))
	case key.Matches(msg, k.Bottom):
		m.move(len(m.rows))
	case key.Matches(msg, k.Accounts):
		m.showAcc = !m.showAcc
		m.cursor, m.offset = 0, 0
		return m.refresh()
	case key.Matches(msg, m.search.Open):
		return m.search.Start()
	case key.Matches(msg, m.sort().Next):
		if m.showAcc {
			m.accSort.Cycle(accountColumns, accountHighFirst)
		} else {
			m.leadSort.Cycle(leadColumns, leadHighFirst)
		}
		return m.refresh()
	case key.Matches(msg, m.sort().Reverse):
		m.sort().Flip()
		return m.refresh()
	}
	return nil
}

// move shifts the cursor by d rows and scrolls it into view.
func (m *Model) move(d int) {
	m.cursor += d
	m.clamp()
}

// Layout.
const (
	listWidth = 62
	bandWidth = 5 // the letter band column, when the config has bands
	minRows   = 3
)

// listHeight is the rows of the list on view, below its header.
func (m *Model) listHeight() int {
	return max(m.height-m.rowsTop(), minRows)
}

// rowsTop is the line of the list's first row: the header's height as
// drawn, wrapped to the list's width.
func (m *Model) rowsTop() int {
	if m.rank == nil {
		return 0
	}
	if m.showAcc {
		return lipgloss.Height(m.accountsHeader())
	}
	return lipgloss.Height(lipgloss.NewStyle().Width(m.listW()).Render(m.leadsHeader()))
}

// listW is the list's width: wider by the band column when the config
// asks for letter bands (never by default: docs/scoring-config.md).
func (m *Model) listW() int {
	if m.rank != nil && len(m.rank.sess.Config.Bands) > 0 {
		return listWidth + bandWidth
	}
	return listWidth
}

// titles names the columns, the sorted one marked with its direction.
func titles(names []string, srt *table.Sort) []any {
	out := make([]any, len(names))
	for i, n := range names {
		if i == srt.Col {
			n += srt.Arrow()
		}
		out[i] = n
	}
	return out
}

// filterLine is the filter being typed or in force, and how many rows
// it keeps, or "" when there is none.
func (m *Model) filterLine(total int) string {
	f := m.search.View(m.c.Styles, "id")
	if f == "" {
		return ""
	}
	return f + m.c.Styles.Muted.Render(fmt.Sprintf("  %s of %s", numfmt.Count(int64(len(m.rows))), numfmt.Count(int64(total))))
}

// bandCell is the letter band column's cell, when the config has bands.
func (m *Model) bandCell(v string) string {
	if len(m.rank.sess.Config.Bands) == 0 {
		return ""
	}
	return fmt.Sprintf(" %-4s", ansi.Truncate(v, 4, "…"))
}

// leadsHeader is what stands above the leads: the counts, what ready
// today means, the filter, the column names.
func (m *Model) leadsHeader() string {
	s, r := m.c.Styles, m.rank
	var b strings.Builder
	fmt.Fprintf(&b, "%s  %s, %s ready today at %s%s\n", s.Heading.Render("Leads scored today"),
		numfmt.Count(int64(len(r.order))), numfmt.Count(r.ready), numfmt.Points(r.sess.Config.Cutoff), m.updating())
	b.WriteString(s.Muted.Render(common.Wrap(scoring.ReadyTodaySentence, m.listW())) + "\n")
	if f := m.filterLine(len(r.order)); f != "" {
		b.WriteString(f + "\n")
	}
	t := titles(leadColumnNames[:], &m.leadSort)
	b.WriteString(s.Muted.Render(fmt.Sprintf("  %-12s %-10s %6s %6s %6s%s  %-8s", t[0], t[1], t[2], t[3], t[4], m.bandCell("band"), t[5])))
	return b.String()
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
	listW := m.listW()
	var b strings.Builder
	b.WriteString(m.leadsHeader() + "\n")
	h := m.listHeight()
	for k := m.offset; k < min(m.offset+h, len(m.rows)); k++ {
		i := int(m.rows[k])
		ready := ""
		if r.now.Score(i) >= cut {
			ready = s.Good.Render("ready")
		}
		letter, _ := cfg.BandOf(r.now.Score(i))
		line := fmt.Sprintf("  %-12s %-10s %6s %6s %6s%s  %-8s %s", ansi.Truncate(r.sess.Data.Leads.IDs[i], 12, "…"),
			ansi.Truncate(r.sess.Data.Leads.AccountIDs[i], 10, "…"), numfmt.Points(r.now.Fit[i]), numfmt.Points(r.now.Pain[i]),
			numfmt.Points(r.now.Score(i)), m.bandCell(letter), statusNames[r.sess.Data.Leads.Outcome[i]], ready)
		if k == m.cursor {
			line = s.Selected.Render(ansi.Truncate(ansi.Strip(line), listW, "…"))
		}
		b.WriteString(line + "\n")
	}
	if len(m.rows) == 0 && m.search.Text() != "" {
		b.WriteString(s.Muted.Render("  No lead or account id matches the filter: esc on / clears it.") + "\n")
	}
	list := lipgloss.NewStyle().Width(listW).Render(common.Wrap(strings.TrimRight(b.String(), "\n"), listW))
	if len(m.rows) == 0 {
		return list
	}
	if m.width < listW+30 {
		// No room beside the list: the breakdown goes under it, and the
		// workbench scrolls down to it (J).
		return list + "\n\n" + m.explain(int(m.rows[m.cursor]), m.width)
	}
	detail := m.explain(int(m.rows[m.cursor]), m.width-listW-2)
	return lipgloss.JoinHorizontal(lipgloss.Top, list, "  ", detail)
}

// CursorLine implements common.Cursor: the selected row's line, under the
// heading, the sentence on what ready today means and the column names,
// so that the workbench keeps it on view when the breakdown under the
// list makes the screen taller than the window.
func (m *Model) CursorLine() int {
	if m.rank == nil {
		return -1
	}
	above := 2
	if !m.showAcc {
		above = 2 + lipgloss.Height(common.Wrap(scoring.ReadyTodaySentence, m.listW()))
	}
	return above + m.cursor - m.offset
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
	fmt.Fprintf(&b, "score %s = fit %s + pain %s", s.Number.Render(numfmt.Points(e.Score)), numfmt.Points(e.Fit), numfmt.Points(e.Pain))
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
		fmt.Fprintf(&b, "%6s  %s%s\n", numfmt.Points(c.Total), ansi.Truncate(c.Factor, max(width-10, 10), "…"), note)
	}
	if len(e.Timeline) > 0 {
		b.WriteString("\n" + s.Heading.Render("Timeline") + "\n")
		steps := e.Timeline
		if room := max(m.height-lipgloss.Height(b.String())-1, 1); len(steps) > room {
			steps = steps[len(steps)-room:]
		}
		ev := min(22, max(width-20, 6))
		for _, st := range steps {
			fmt.Fprintf(&b, "%s  %-*s %s\n", st.At.Format(time.DateOnly), ev, ansi.Truncate(st.Event, ev, "…"), numfmt.Points(st.Score))
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

// accountsHeader is what stands above the accounts.
func (m *Model) accountsHeader() string {
	s := m.c.Styles
	a := m.rank.accounts
	var b strings.Builder
	fmt.Fprintf(&b, "%s  roll-up %s, account cutoff %s: %s ready accounts close at %s; the rest at %s%s\n",
		s.Heading.Render("Accounts"), a.Rollup, numfmt.Points(a.Cutoff), numfmt.Count(a.Ready.Leads), numfmt.Pct(a.Ready.CloseRate, 1),
		numfmt.Pct(a.NotReady.CloseRate, 1), m.updating())
	if f := m.filterLine(len(a.Top)); f != "" {
		b.WriteString(f + "\n")
	}
	t := titles(accountColumnNames[:], &m.accSort)
	b.WriteString(s.Muted.Render(fmt.Sprintf("  %-14s %6s %10s %7s", t...)))
	return b.String()
}

func (m *Model) accountsView() string {
	s := m.c.Styles
	a := m.rank.accounts
	var b strings.Builder
	b.WriteString(m.accountsHeader() + "\n")
	h := m.listHeight()
	for k := m.offset; k < min(m.offset+h, len(m.rows)); k++ {
		t := a.Top[m.rows[k]]
		line := fmt.Sprintf("  %-14s %6s %10s %7s", ansi.Truncate(t.AccountID, 14, "…"), numfmt.Count(t.Leads), numfmt.Count(t.ReadyLeads), numfmt.Points(t.Score))
		if k == m.cursor {
			line = s.Selected.Render(line)
		}
		b.WriteString(line + "\n")
	}
	return strings.TrimRight(b.String(), "\n")
}
