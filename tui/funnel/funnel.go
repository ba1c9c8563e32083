// Package funnel is the Funnel screen: the six ABM stages of docs/funnel.md as
// bars with the conversion between them, the KPIs of the selected stage,
// the lead funnel beside them, and filters that re-query in the
// background while the last result stays on screen.
package funnel

import (
	"context"
	"errors"
	"fmt"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/spinner"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/leadlab/leadlab/analysis"
	"github.com/leadlab/leadlab/queries"
	"github.com/leadlab/leadlab/tui/common"
	"github.com/leadlab/leadlab/tui/jobs"
	"github.com/leadlab/leadlab/tui/session"
)

// Model is the Funnel screen.
type Model struct {
	c    *common.Common
	opt  queries.OutcomeOptions
	job  jobs.Latest[result]
	spin spinner.Model
	keys keyMap

	// filter is the filter asked for last: the running job's, or the
	// shown result's when nothing runs. shown is the filter that produced
	// report; the two differ while a job runs, and the view names both so
	// an older result is never taken for the current one.
	filter queries.FunnelFilter
	shown  queries.FunnelFilter
	report *analysis.FunnelReport
	// accounts are the first accounts of each stage of report; nil when
	// the report was not read from a workspace (tests).
	accounts *[6][]string
	// cancelled says the last job was stopped with Esc.
	cancelled bool

	selected int
	detail   bool // the detail box of the selected stage is open

	// The scoring model the other screens share gives the lead funnel its
	// SDR-ready stages, counted in memory (off the UI loop) for the
	// shown report's scope whenever either changes: no query re-runs
	// when a weight moves. ready is nil until counted; gen numbers the
	// counts asked for, so a stale one is dropped.
	sess     *session.Session
	sessSeq  uint64
	scope    map[string]bool // the shown report's accounts when filtered; nil: every lead
	ready    *analysis.ReadyCounts
	readyGen uint64

	input    textinput.Model
	editing  field  // the filter the input edits; none when closed
	inputErr string // a filter typed that could not be read

	width, height int
}

// The root holds the screen as a common.Pane and asks it whether a text
// field has the keys.
var (
	_ common.Pane    = (*Model)(nil)
	_ common.Editing = (*Model)(nil)
)

// result is a job's value: the report and the filter it was built with,
// so the filter shown beside a report is always the one that produced it.
type result struct {
	filter   queries.FunnelFilter
	report   analysis.FunnelReport
	accounts [6][]string     // the first accounts of each stage, by id
	scope    map[string]bool // with account filters: the accounts in scope
}

// readyCounted is the SDR-ready stages counted for count number gen.
type readyCounted struct {
	gen    uint64
	counts analysis.ReadyCounts
}

// listed is how many accounts of a stage the detail box can list.
const listed = 60

// New returns the Funnel screen; it builds the funnel when started.
func New(c *common.Common, opt queries.OutcomeOptions) *Model {
	return &Model{c: c, opt: opt, job: jobs.Latest[result]{Key: "funnel"}, keys: newKeyMap(),
		spin: spinner.New(spinner.WithSpinner(spinner.Dot)), input: newInput(c)}
}

// WithReport shows a report already built, as the golden tests do.
func (m *Model) WithReport(r analysis.FunnelReport) *Model {
	m.report = &r
	m.clampSelection()
	return m
}

// Title implements common.Pane.
func (m *Model) Title() string { return "Funnel" }

// Busy implements common.Pane.
func (m *Model) Busy() bool { return m.job.Running() }

// Editing implements common.Editing: while a filter is typed every key
// is the input's.
func (m *Model) Editing() bool { return m.editing != none }

// SetSize implements common.Pane.
func (m *Model) SetSize(w, h int) {
	m.width, m.height = w, h
	m.input.SetWidth(max(w-len(m.input.Prompt)-1, 1))
}

// Init implements common.Pane.
func (m *Model) Init() tea.Cmd {
	if m.report != nil {
		return nil
	}
	return m.query(m.filter)
}

// query starts building the funnel under f; the runner cancels the job
// it replaces, and Latest refuses that job's result should it arrive.
func (m *Model) query(f queries.FunnelFilter) tea.Cmd {
	m.filter, m.cancelled, m.inputErr = f, false, ""
	m.c.Recover(m.Title())
	opt := m.opt
	run := m.job.Start(m.c.Jobs, func(ctx context.Context, ws *queries.Workspace) (result, error) {
		r, err := analysis.BuildFunnel(ctx, ws, opt, f)
		res := result{filter: f, report: r}
		for stage := range res.accounts {
			if err != nil || len(r.Stages) != len(res.accounts) {
				break
			}
			res.accounts[stage], err = queries.FunnelStageAccounts(ctx, ws, stage, listed)
		}
		if err == nil && f.AccountFilters() {
			var ids []string
			ids, err = queries.FunnelScope(ctx, ws)
			res.scope = make(map[string]bool, len(ids))
			for _, id := range ids {
				res.scope[id] = true
			}
		}
		return res, err
	})
	return tea.Batch(run, m.spin.Tick)
}

// Update implements common.Pane.
func (m *Model) Update(msg tea.Msg) tea.Cmd {
	if common.Restyled(msg) {
		m.input.SetStyles(m.c.Styles.Input)
	}
	switch msg := msg.(type) {
	case session.Changed:
		if msg.Seq > m.sessSeq {
			m.sess, m.sessSeq = msg.Session, msg.Seq
			return m.countReady()
		}
		return nil
	case readyCounted:
		if msg.gen == m.readyGen {
			m.ready = &msg.counts
		}
		return nil
	case jobs.Result[result]:
		shown, failed := m.finish(msg)
		if shown {
			return m.countReady()
		}
		return failed
	case spinner.TickMsg:
		return common.Spin(&m.spin, m.job.Running(), msg)
	case tea.KeyPressMsg:
		if m.Editing() {
			return m.editKey(msg)
		}
		return m.key(msg)
	}
	// Cursor blinks and pastes reach every pane; only an open input
	// wants them.
	if m.Editing() {
		var cmd tea.Cmd
		m.input, cmd = m.input.Update(msg)
		return cmd
	}
	return nil
}

// finish takes a job's result: shown when a new report is on view, else
// the report of its failure.
func (m *Model) finish(msg jobs.Result[result]) (shown bool, failed tea.Cmd) {
	if !m.job.Accept(msg) {
		return false, nil
	}
	if msg.Err != nil {
		if errors.Is(msg.Err, context.Canceled) {
			m.cancelled = true
		} else {
			failed = m.c.Fail(m.Title(), fmt.Errorf("funnel for %s: %w", describe(m.filter), msg.Err))
		}
		// The filter line describes the result on screen; with none
		// new, the next change starts from the filter that produced it.
		if m.report != nil {
			m.filter = m.shown
		}
		return false, failed
	}
	r := msg.Value
	m.report, m.shown, m.accounts, m.scope = &r.report, r.filter, &r.accounts, r.scope
	m.clampSelection()
	return true, nil
}

// countReady counts the SDR-ready stages of the shown report's scope
// under the latest model, off the UI loop. Until the count arrives the
// lead funnel shows no SDR-ready stage rather than an old one.
func (m *Model) countReady() tea.Cmd {
	m.readyGen++
	m.ready = nil
	if m.sess == nil || m.report == nil {
		return nil
	}
	gen, sess, scope := m.readyGen, m.sess, m.scope
	return func() tea.Msg {
		var in func(string) bool
		if scope != nil {
			in = func(a string) bool { return scope[a] }
		}
		return readyCounted{gen: gen, counts: analysis.ReadyStages(sess.Data, sess.Scores, sess.Config.Cutoff, in)}
	}
}

// shownReport is the report on screen: with the SDR-ready stages once
// they are counted for it.
func (m *Model) shownReport() *analysis.FunnelReport {
	if m.report == nil || m.ready == nil {
		return m.report
	}
	r := m.report.WithSDRReady(*m.ready)
	return &r
}

func (m *Model) clampSelection() {
	m.selected = min(max(m.selected, 0), max(len(m.report.Stages)-1, 0))
	if len(m.report.Stages) == 0 {
		m.detail = false
	}
}

func (m *Model) hasStages() bool { return m.report != nil && len(m.report.Stages) > 0 }

// key handles a key when no input is open.
func (m *Model) key(msg tea.KeyPressMsg) tea.Cmd {
	m.refreshKeys()
	k := &m.keys
	switch {
	case key.Matches(msg, k.Up):
		m.selected = max(m.selected-1, 0)
	case key.Matches(msg, k.Down):
		m.selected = min(m.selected+1, len(m.report.Stages)-1)
	case key.Matches(msg, k.Details):
		m.detail = !m.detail
	case key.Matches(msg, k.Cancel):
		m.job.Cancel(m.c.Jobs)
	case key.Matches(msg, k.Tier):
		f := m.filter
		f.Tier = (f.Tier + 1) % 4
		return m.query(f)
	case key.Matches(msg, k.Industry):
		return m.openInput(industry)
	case key.Matches(msg, k.Region):
		return m.openInput(region)
	case key.Matches(msg, k.Cohort):
		return m.openInput(cohort)
	case key.Matches(msg, k.Clear):
		return m.query(queries.FunnelFilter{SDRReady: m.filter.SDRReady})
	case key.Matches(msg, k.Reload):
		return m.query(m.filter)
	}
	return nil
}
