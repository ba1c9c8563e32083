package actions

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"charm.land/bubbles/v2/key"

	"github.com/leadlab/leadlab/analysis"
	"github.com/leadlab/leadlab/analysis/scoring"
	"github.com/leadlab/leadlab/queries"
	"github.com/leadlab/leadlab/tui/common"
	"github.com/leadlab/leadlab/tui/jobs"
	"github.com/leadlab/leadlab/tui/session"
	"github.com/leadlab/leadlab/tui/table"
	"github.com/leadlab/leadlab/tui/tuitest"
)

func TestGolden(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {120, 36}} {
		w, h := size[0], size[1]
		m := fixedModel(w, h)
		// One factor added, one excluded, the cursor two rows down.
		press(m, "j", "j", "a", "j", "j", "x", "k")
		checkSize(t, m.View(), w, h)
		tuitest.Golden(t, fmt.Sprintf("actions_%dx%d", w, h), plain(m))

		press(m, "m")
		checkSize(t, m.View(), w, h)
		tuitest.Golden(t, fmt.Sprintf("multivariate_%dx%d", w, h), plain(m))
	}
}

// Every size, however small, gets exactly the cells it was given.
func TestViewFitsAnySize(t *testing.T) {
	for _, size := range [][2]int{{20, 5}, {40, 10}, {60, 15}, {100, 30}, {200, 60}} {
		m := fixedModel(size[0], size[1])
		checkSize(t, m.View(), size[0], size[1])
		press(m, "G")
		checkSize(t, m.View(), size[0], size[1])
		press(m, "m")
		checkSize(t, m.View(), size[0], size[1])
	}
}

func TestScrollRendersOnlyThePage(t *testing.T) {
	m := fixedModel(120, 12) // 7 rows on view
	if v := plain(m); !strings.Contains(v, "event:contract_sent") || strings.Contains(v, "account:target=false") {
		t.Fatalf("first page should start at the top:\n%s", v)
	}
	press(m, "G")
	if v := plain(m); strings.Contains(v, "event:contract_sent ") || !strings.Contains(v, "account:target=false") {
		t.Fatalf("G should show the last page:\n%s", v)
	}
	press(m, "g", "pgdown")
	// A page down keeps one row of the last page in view.
	if f, _ := m.selected(); f.Factor != "attr:source=partner_referral_programme" {
		t.Errorf("pgdown from the top selects %s, want the 7th row", f.Factor)
	}
}

func TestSortKeys(t *testing.T) {
	m := fixedModel(120, 36)
	first := func() string { return m.report.Factors[m.rows[0]].Factor }
	if first() != "event:contract_sent" {
		t.Fatalf("default order is by lift, highest first; got %s first", first())
	}
	press(m, "s") // lift → odds ratio
	if m.sortBy != byOdds || !m.desc {
		t.Fatalf("s: sort by %s desc=%v, want odds ratio, highest first", m.sortBy, m.desc)
	}
	press(m, "s") // → q, smallest first
	if m.sortBy != byQ || m.desc || first() != "event:contract_sent" {
		t.Errorf("q: %s desc=%v first %s", m.sortBy, m.desc, first())
	}
	press(m, "S")
	if !m.desc || first() != "event:website_visit" {
		t.Errorf("S reverses: desc=%v first %s", m.desc, first())
	}
	if v := plain(m); !strings.Contains(v, "sort q ▼") || !strings.Contains(v, "q▼") {
		t.Errorf("the header should mark the sort column and direction:\n%s", v)
	}
	press(m, "s", "s")
	if m.sortBy != byFactor || m.desc || first() != "account:industry=Software" {
		t.Errorf("s wraps to factor, A to Z: %s desc=%v first %s", m.sortBy, m.desc, first())
	}
}

func TestKindAndTextFilterKeys(t *testing.T) {
	m := fixedModel(120, 36)
	press(m, "f")
	for _, i := range m.rows {
		if m.report.Factors[i].Kind != "fit" {
			t.Fatalf("f: %s shown under kind fit", m.report.Factors[i].Factor)
		}
	}
	press(m, "f", "f")
	if m.filter.kind != "" || len(m.rows) != len(m.report.Factors) {
		t.Fatalf("f three times is back to all: kind %q, %d rows", m.filter.kind, len(m.rows))
	}

	press(m, "/")
	if !m.Editing() {
		t.Fatal("/ opens the text filter")
	}
	typeText(m, "Demo")
	if len(m.rows) != 1 || m.report.Factors[m.rows[0]].Factor != "event:demo_request" {
		t.Fatalf("typing filters as it goes: %d rows", len(m.rows))
	}
	// While typing, letters are text, not commands.
	press(m, "a")
	if len(m.added) != 0 || m.filter.text != "Demoa" {
		t.Fatalf("a while typing should type, not add: added %v, text %q", m.added, m.filter.text)
	}
	press(m, "backspace", "enter")
	if m.Editing() || m.filter.text != "Demo" || len(m.rows) != 1 {
		t.Fatalf("enter keeps the filter: editing %v, text %q, %d rows", m.Editing(), m.filter.text, len(m.rows))
	}
	if v := plain(m); !strings.Contains(v, `name ~ "Demo"`) {
		t.Errorf("the kept filter is shown:\n%s", v)
	}
	press(m, "/", "esc")
	if m.Editing() || m.filter.text != "" || len(m.rows) != len(m.report.Factors) {
		t.Fatalf("esc clears the filter: editing %v, text %q, %d rows", m.Editing(), m.filter.text, len(m.rows))
	}

	press(m, "v")
	if len(m.rows) != len(m.report.Factors)-6 {
		t.Errorf("v hides the 6 rare and vanity rows: %d rows", len(m.rows))
	}
	if !strings.Contains(plain(m), "rare/vanity hidden") {
		t.Error("the header should say rare and vanity rows are hidden")
	}
}

// selectFactor puts the cursor on name.
func selectFactor(t *testing.T, m *Model, name string) {
	t.Helper()
	for i, r := range m.rows {
		if m.report.Factors[r].Factor == name {
			m.table.cursor = i
			return
		}
	}
	t.Fatalf("%s is not shown", name)
}

func enabled(bs []key.Binding, k string) bool {
	for _, b := range bs {
		if b.Enabled() && b.Help().Key == k {
			return true
		}
	}
	return false
}

func TestAddNeedsPoints(t *testing.T) {
	m := fixedModel(120, 36)
	for name, why := range map[string]string{
		"event:pricing_page_view": "too weak (lift +3.6, needs 5 or more)",
		"event:login>=3":          "not significant (q 0.0603, needs < 0.05)",
		"event:email_click":       "vanity signal, never given points",
	} {
		selectFactor(t, m, name)
		if enabled(m.ShortHelp(), "a") {
			t.Errorf("%s: the help offers a on a row with no points", name)
		}
		if cmd := press(m, "a"); cmd != nil {
			t.Errorf("%s: a on a 0-point row returned a command", name)
		}
		if m.mark(name) != " " {
			t.Errorf("%s: marked %q", name, m.mark(name))
		}
		if want := "no points for " + name + ": " + why; m.Status() != want {
			t.Errorf("status %q, want %q", m.Status(), want)
		}
	}
}

func TestAddAndExclude(t *testing.T) {
	m := fixedModel(120, 36)
	selectFactor(t, m, "event:demo_request")
	if !enabled(m.ShortHelp(), "a") {
		t.Fatal("the help should offer a on a row with points")
	}
	cmd := press(m, "a")
	if cmd == nil {
		t.Fatal("a returned no command")
	}
	if got, want := cmd(), (common.AddRule{Factor: "event:demo_request", Kind: "pain", Points: 5}); got != want {
		t.Fatalf("a emitted %#v, want %#v", got, want)
	}
	if m.mark("event:demo_request") != "+" || m.Status() != "added event:demo_request, 5 points" {
		t.Errorf("after a: mark %q, status %q", m.mark("event:demo_request"), m.Status())
	}
	if enabled(m.ShortHelp(), "a") || press(m, "a") != nil {
		t.Error("a twice sends the rule twice")
	}

	cmd = press(m, "x")
	if cmd == nil {
		t.Fatal("x returned no command")
	}
	if got, want := cmd(), (common.Exclude{Factor: "event:demo_request"}); got != want {
		t.Fatalf("x emitted %#v, want %#v", got, want)
	}
	if m.mark("event:demo_request") != "×" || enabled(m.ShortHelp(), "x") {
		t.Errorf("after x: mark %q, x still offered %v", m.mark("event:demo_request"), enabled(m.ShortHelp(), "x"))
	}
	if !enabled(m.ShortHelp(), "a") {
		t.Error("an excluded factor with points can be added back")
	}

	// A factor whose name a rule cannot use is not offered either.
	r := fixedReport()
	r.Factors[19].SuggestedPoints = 7 // attr:country=(other)
	m = New(newCommon(), queries.OutcomeOptions{}).WithReport(r)
	m.SetSize(120, 36)
	selectFactor(t, m, "attr:country=(other)")
	if enabled(m.ShortHelp(), "a") || press(m, "a") != nil || !strings.Contains(m.Status(), "(other)") {
		t.Errorf("(other) with points: a should say why it cannot; status %q", m.Status())
	}
}

// The marks follow the scoring model once the Scoring screen confirms it.
func TestMarksFollowTheSession(t *testing.T) {
	m := fixedModel(120, 36)
	selectFactor(t, m, "event:trial_signup")
	press(m, "a")
	cfg := scoring.Default()
	cfg.Pain = []scoring.Rule{{Factor: "event:document_created", Points: 28}, {Factor: "event:trial_signup", Points: 5}}
	m.Update(session.Changed{Seq: 2, Session: &session.Session{Config: cfg}})
	if m.added["event:trial_signup"] {
		t.Error("a rule the session holds is no longer pending")
	}
	if m.mark("event:trial_signup") != "+" || m.mark("event:document_created") != "+" {
		t.Error("rules in the session are marked +")
	}
	selectFactor(t, m, "event:document_created")
	if !strings.Contains(plain(m), "in the model at 28 points (suggested 15)") {
		t.Errorf("the detail line says where the factor stands:\n%s", plain(m))
	}
	if !enabled(m.ShortHelp(), "a") {
		t.Error("a sets a rule in the model to the suggested points")
	}
	// An older session arriving late changes nothing.
	m.Update(session.Changed{Seq: 1, Session: &session.Session{Config: scoring.Default()}})
	if m.mark("event:document_created") != "+" {
		t.Error("a stale session replaced a newer one")
	}
}

func TestStaleResultIgnored(t *testing.T) {
	m := New(newCommon(), queries.OutcomeOptions{})
	m.SetSize(80, 24)
	m.Init()      // job 1
	press(m, "r") // job 2 replaces it
	old, cur := fixedReport(), fixedReport()
	old.Leads = 1
	m.Update(jobs.Result[analysis.ActionsReport]{End: jobs.End{Key: "actions", Seq: 1}, Value: old})
	if m.report != nil || !m.Busy() {
		t.Fatal("the result of a replaced job was shown")
	}
	m.Update(jobs.Result[analysis.ActionsReport]{End: jobs.End{Key: "other", Seq: 2}, Value: old})
	if m.report != nil {
		t.Fatal("another screen's result was shown")
	}
	m.Update(jobs.Result[analysis.ActionsReport]{End: jobs.End{Key: "actions", Seq: 2}, Value: cur})
	if m.report == nil || m.report.Leads != fixtureLeads || m.Busy() {
		t.Fatal("the latest result was not shown")
	}
}

func TestRerunKeepsTheTable(t *testing.T) {
	m := fixedModel(120, 36)
	press(m, "r")
	v := plain(m)
	if !m.Busy() || !strings.Contains(v, "updating…") || !strings.Contains(v, "event:document_created") {
		t.Fatalf("a re-run keeps the last table, marked updating:\n%s", v)
	}
	if !enabled(m.ShortHelp(), "esc") {
		t.Error("esc is offered while a query runs")
	}
	press(m, "esc")
	m.Update(jobs.Result[analysis.ActionsReport]{End: jobs.End{Key: "actions", Seq: 1, Err: context.Canceled}})
	if m.Busy() || m.report == nil || !strings.Contains(m.Status(), "cancelled") {
		t.Errorf("after esc: busy %v, status %q", m.Busy(), m.Status())
	}
	if enabled(m.ShortHelp(), "esc") {
		t.Error("esc is offered with nothing to cancel")
	}
}

func TestErrorWithoutReport(t *testing.T) {
	m := New(newCommon(), queries.OutcomeOptions{})
	m.SetSize(80, 24)
	m.Init()
	m.Update(jobs.Result[analysis.ActionsReport]{End: jobs.End{Key: "actions", Seq: 1, Err: fmt.Errorf("no leads table")}})
	if v := plain(m); !strings.Contains(v, "could not be computed: no leads table") {
		t.Errorf("the error is shown in words:\n%s", v)
	}
	checkSize(t, m.View(), 80, 24)
}

func TestNoModel(t *testing.T) {
	r := fixedReport()
	r.Model = analysis.Model{Factors: []analysis.ModelFactor{}, Note: "no factor earned points, so there is nothing to fit"}
	m := New(newCommon(), queries.OutcomeOptions{}).WithReport(r)
	m.SetSize(80, 24)
	press(m, "m")
	v := plain(m)
	if !strings.Contains(v, "No multivariate model was fitted.") || !strings.Contains(v, "nothing to fit") {
		t.Errorf("the view says why there is no model:\n%s", v)
	}
	checkSize(t, m.View(), 80, 24)
}

// A new result keeps the cursor on the factor it was on, even when the
// rows move or fewer come back.
func TestRerunKeepsTheSelection(t *testing.T) {
	m := fixedModel(120, 36)
	press(m, "G") // account:target=false, the last row
	press(m, "r")
	r := fixedReport()
	r.Factors = r.Factors[20:]
	m.Update(jobs.Result[analysis.ActionsReport]{End: jobs.End{Key: "actions", Seq: 1}, Value: r})
	if f, ok := m.selected(); !ok || f.Factor != "account:target=false" {
		t.Fatalf("selection after a re-run: %v", f)
	}
	r.Factors = r.Factors[:2]
	press(m, "r")
	m.Update(jobs.Result[analysis.ActionsReport]{End: jobs.End{Key: "actions", Seq: 2}, Value: r})
	if _, ok := m.selected(); !ok || len(m.rows) != 2 {
		t.Fatalf("a factor gone: %d rows, selection %v", len(m.rows), ok)
	}
	checkSize(t, m.View(), 120, 36)
}

// Adding "did it at least N times" while "did it" is in the model says
// that a lead who did it N times scores both.
func TestAddOverlappingFactorSaysSo(t *testing.T) {
	m := fixedModel(120, 36)
	cfg := scoring.Default()
	cfg.Pain = []scoring.Rule{{Factor: "event:document_created", Points: 16}}
	m.Update(session.Changed{Seq: 2, Session: &session.Session{Config: cfg}})
	selectFactor(t, m, "event:document_created>=5")
	if press(m, "a") == nil {
		t.Fatal("a returned no command")
	}
	if s := m.Status(); !strings.Contains(s, "overlaps event:document_created") || !strings.Contains(s, "counts twice") {
		t.Fatalf("status %q", s)
	}
	// A rule on another event is no overlap.
	selectFactor(t, m, "event:contract_sent")
	press(m, "a")
	if s := m.Status(); strings.Contains(s, "overlaps") {
		t.Fatalf("status %q", s)
	}
}

// With no wins there is nothing to compare: the screen says so in the
// words report actions exits with, not a table of zero lifts.
func TestNoWinsSaysNothingToCompare(t *testing.T) {
	r := fixedReport()
	r.Won = 0
	m := New(newCommon(), queries.OutcomeOptions{}).WithReport(r)
	m.SetSize(100, 30)
	got := strings.Join(strings.Fields(plain(m)), " ")
	if want := scoring.NoContrast(r.Leads, 0, "lead"); !strings.Contains(got, want) {
		t.Errorf("screen does not say %q:\n%s", want, plain(m))
	}
	if strings.Contains(got, "lift") && strings.Contains(got, "odds") {
		t.Errorf("the table is drawn with nothing to compare:\n%s", plain(m))
	}
}

// Factors every lead has are left out of the table, and the screen says
// how many.
func TestDroppedFactorsAreCounted(t *testing.T) {
	r := fixedReport()
	r.Dropped = []analysis.DroppedFactor{{Factor: "attr:role=(missing)", Kind: "fit"}, {Factor: "event:email_sent", Kind: "pain"}}
	m := New(newCommon(), queries.OutcomeOptions{}).WithReport(r)
	m.SetSize(160, 30)
	if !strings.Contains(plain(m), "2 every lead has, left out") {
		t.Errorf("the dropped factors are not counted:\n%s", plain(m))
	}
}

// TestAnnouncesFactors: a computed table announces its factors, by name
// in natural order with their suggested points, for the Scoring screen
// to complete names from.
func TestAnnouncesFactors(t *testing.T) {
	m := New(newCommon(), queries.OutcomeOptions{})
	m.SetSize(80, 24)
	m.Init()
	r := fixedReport()
	cmd := m.Update(jobs.Result[analysis.ActionsReport]{End: jobs.End{Key: "actions", Seq: 1}, Value: r})
	if cmd == nil {
		t.Fatal("no announcement")
	}
	f, ok := cmd().(common.Factors)
	if !ok || len(f.Names) != len(r.Factors) || len(f.Points) != len(f.Names) {
		t.Fatalf("announced %#v", f)
	}
	for i := 1; i < len(f.Names); i++ {
		if table.Compare(f.Names[i-1], f.Names[i]) > 0 {
			t.Errorf("%s before %s", f.Names[i-1], f.Names[i])
		}
	}
	for i, n := range f.Names {
		for _, rf := range r.Factors {
			if rf.Factor == n && rf.SuggestedPoints != f.Points[i] {
				t.Errorf("%s: %d points announced, %d suggested", n, f.Points[i], rf.SuggestedPoints)
			}
		}
	}
}
