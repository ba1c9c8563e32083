// Package campaigns is the Campaigns screen: whether segmenting a drip
// campaign type beats its generic campaign — on product use, what drip
// campaigns are for, with opens and clicks shown muted as the vanity
// signals they are — and every campaign's product use against comparable
// non-recipients, within a window of days the analyst can change.
package campaigns

import (
	"context"
	"errors"
	"fmt"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"

	"github.com/leadlab/leadlab/analysis"
	"github.com/leadlab/leadlab/queries"
	"github.com/leadlab/leadlab/tui/common"
	"github.com/leadlab/leadlab/tui/jobs"
	"github.com/leadlab/leadlab/tui/table"
)

// The window, in days after a send, within which product use counts.
const (
	minDays     = 1
	maxDays     = 90
	defaultDays = 7 // the CLI's default
)

// buildFunc measures the campaigns; a field so tests can watch the window
// a job asks for without a workspace.
type buildFunc func(ctx context.Context, ws *queries.Workspace, days int) (analysis.CampaignsReport, error)

// Model is the Campaigns screen.
type Model struct {
	c     *common.Common
	build buildFunc
	job   jobs.Latest[analysis.CampaignsReport]
	spin  spinner.Model
	keys  keyMap

	// days is the window asked for last: the running job's, or the shown
	// report's when nothing runs. The report carries the window it was
	// built with (Days), and the view labels it with that, so a result
	// for another window is never taken for the current one.
	days      int
	report    *analysis.CampaignsReport
	cancelled bool // the last job was stopped with Esc

	// rows are the campaigns on view, filtered and sorted (indexes into
	// the report); selected and offset are places in rows: the selected
	// campaign and the first one on screen.
	rows             []int
	search           table.Search
	sort             table.Sort
	selected, offset int

	width, height int
}

// New returns the Campaigns screen counting product use within days of a
// send (clamped to 1–90; 0 means the default, 7); it measures when
// started.
func New(c *common.Common, days int) *Model {
	if days == 0 {
		days = defaultDays
	}
	return &Model{c: c, build: analysis.BuildCampaigns, job: jobs.Latest[analysis.CampaignsReport]{Key: "campaigns"}, keys: newKeyMap(),
		search: table.NewSearch("part of a campaign, type or segment", c.Styles.Input), sort: table.NewSort(0, false),
		spin: spinner.New(spinner.WithSpinner(spinner.Dot)), days: clampDays(days)}
}

// WithReport shows a report already built, as the golden tests do.
func (m *Model) WithReport(r analysis.CampaignsReport) *Model {
	m.report = &r
	m.days = r.Days
	m.refilter()
	return m
}

func clampDays(d int) int { return min(max(d, minDays), maxDays) }

// Title implements common.Pane.
func (m *Model) Title() string { return "Campaigns" }

// Busy implements common.Pane.
func (m *Model) Busy() bool { return m.job.Running() }

// Editing implements common.Editing: while the filter is typed every
// key is text.
func (m *Model) Editing() bool { return m.search.Editing() }

// SetSize implements common.Pane.
func (m *Model) SetSize(w, h int) {
	m.width, m.height = w, h
	m.clampSelection()
}

// Init implements common.Pane.
func (m *Model) Init() tea.Cmd {
	if m.report != nil {
		return nil
	}
	return m.query(m.days)
}

// query measures the campaigns over days; the runner cancels the job it
// replaces, and Latest refuses that job's result should it still arrive.
func (m *Model) query(days int) tea.Cmd {
	m.days, m.cancelled = days, false
	m.c.Recover(m.Title())
	build := m.build
	run := m.job.Start(m.c.Jobs, func(ctx context.Context, ws *queries.Workspace) (analysis.CampaignsReport, error) {
		return build(ctx, ws, days)
	})
	return tea.Batch(run, m.spin.Tick)
}

// Update implements common.Pane.
func (m *Model) Update(msg tea.Msg) tea.Cmd {
	if common.Restyled(msg) {
		m.search.SetStyles(m.c.Styles.Input)
	}
	switch msg := msg.(type) {
	case jobs.Result[analysis.CampaignsReport]:
		return m.finish(msg)
	case spinner.TickMsg:
		return common.Spin(&m.spin, m.job.Running(), msg)
	case tea.KeyPressMsg:
		return m.key(msg)
	}
	return m.search.Update(msg)
}

// finish takes the result of the latest job and drops any other; a
// failure is reported.
func (m *Model) finish(msg jobs.Result[analysis.CampaignsReport]) (failed tea.Cmd) {
	if !m.job.Accept(msg) {
		return nil
	}
	if msg.Err != nil {
		if errors.Is(msg.Err, context.Canceled) {
			m.cancelled = true
		} else {
			failed = m.c.Fail(m.Title(), fmt.Errorf("could not measure campaigns over %s: %w", days(m.days), msg.Err))
		}
		// With no new result the screen still shows the old one, so the
		// next +/- starts from the window that produced it.
		if m.report != nil {
			m.days = m.report.Days
		}
		return failed
	}
	r := msg.Value
	// Keep the same campaign selected across windows, when it is still
	// there, so changing the window compares like with like.
	name := m.selectedName()
	m.report = &r
	m.rows = nil
	m.refilterAt(name)
	return nil
}

func (m *Model) selectedName() string {
	if m.report == nil || m.selected >= len(m.rows) {
		return ""
	}
	return m.campaign(m.selected).Campaign
}

// key handles a key press; disabled bindings never match.
func (m *Model) key(msg tea.KeyPressMsg) tea.Cmd {
	if m.search.Editing() {
		cmd, changed := m.search.Key(msg)
		if changed {
			m.refilter()
		}
		return cmd
	}
	m.refreshKeys()
	k := &m.keys
	page := max(m.pageRows(), 1)
	switch {
	case key.Matches(msg, k.Up):
		m.move(-1)
	case key.Matches(msg, k.Down):
		m.move(1)
	case key.Matches(msg, k.PageUp):
		m.offset -= page
		m.move(-page)
	case key.Matches(msg, k.PageDown):
		m.offset += page
		m.move(page)
	case key.Matches(msg, k.Top):
		m.move(-len(m.rows))
	case key.Matches(msg, k.Bottom):
		m.move(len(m.rows))
	case key.Matches(msg, m.search.Open):
		return m.search.Start()
	case key.Matches(msg, m.sort.Next):
		m.sort.Cycle(len(sortable), highFirst)
		m.refilter()
	case key.Matches(msg, m.sort.Reverse):
		m.sort.Flip()
		m.refilter()
	case key.Matches(msg, k.Longer):
		return m.query(clampDays(m.days + 1))
	case key.Matches(msg, k.Shorter):
		return m.query(clampDays(m.days - 1))
	case key.Matches(msg, k.Reload):
		return m.query(m.days)
	case key.Matches(msg, k.Cancel):
		m.job.Cancel(m.c.Jobs)
	}
	return nil
}

// move shifts the selection by n rows and scrolls it into view.
func (m *Model) move(n int) {
	m.selected += n
	m.clampSelection()
}

// clampSelection keeps the selection on a campaign and the window of rows
// on screen around it, moving the window only as far as needed.
func (m *Model) clampSelection() {
	if m.report == nil {
		return
	}
	n := len(m.rows)
	m.selected = min(max(m.selected, 0), max(n-1, 0))
	m.offset = scrollTo(m.offset, m.selected, n, m.pageRows())
}

// scrollTo is the first row to show so that sel is among rows of n.
func scrollTo(offset, sel, n, rows int) int {
	rows = max(rows, 1)
	if sel < offset {
		offset = sel
	}
	if sel >= offset+rows {
		offset = sel - rows + 1
	}
	return min(max(offset, 0), max(n-rows, 0))
}

func (m *Model) hasCampaigns() bool { return m.report != nil && len(m.report.Campaigns) > 0 }
