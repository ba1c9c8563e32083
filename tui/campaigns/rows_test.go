package campaigns

import (
	"slices"
	"strings"
	"testing"
)

func (m *Model) names() []string {
	out := make([]string, len(m.rows))
	for k := range m.rows {
		out[k] = m.campaign(k).Campaign
	}
	return out
}

// TestSearchSortClick: / keeps the campaigns whose name, type or segment
// has the text; s sorts by the next column, recipients largest first;
// S turns it round; a click on a row selects it; the table handed to y
// and w is the list as on view.
func TestSearchSortClick(t *testing.T) {
	m := newTestModel(nil).WithReport(fixedReport())
	m.SetSize(120, 40)
	press(m, "/", "p", "e", "r", "s", "o", "n", "a", "enter")
	if m.Editing() {
		t.Error("enter did not close the filter")
	}
	want := []string{"onboarding_marketing", "onboarding_operations", "onboarding_sales", "onboarding_technical", "upsell_executive"}
	if got := m.names(); !slices.Equal(got, want) {
		t.Errorf("filter persona: %v, want %v", got, want)
	}
	if v := view(m); !strings.Contains(v, `Campaigns · 5 (of 19) · name ~ "persona"`) {
		t.Errorf("the filter is not named on screen:\n%s", v)
	}
	// type → campaign → segment → recipients.
	press(m, "s", "s", "s")
	want = []string{"onboarding_operations", "onboarding_technical", "onboarding_sales", "onboarding_marketing", "upsell_executive"}
	if got := m.names(); !slices.Equal(got, want) || !m.sort.Desc {
		t.Errorf("by recipients: %v (desc %v), want %v", got, m.sort.Desc, want)
	}
	if v := view(m); !strings.Contains(v, "recipients▼") {
		t.Errorf("the sorted column is not marked:\n%s", v)
	}
	press(m, "S")
	if got := m.names(); got[0] != "upsell_executive" {
		t.Errorf("reversed: %v", got)
	}
	lines := strings.Split(view(m), "\n")
	y := slices.IndexFunc(lines, func(l string) bool { return strings.Contains(l, "onboarding_sales ") })
	if y < 0 {
		t.Fatalf("onboarding_sales is not on screen:\n%s", view(m))
	}
	m.Click(5, y)
	d := m.Table()
	if d.Len != 5 || d.Row(d.Selected)[d.Value] != "onboarding_sales" || d.Row(d.Selected)[4] != "1499" {
		t.Errorf("after the click: %d rows, selected %v", d.Len, d.Row(d.Selected))
	}
	// The selection survives clearing the filter.
	press(m, "/", "esc")
	if len(m.rows) != 19 || m.selectedName() != "onboarding_sales" {
		t.Errorf("cleared: %d rows, selected %s", len(m.rows), m.selectedName())
	}
	m.Scroll(3)
	if m.selected != slices.Index(m.names(), "onboarding_sales")+3 {
		t.Errorf("the wheel moved the selection to %d", m.selected)
	}
}
