// Package actions is the Actions screen: which actions and attributes go with
// deals closing (docs/statistics.md). It shows the correlation table with
// each lift's 95% interval drawn on one axis, sorts and filters it, switches
// to the multivariate view, and hands factors to the scoring model as
// messages (common.AddRule, common.Exclude) that the workbench routes to the Scoring
// screen.
package actions

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"

	"github.com/leadlab/leadlab/analysis"
	"github.com/leadlab/leadlab/queries"
	"github.com/leadlab/leadlab/tui/common"
	"github.com/leadlab/leadlab/tui/jobs"
	"github.com/leadlab/leadlab/tui/session"
	"github.com/leadlab/leadlab/tui/table"
)

// mode is the table on view.
type mode int

const (
	univariate   mode = iota // one row per factor
	multivariate             // the logistic model's coefficients
)

// Model is the Actions screen.
type Model struct {
	c    *common.Common
	opt  queries.OutcomeOptions
	job  jobs.Latest[analysis.ActionsReport]
	spin spinner.Model
	keys keyMap

	report *analysis.ActionsReport
	byName map[string]int // factor name → index in report.Factors
	lift   axis           // shared by every row of the table
	coef   axis           // shared by every row of the multivariate view
	// The columns of both tables before layout, measured once per report
	// rather than over every row at every frame.
	cols, mvCols []column

	mode   mode
	sortBy sortColumn
	desc   bool
	filter filter
	rows   []int // indexes into report.Factors, filtered and sorted
	table  window
	model  window
	search table.Search // the text filter, typed after /

	// What the analyst sent to the scoring model from here, until the
	// Scoring screen's session confirms it, and what the newest session
	// holds (factor → points).
	added    map[string]bool
	excluded map[string]bool
	inModel  map[string]float64
	sessSeq  uint64

	status        string
	width, height int
}

// New returns the Actions screen; it computes the table when started.
func New(c *common.Common, opt queries.OutcomeOptions) *Model {
	return &Model{c: c, opt: opt, job: jobs.Latest[analysis.ActionsReport]{Key: "actions"},
		spin: spinner.New(spinner.WithSpinner(spinner.Dot)), keys: newKeyMap(),
		sortBy: byLift, desc: true, search: table.NewSearch("part of a factor name", c.Styles.Input),
		added: map[string]bool{}, excluded: map[string]bool{}, inModel: map[string]float64{}}
}

// WithReport shows a report already computed, as the golden tests do.
func (m *Model) WithReport(r analysis.ActionsReport) *Model {
	m.setReport(r)
	return m
}

// Title implements common.Pane.
func (m *Model) Title() string { return "Actions" }

// Busy implements common.Pane.
func (m *Model) Busy() bool { return m.job.Running() }

// Editing implements common.Editing: while the text filter is open every
// key types into it.
func (m *Model) Editing() bool { return m.search.Editing() }

var _ common.Statuser = (*Model)(nil) // the workbench shows Status on the status line

// Status is the last thing the screen did, for the workbench's status line.
func (m *Model) Status() string { return m.status }

// SetSize implements common.Pane.
func (m *Model) SetSize(w, h int) {
	m.width, m.height = w, h
	m.table.fit(len(m.rows), m.pageRowsIn(univariate))
	m.model.fit(m.modelRows(), m.pageRowsIn(multivariate))
}

// Init implements common.Pane.
func (m *Model) Init() tea.Cmd {
	if m.report != nil {
		return nil
	}
	return m.load()
}

// load computes the table off the UI loop; the report on view stays
// until the new one arrives.
func (m *Model) load() tea.Cmd {
	opt := m.opt
	run := m.job.Start(m.c.Jobs, func(ctx context.Context, ws *queries.Workspace) (analysis.ActionsReport, error) {
		return analysis.BuildActions(ctx, ws, opt)
	})
	return tea.Batch(run, m.spin.Tick)
}

// Update implements common.Pane.
func (m *Model) Update(msg tea.Msg) tea.Cmd {
	if common.Restyled(msg) {
		m.search.SetStyles(m.c.Styles.Input)
	}
	switch msg := msg.(type) {
	case jobs.Result[analysis.ActionsReport]:
		if !m.job.Accept(msg) {
			return nil
		}
		m.finish(msg)
		switch {
		case msg.Err != nil && !errors.Is(msg.Err, context.Canceled):
			return m.c.Fail(m.Title(), fmt.Errorf("the correlation table could not be computed: %w", msg.Err))
		case msg.Err == nil && m.report != nil:
			return m.factors()
		}
		return nil
	case spinner.TickMsg:
		return common.Spin(&m.spin, m.job.Running(), msg)
	case session.Changed:
		m.sessionChanged(msg)
		return nil
	case tea.KeyPressMsg:
		return m.key(msg)
	}
	// The text filter's cursor blinks on messages of its own.
	return m.search.Update(msg)
}

// finish takes the result of the latest query. A failure keeps the last
// table on view and says so: an analyst who cancels a slow re-run should
// not lose what was there.
func (m *Model) finish(msg jobs.Result[analysis.ActionsReport]) {
	switch {
	case errors.Is(msg.Err, context.Canceled):
		m.status = "cancelled"
		if m.report != nil {
			m.status += "; the table on view is from the previous run"
		}
	case msg.Err != nil:
		// Reported on the status line (see Update); the screen says it
		// in its body too while it has no table to show.
		m.status = ""
	default:
		r := msg.Value
		m.setReport(r)
		m.status = fmt.Sprintf("%d factors compared in %s", len(r.Factors), msg.Elapsed.Round(time.Millisecond))
	}
}

func (m *Model) setReport(r analysis.ActionsReport) {
	prev := m.tableFactor()
	m.report = &r
	m.c.Recover(m.Title())
	m.byName = make(map[string]int, len(r.Factors))
	for i, f := range r.Factors {
		m.byName[f.Factor] = i
	}
	m.lift, m.coef = liftAxis(r.Factors), coefAxis(r.Model.Factors)
	m.cols, m.mvCols = m.tableColumns(), m.modelColumns()
	m.rows = nil // they index the previous report
	m.refilterAt(prev)
	m.model.fit(m.modelRows(), m.pageRowsIn(multivariate))
}

// tableFactor is the name of the factor under the table's cursor, or "".
func (m *Model) tableFactor() string {
	if m.report == nil || m.table.cursor >= len(m.rows) {
		return ""
	}
	return m.report.Factors[m.rows[m.table.cursor]].Factor
}

// refilter recomputes the rows on view, keeping the cursor on the factor
// it was on when that factor is still shown.
func (m *Model) refilter() { m.refilterAt(m.tableFactor()) }

func (m *Model) refilterAt(prev string) {
	if m.report == nil {
		return
	}
	m.rows = visible(m.report.Factors, m.filter, m.sortBy, m.desc)
	for i, r := range m.rows {
		if m.report.Factors[r].Factor == prev {
			m.table.cursor = i
		}
	}
	m.table.fit(len(m.rows), m.pageRowsIn(univariate))
}

// sessionChanged records the rules of the newest scoring model, so the
// marks show what the model holds rather than what was asked of it.
func (m *Model) sessionChanged(msg session.Changed) {
	if msg.Session == nil || msg.Seq <= m.sessSeq {
		return
	}
	m.sessSeq = msg.Seq
	m.inModel = map[string]float64{}
	cfg := msg.Session.Config
	for _, r := range append(slices.Clone(cfg.Fit), cfg.Pain...) {
		m.inModel[r.Factor] = r.Points
		delete(m.added, r.Factor) // confirmed
	}
}

// selected is the factor under the cursor, in either view.
func (m *Model) selected() (*analysis.Factor, bool) {
	if m.report == nil {
		return nil, false
	}
	if m.mode == multivariate {
		if m.model.cursor >= m.modelRows() {
			return nil, false
		}
		i, ok := m.byName[m.report.Model.Factors[m.model.cursor].Factor]
		if !ok {
			return nil, false
		}
		return &m.report.Factors[i], true
	}
	if m.table.cursor >= len(m.rows) {
		return nil, false
	}
	return &m.report.Factors[m.rows[m.table.cursor]], true
}

func (m *Model) modelRows() int {
	if m.report == nil {
		return 0
	}
	return len(m.report.Model.Factors)
}
