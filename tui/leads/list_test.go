package leads

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/leadlab/leadlab/queries"
	"github.com/leadlab/leadlab/tui/common"
	"github.com/leadlab/leadlab/tui/jobs"
	"github.com/leadlab/leadlab/tui/session"
	"github.com/leadlab/leadlab/tui/theme"
	"github.com/leadlab/leadlab/tui/tuitest"
)

// ranked is the screen over the sample's tuned model, ranked.
func ranked(t *testing.T) *Model {
	t.Helper()
	ctx := context.Background()
	ws := tuitest.Sample(t)
	s, err := session.Open(ctx, ws, "", queries.OutcomeOptions{}, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	c := &common.Common{Styles: theme.Default(), Jobs: jobs.New(ctx, ws), Session: &session.Store{}}
	m := New(c)
	m.SetSize(120, 30)
	tuitest.Run(m.Update, m.Update(session.Changed{Seq: 1, Session: s}))
	if m.rank == nil {
		t.Fatal("no ranking")
	}
	return m
}

func (m *Model) ids() []string {
	out := make([]string, len(m.rows))
	for k, i := range m.rows {
		out[k] = m.rank.sess.Data.Leads.IDs[i]
	}
	return out
}

// TestLeadsSearchSortClick: / keeps the leads whose id has the text, s
// sorts by id in natural order (L9 before L10), a click selects the row
// under it, and the table handed to y and w is the list as on view.
func TestLeadsSearchSortClick(t *testing.T) {
	if testing.Short() {
		t.Skip("loads the sample")
	}
	m := ranked(t)
	press := func(keys ...string) {
		for _, k := range keys {
			tuitest.Settle(m.Update, m.Update(tuitest.Key(k)))
		}
	}
	// s cycles score → status → lead.
	press("s", "s")
	if m.leadSort.Col != byLead || m.leadSort.Desc {
		t.Fatalf("after s s: sorted by %d desc=%v", m.leadSort.Col, m.leadSort.Desc)
	}
	ids := m.ids()
	if want := []string{"L1", "L2", "L3", "L4", "L5", "L6", "L7", "L8", "L9", "L10", "L11"}; !slices.Equal(ids[:11], want) {
		t.Errorf("by lead id: %v, want %v", ids[:11], want)
	}
	press("/", "L", "1", "0", "0", "0")
	if !m.Editing() {
		t.Error("the filter is not open while typed")
	}
	press("enter")
	want := []string{"L1000", "L10000", "L10001", "L10002", "L10003", "L10004", "L10005", "L10006", "L10007", "L10008", "L10009"}
	if got := m.ids(); !slices.Equal(got, want) {
		t.Errorf("filtered on L1000: %v, want %v", got, want)
	}
	if v := ansi.Strip(m.View()); !strings.Contains(v, `id ~ "L1000"  11 of 20,000`) || !strings.Contains(v, "lead▲") {
		t.Errorf("the filter and sort are not on screen:\n%s", v)
	}
	// S turns the order round.
	press("S")
	if got := m.ids(); got[0] != "L10009" || got[len(got)-1] != "L1000" {
		t.Errorf("reversed: %v", got)
	}
	// A click on the line where L10005 is drawn selects it.
	y := slices.IndexFunc(strings.Split(ansi.Strip(m.View()), "\n"), func(l string) bool { return strings.Contains(l, " L10005 ") })
	if y < 0 {
		t.Fatal("L10005 is not on screen")
	}
	m.Click(3, y)
	d := m.Table()
	if d.Len != len(want) || d.Selected < 0 || d.Row(d.Selected)[d.Value] != "L10005" || d.Header[0] != "lead_id" {
		t.Errorf("after the click: %d rows, selected %d, %v", d.Len, d.Selected, d.Row(max(d.Selected, 0)))
	}
	// The wheel moves the selection, within the list.
	m.Scroll(-100)
	if d := m.Table(); d.Row(d.Selected)[0] != "L10009" {
		t.Errorf("wheel up to the top selects %s", d.Row(d.Selected)[0])
	}
	// esc on the open filter clears it: every lead is back.
	press("/", "esc")
	if len(m.rows) != 20000 {
		t.Errorf("cleared filter: %d rows", len(m.rows))
	}
}
