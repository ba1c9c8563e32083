package queries

import "sync"

// sessionMemo remembers what this session last put in the derived schema
// and what it read that only a load changes, so that a view asked again
// under the same settings — the Funnel screen's filter changes — does not
// compute it again. It is forgotten whenever the derived schema or the
// dataset may have changed: a load, and the reopen around one.
type sessionMemo struct {
	mu        sync.Mutex
	outcomes  *OutcomeOptions // what derived.lead_outcomes holds; nil: unknown
	result    Outcomes
	highValue []string // the funnel's high-value pages, once resolved
	haveHigh  bool
}

func (m *sessionMemo) forget() {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.outcomes, m.highValue, m.haveHigh = nil, nil, false
}

func (m *sessionMemo) forgetOutcomes() {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.outcomes = nil
}

func (m *sessionMemo) rememberOutcomes(opt OutcomeOptions, o Outcomes) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.outcomes, m.result = &opt, o
}

// CurrentOutcomes returns the outcomes derived.lead_outcomes holds when
// ComputeOutcomes last wrote them under the same settings in this
// session, and false when they must be computed again.
func CurrentOutcomes(ws *Workspace, opt OutcomeOptions) (Outcomes, bool) {
	m := ws.memo
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.outcomes == nil || !sameOutcomeOptions(*m.outcomes, opt) {
		return Outcomes{}, false
	}
	return m.result, true
}

func sameOutcomeOptions(a, b OutcomeOptions) bool {
	return a.WindowSet == b.WindowSet && a.WindowDays == b.WindowDays && a.AsOf.Equal(b.AsOf)
}
