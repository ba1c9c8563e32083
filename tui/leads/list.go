package leads

import (
	"cmp"
	"slices"
	"strconv"

	tea "charm.land/bubbletea/v2"

	"github.com/leadlab/leadlab/tui/common"
	"github.com/leadlab/leadlab/tui/table"
)

// Columns the leads can be sorted by, in the order s cycles them.
const (
	byLead = iota
	byAccount
	byFit
	byPain
	byScore
	byStatus
	leadColumns
)

// Columns the accounts can be sorted by.
const (
	byAccountID = iota
	byAccountLeads
	byReadyNow
	byAccountScore
	accountColumns
)

var (
	leadColumnNames    = [leadColumns]string{"lead", "account", "fit", "pain", "score", "status"}
	accountColumnNames = [accountColumns]string{"account", "leads", "ready now", "score"}
)

// statusNames are the outcomes as the list words them, by Leads.Outcome.
var statusNames = [...]string{"not won", "won", "maturing"}

// leadHighFirst says which lead columns start largest first.
func leadHighFirst(col int) bool { return col == byFit || col == byPain || col == byScore }

func accountHighFirst(col int) bool { return col != byAccountID }

// defaultOrder says the list is as the ranking made it: leads by score,
// accounts by leads ready now, unfiltered. Only then are the ranking's
// own slices the rows on view, with nothing to compute.
func (m *Model) defaultOrder() bool {
	if m.search.Text() != "" {
		return false
	}
	if m.showAcc {
		return m.accSort.Col == byReadyNow && m.accSort.Desc
	}
	return m.leadSort.Col == byScore && m.leadSort.Desc
}

// viewed is a list ordered and filtered off the UI loop; seq drops one
// that a newer order or filter replaced.
type viewed struct {
	seq  uint64
	rank *ranking
	acc  bool
	rows []int32
}

// refresh puts the rows of the list on view in the order and filter
// asked for: at once when that is the ranking's own order, else in a
// command, since 200,000 leads take a moment to sort by id. The rows on
// view stay until the new ones arrive.
func (m *Model) refresh() tea.Cmd {
	m.viewSeq++
	r := m.rank
	if r == nil {
		return nil
	}
	if m.defaultOrder() {
		m.rows = r.order
		if m.showAcc {
			m.rows = make([]int32, len(r.accounts.Top))
			for i := range m.rows {
				m.rows[i] = int32(i)
			}
		}
		m.clamp()
		return nil
	}
	seq, acc, search := m.viewSeq, m.showAcc, m.search
	srt := m.leadSort
	if acc {
		srt = m.accSort
	}
	return func() tea.Msg {
		if acc {
			return viewed{seq, r, true, accountRows(r, &search, srt)}
		}
		return viewed{seq, r, false, leadRows(r, &search, srt)}
	}
}

// leadRows are the leads the filter keeps (by lead or account id),
// sorted by the column; ties fall to the score, highest first, then to
// the id in natural order.
func leadRows(r *ranking, search *table.Search, srt table.Sort) []int32 {
	l := &r.sess.Data.Leads
	rows := make([]int32, 0, len(r.order))
	for _, i := range r.order {
		if search.Match(l.IDs[i], l.AccountIDs[i]) {
			rows = append(rows, i)
		}
	}
	score := func(i int32) float64 { return r.now.Score(int(i)) }
	slices.SortStableFunc(rows, func(a, b int32) int {
		var c int
		switch srt.Col {
		case byLead:
			c = table.Compare(l.IDs[a], l.IDs[b])
		case byAccount:
			c = table.Compare(l.AccountIDs[a], l.AccountIDs[b])
		case byFit:
			c = cmp.Compare(r.now.Fit[a], r.now.Fit[b])
		case byPain:
			c = cmp.Compare(r.now.Pain[a], r.now.Pain[b])
		case byScore:
			c = cmp.Compare(score(a), score(b))
		case byStatus:
			c = cmp.Compare(statusNames[l.Outcome[a]], statusNames[l.Outcome[b]])
		}
		if c = srt.Apply(c); c != 0 {
			return c
		}
		if c := cmp.Compare(score(b), score(a)); c != 0 {
			return c
		}
		return table.Compare(l.IDs[a], l.IDs[b])
	})
	return rows
}

// accountRows are the top accounts the filter keeps, sorted by the
// column; ties keep the ranking's order (most leads ready now first).
func accountRows(r *ranking, search *table.Search, srt table.Sort) []int32 {
	top := r.accounts.Top
	rows := make([]int32, 0, len(top))
	for i, a := range top {
		if search.Match(a.AccountID) {
			rows = append(rows, int32(i))
		}
	}
	slices.SortStableFunc(rows, func(i, j int32) int {
		a, b := &top[i], &top[j]
		var c int
		switch srt.Col {
		case byAccountID:
			c = table.Compare(a.AccountID, b.AccountID)
		case byAccountLeads:
			c = cmp.Compare(a.Leads, b.Leads)
		case byReadyNow:
			c = cmp.Compare(a.ReadyLeads, b.ReadyLeads)
		case byAccountScore:
			c = cmp.Compare(a.Score, b.Score)
		}
		return srt.Apply(c)
	})
	return rows
}

// take shows a list ordered off the UI loop, unless a newer one was
// asked for or the ranking changed since.
func (m *Model) take(v viewed) {
	if v.seq != m.viewSeq || v.rank != m.rank || v.acc != m.showAcc {
		return
	}
	m.rows = v.rows
	m.clamp()
}

// clamp keeps the cursor on a row and the page around it.
func (m *Model) clamp() {
	n := len(m.rows)
	m.cursor = max(min(m.cursor, n-1), 0)
	h := m.listHeight()
	if m.cursor < m.offset {
		m.offset = m.cursor
	}
	if m.cursor >= m.offset+h {
		m.offset = m.cursor - h + 1
	}
	m.offset = max(min(m.offset, n-h), 0)
}

// Table implements common.Table: the list on view as filtered and
// sorted, every row; y copies the lead's (or account's) id.
func (m *Model) Table() common.TableData {
	r, rows := m.rank, m.rows
	if r == nil {
		return common.TableData{Selected: -1}
	}
	sel := m.cursor
	if sel >= len(rows) {
		sel = -1
	}
	num := func(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
	if m.showAcc {
		top := r.accounts.Top
		return common.TableData{Name: "accounts", Header: []string{"account_id", "leads", "ready_leads", "score", "ready"},
			Len: len(rows), Selected: sel,
			Row: func(i int) []string {
				a := top[rows[i]]
				return []string{a.AccountID, strconv.FormatInt(a.Leads, 10), strconv.FormatInt(a.ReadyLeads, 10), num(a.Score), strconv.FormatBool(a.Ready)}
			}}
	}
	l, cut := &r.sess.Data.Leads, r.sess.Config.Cutoff
	cfg := r.sess.Config
	header := []string{"lead_id", "account_id", "fit", "pain", "score", "status", "ready"}
	if len(cfg.Bands) > 0 {
		header = append(header, "band")
	}
	return common.TableData{Name: "leads", Header: header, Len: len(rows), Selected: sel,
		Row: func(i int) []string {
			k := int(rows[i])
			s := r.now.Score(k)
			row := []string{l.IDs[k], l.AccountIDs[k], num(r.now.Fit[k]), num(r.now.Pain[k]), num(s),
				statusNames[l.Outcome[k]], strconv.FormatBool(s >= cut)}
			if len(cfg.Bands) > 0 {
				b, _ := cfg.BandOf(s)
				row = append(row, b)
			}
			return row
		}}
}
