package funnel

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/leadlab/leadlab/analysis"
	"github.com/leadlab/leadlab/queries"
	"github.com/leadlab/leadlab/tui/common"
)

// field names the filter a text input edits.
type field int

const (
	none field = iota
	industry
	region
	cohort
)

func (f field) String() string {
	switch f {
	case industry:
		return "industry"
	case region:
		return "region"
	case cohort:
		return "cohort"
	}
	return ""
}

func newInput(c *common.Common) textinput.Model {
	in := textinput.New()
	in.SetStyles(c.Styles.Input)
	return in
}

// openInput opens the input on f, holding the filter's current value so
// Enter on it unchanged changes nothing.
func (m *Model) openInput(f field) tea.Cmd {
	m.editing, m.inputErr = f, ""
	m.input.Prompt = f.String() + ": "
	m.input.Placeholder = "empty for all"
	value := ""
	switch f {
	case industry:
		value = m.filter.Industry
	case region:
		value = m.filter.Region
	case cohort:
		m.input.Placeholder = "2025-03 or 2025-Q1; empty for all"
		if !m.filter.CohortFrom.IsZero() {
			value = cohortName(m.filter.CohortFrom, m.filter.CohortTo)
		}
	}
	m.input.SetValue(value)
	m.input.CursorEnd()
	m.input.SetWidth(max(m.width-len(m.input.Prompt)-1, 1))
	return m.input.Focus()
}

// editKey handles a key while the input is open.
func (m *Model) editKey(msg tea.KeyPressMsg) tea.Cmd {
	switch {
	case key.Matches(msg, m.keys.Apply):
		f, err := m.typed()
		m.closeInput()
		if err != nil {
			// A filter that cannot be read is reported, not queried.
			m.inputErr = err.Error()
			return nil
		}
		if sameFilter(f, m.filter) {
			return nil
		}
		return m.query(f)
	case key.Matches(msg, m.keys.Discard):
		m.closeInput()
		return nil
	}
	var cmd tea.Cmd
	m.input, cmd = m.input.Update(msg)
	return cmd
}

func (m *Model) closeInput() {
	m.editing = none
	m.input.Blur()
}

// typed is the filter asked for with the input's text in place.
func (m *Model) typed() (queries.FunnelFilter, error) {
	f := m.filter
	v := strings.TrimSpace(m.input.Value())
	switch m.editing {
	case industry:
		f.Industry = v
	case region:
		f.Region = v
	case cohort:
		from, to, err := analysis.ParseCohort(v)
		if err != nil {
			return f, err
		}
		f.CohortFrom, f.CohortTo = from, to
	}
	return f, nil
}

// cohortName writes a cohort range back as the month or quarter it was
// typed as.
func cohortName(from, to time.Time) string {
	switch {
	case from.IsZero():
		return "all"
	case to.Equal(from.AddDate(0, 1, 0)):
		return from.Format("2006-01")
	case to.Equal(from.AddDate(0, 3, 0)) && (from.Month()-1)%3 == 0:
		return fmt.Sprintf("%d-Q%d", from.Year(), (from.Month()-1)/3+1)
	}
	return from.Format("2006-01-02") + " to " + to.Format("2006-01-02")
}

// wanted is the filter asked for last, the one the running job or the
// next one builds with.
func (m *Model) wanted() queries.FunnelFilter { return m.filter }

// filtered says any filter the screen sets narrows the funnel.
func filtered(f queries.FunnelFilter) bool {
	return f.Tier != 0 || f.Industry != "" || f.Region != "" || !f.CohortFrom.IsZero()
}

// sameFilter compares filters, times by instant.
func sameFilter(a, b queries.FunnelFilter) bool {
	return a.Tier == b.Tier && a.Industry == b.Industry && a.Region == b.Region &&
		a.CohortFrom.Equal(b.CohortFrom) && a.CohortTo.Equal(b.CohortTo) &&
		a.From.Equal(b.From) && a.To.Equal(b.To) && a.SDRReady == b.SDRReady
}

// filterParts names each filter with its value, "all" when unset.
func filterParts(f queries.FunnelFilter) [][2]string {
	or := func(s string) string {
		if s == "" {
			return "all"
		}
		return s
	}
	tier := "all"
	if f.Tier != 0 {
		tier = strconv.FormatInt(f.Tier, 10)
	}
	return [][2]string{{"tier", tier}, {"industry", or(f.Industry)}, {"region", or(f.Region)},
		{"cohort", cohortName(f.CohortFrom, f.CohortTo)}}
}

// describe writes only the filters set, for the progress line.
func describe(f queries.FunnelFilter) string {
	var set []string
	for _, p := range filterParts(f) {
		if p[1] != "all" {
			set = append(set, p[0]+" "+p[1])
		}
	}
	if len(set) == 0 {
		return "no filter"
	}
	return strings.Join(set, " · ")
}
