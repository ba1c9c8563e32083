package campaigns

import (
	"context"
	"errors"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/leadlab/leadlab/analysis"
	"github.com/leadlab/leadlab/queries"
	"github.com/leadlab/leadlab/tui/common"
	"github.com/leadlab/leadlab/tui/jobs"
	"github.com/leadlab/leadlab/tui/theme"
	"github.com/leadlab/leadlab/tui/tuitest"
)

// fixedReport is the sample's report at 7 days, written down by hand from
// `leadlab report campaigns`, except that nurture's segmented campaigns
// are made to lose product use, so one verdict is bad news.
func fixedReport() analysis.CampaignsReport {
	row := func(name, typ, seg string, n, sends int64, open, click, use, base float64, baseN int64, lift, lo, hi float64) analysis.CampaignRow {
		return analysis.CampaignRow{Campaign: name, Type: typ, Segmented: seg != "", Segment: seg, Recipients: n, Sends: sends,
			OpenRate: open / 100, ClickRate: click / 100, EngagedRate: use / 100, BaselineRate: base / 100, BaselineSize: baseN,
			LiftPP: lift, LiftCILow: lo, LiftCIHigh: hi}
	}
	diff := func(d, lo, hi float64) analysis.Diff { return analysis.Diff{DiffPP: d, CILow: lo, CIHigh: hi} }
	return analysis.CampaignsReport{Days: 7,
		Campaigns: []analysis.CampaignRow{
			row("customer_onboarding", "customer_onboarding", "", 1966, 5898, 93.3, 39.6, 97.6, 1.7, 512, 95.8, 94.9, 96.6),
			row("nurture_financial_services", "nurture", "vertical:financial_services", 642, 3852, 64.6, 12.0, 0.0, 1.9, 14210, -1.9, -2.2, -1.2),
			row("nurture_generic", "nurture", "", 8000, 48000, 63.0, 10.7, 0.0, 3.3, 9120, -3.3, -3.9, -2.8),
			row("nurture_healthcare", "nurture", "vertical:healthcare", 594, 3564, 64.3, 12.8, 0.0, 1.8, 14260, -1.8, -2.1, -1.1),
			row("nurture_manufacturing", "nurture", "vertical:manufacturing", 664, 3984, 65.7, 12.5, 0.0, 1.6, 14190, -1.6, -1.9, -1.0),
			row("nurture_retail", "nurture", "vertical:retail", 616, 3696, 63.8, 10.6, 0.0, 1.7, 14230, -1.7, -1.9, -1.0),
			row("nurture_software", "nurture", "vertical:software", 584, 3504, 63.0, 11.6, 0.0, 1.8, 14270, -1.8, -2.1, -1.1),
			row("onboarding_generic", "onboarding", "", 10800, 43200, 57.1, 9.8, 27.6, 2.6, 7400, 25.1, 24.0, 26.1),
			row("onboarding_marketing", "onboarding", "persona:marketing", 1479, 5916, 68.2, 17.4, 27.4, 2.1, 16700, 25.3, 23.1, 27.7),
			row("onboarding_operations", "onboarding", "persona:operations", 2978, 11912, 68.9, 17.6, 27.3, 2.2, 15200, 25.1, 23.5, 26.8),
			row("onboarding_sales", "onboarding", "persona:sales", 1499, 5996, 69.2, 17.2, 30.9, 2.3, 16680, 28.6, 26.3, 31.0),
			row("onboarding_technical", "onboarding", "persona:technical", 2919, 11676, 69.4, 18.9, 27.3, 2.4, 15260, 24.9, 23.2, 26.5),
			row("product_reactivation", "product_engagement", "purpose:reactivation", 4533, 9066, 53.6, 9.8, 18.8, 2.1, 11300, 16.7, 15.5, 17.9),
			row("product_tips", "product_engagement", "", 4571, 13713, 51.8, 8.3, 8.4, 2.4, 11260, 6.0, 5.2, 6.9),
			row("renewal_reminder", "renewal", "", 527, 1054, 60.0, 13.3, 74.0, 14.1, 440, 59.9, 55.9, 63.6),
			row("billing_receipts", "transactional", "", 1965, 11790, 72.0, 6.0, 93.5, 1.4, 520, 92.2, 90.9, 93.2),
			row("upsell_executive", "upsell", "persona:executive", 111, 222, 60.4, 9.0, 93.7, 18.6, 290, 75.1, 68.8, 78.4),
			row("upsell_generic", "upsell", "", 1612, 3224, 51.4, 5.1, 88.7, 3.0, 300, 85.8, 84.0, 87.3),
			row("welcome", "welcome", "", 20000, 20000, 49.6, 7.3, 20.3, 0, 0, 0, -100, 100),
		},
		Types: []analysis.SegmentCheck{
			{Type: "nurture", Segmented: 3100, Generic: 8000, Open: diff(1.3, -0.7, 3.3), Click: diff(1.2, -0.1, 2.5),
				Engagement: diff(-1.2, -2.1, -0.4), Verdict: "the generic campaign does better: segmentation costs product engagement here"},
			{Type: "onboarding", Segmented: 8875, Generic: 10800, Open: diff(11.9, 10.5, 13.2), Click: diff(8.2, 7.2, 9.1),
				Engagement: diff(0.3, -1.0, 1.5), Verdict: "more opens or clicks, but no clear difference in product engagement: the generic campaign is enough"},
			{Type: "product_engagement", Segmented: 4533, Generic: 4571, Open: diff(1.8, -0.2, 3.9), Click: diff(1.4, 0.3, 2.6),
				Engagement: diff(10.4, 9.0, 11.8), Verdict: "segmentation earns its effort: segmented recipients come back to the product more"},
			{Type: "upsell", Segmented: 111, Generic: 1612, Open: diff(8.9, -0.7, 17.9), Click: diff(3.9, -0.3, 10.8),
				Engagement: diff(5.0, -1.3, 8.6), Verdict: "no clear difference: the generic campaign is enough"},
		},
		Unavailable: []analysis.Unavailable{},
	}
}

func newTestModel(ws *queries.Workspace) *Model {
	c := &common.Common{Styles: theme.Default(), Jobs: jobs.New(context.Background(), ws)}
	return New(c, 7)
}

// press sends keys (see tuitest.Key) and returns the last command.
func press(m *Model, keys ...string) tea.Cmd {
	var cmd tea.Cmd
	for _, k := range keys {
		cmd = m.Update(tuitest.Key(k))
	}
	return cmd
}

func view(m *Model) string { return ansi.Strip(m.View()) }

// checkSize asserts the view is exactly w × h cells.
func checkSize(t *testing.T, out string, w, h int) { t.Helper(); tuitest.CheckSize(t, out, w, h) }

func TestViewGolden(t *testing.T) {
	cases := []struct {
		name string
		w, h int
		keys []string
	}{
		{"campaigns_80x24", 80, 24, nil},
		{"campaigns_120x36", 120, 36, []string{"j", "j"}},
		{"scrolled_80x24", 80, 24, []string{"pgdown", "j"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			m := newTestModel(nil).WithReport(fixedReport())
			m.SetSize(tc.w, tc.h)
			press(m, tc.keys...)
			checkSize(t, m.View(), tc.w, tc.h)
			golden.RequireEqual(t, view(m))
		})
	}
}

func TestUnavailableGolden(t *testing.T) {
	m := newTestModel(nil).WithReport(analysis.CampaignsReport{Days: 7,
		Unavailable: []analysis.Unavailable{{KPI: "campaigns", Reason: "no campaigns table"}}})
	m.SetSize(80, 24)
	checkSize(t, m.View(), 80, 24)
	tuitest.Golden(t, "unavailable_80x24", view(m))
}

// TestOtherSizesFit checks the layout holds at sizes no golden covers:
// exactly the room given when everything fits in it; when the verdicts do
// not, every campaign type is still listed, and the view is as wide as
// the room and taller (the workbench scrolls it), never cut short.
func TestOtherSizesFit(t *testing.T) {
	for _, size := range [][2]int{{100, 30}, {200, 50}, {80, 20}, {60, 15}, {40, 10}} {
		m := newTestModel(nil).WithReport(fixedReport())
		m.SetSize(size[0], size[1])
		press(m, "G")
		out := m.View()
		lines := strings.Split(out, "\n")
		if len(lines) <= size[1] {
			checkSize(t, out, size[0], size[1])
		} else {
			checkSize(t, out, size[0], len(lines))
		}
		for _, ty := range fixedReport().Types {
			if !strings.Contains(ansi.Strip(out), ty.Type[:6]) {
				t.Errorf("at %v the campaign type %s is not listed:\n%s", size, ty.Type, ansi.Strip(out))
			}
		}
	}
}

func TestScrolling(t *testing.T) {
	m := newTestModel(nil).WithReport(fixedReport())
	m.SetSize(80, 24)
	n := len(fixedReport().Campaigns)
	page := m.pageRows()
	if page >= n {
		t.Fatalf("page of %d rows shows all %d campaigns; the test needs scrolling", page, n)
	}
	press(m, "G")
	if m.selected != n-1 || m.offset != n-page {
		t.Errorf("G: selected %d offset %d, want %d %d", m.selected, m.offset, n-1, n-page)
	}
	if v := view(m); !strings.Contains(v, "▸ welcome") || !strings.Contains(v, "no comparable non-recipients") {
		t.Errorf("last row not shown with its missing baseline:\n%s", v)
	}
	// Moving up inside the window does not scroll it.
	press(m, "k")
	if m.offset != n-page {
		t.Errorf("k scrolled to %d", m.offset)
	}
	press(m, "g")
	if m.selected != 0 || m.offset != 0 {
		t.Errorf("g: selected %d offset %d", m.selected, m.offset)
	}
	press(m, "pgdown")
	if m.selected != page {
		t.Errorf("pgdown: selected %d, want %d", m.selected, page)
	}
	press(m, "pgup")
	if m.selected != 0 {
		t.Errorf("pgup: selected %d", m.selected)
	}
}

// fakeBuild records the windows asked for and answers with a report for
// that window, so a test can see which job's result is on screen.
type fakeBuild struct{ asked []int }

func (f *fakeBuild) build(_ context.Context, _ *queries.Workspace, days int) (analysis.CampaignsReport, error) {
	f.asked = append(f.asked, days)
	r := fixedReport()
	r.Days = days
	return r, nil
}

// jobDone runs cmd (a batch of the job and a spinner tick) and returns
// the job's result.
func jobDone(t *testing.T, cmd tea.Cmd) jobs.Result[analysis.CampaignsReport] {
	t.Helper()
	if cmd == nil {
		t.Fatal("no command")
	}
	msg := cmd()
	batch, ok := msg.(tea.BatchMsg)
	if !ok {
		batch = tea.BatchMsg{func() tea.Msg { return msg }}
	}
	for _, c := range batch {
		if c == nil {
			continue
		}
		if d, ok := c().(jobs.Result[analysis.CampaignsReport]); ok {
			return d
		}
	}
	t.Fatal("the command ran no job")
	return jobs.Result[analysis.CampaignsReport]{}
}

func TestWindowKeysStartJobs(t *testing.T) {
	f := &fakeBuild{}
	m := newTestModel(nil).WithReport(fixedReport())
	m.build = f.build
	m.SetSize(80, 24)

	d := jobDone(t, press(m, "+"))
	if len(f.asked) != 1 || f.asked[0] != 8 {
		t.Fatalf("+ asked for %v, want [8]", f.asked)
	}
	// Until the result arrives, the old one stays, marked as such.
	v := view(m)
	if !m.Busy() || !strings.Contains(v, "within 7 days") || !strings.Contains(v, "updating… to 8 days; below, the result for 7 days") {
		t.Errorf("while updating:\n%s", v)
	}
	m.Update(d)
	if m.Busy() || m.report.Days != 8 || !strings.Contains(view(m), "product use within 8 days of a send") {
		t.Errorf("after the result: busy %v, days %d\n%s", m.Busy(), m.report.Days, view(m))
	}

	jobDone(t, press(m, "-", "-"))
	if got := f.asked[len(f.asked)-1]; got != 6 {
		t.Errorf("- - asked for %d, want 6", got)
	}
}

func TestWindowBounds(t *testing.T) {
	m := newTestModel(nil)
	r := fixedReport()
	r.Days = maxDays
	m.WithReport(r)
	if cmd := press(m, "+"); cmd != nil || m.Busy() {
		t.Error("+ at 90 days started a job")
	}
	r.Days = minDays
	m.WithReport(r)
	if cmd := press(m, "-"); cmd != nil || m.Busy() {
		t.Error("- at 1 day started a job")
	}
}

func TestStaleResultIgnored(t *testing.T) {
	f := &fakeBuild{}
	m := newTestModel(nil).WithReport(fixedReport())
	m.build = f.build
	m.SetSize(80, 24)

	first := press(m, "+")  // 8 days
	second := press(m, "+") // 9 days, cancelling the first
	stale := jobDone(t, first)
	if stale.Err == nil {
		t.Fatalf("the replaced job was not cancelled: %+v", stale)
	}
	// A stale result, failed or not, changes nothing.
	m.Update(stale)
	stale.Err, stale.Value = nil, analysis.CampaignsReport{Days: 8}
	m.Update(stale)
	if !m.Busy() || m.report.Days != 7 || m.cancelled || m.c.Failure(m.Title()) != nil {
		t.Fatalf("stale result taken: busy %v, days %d, cancelled %v, err %v", m.Busy(), m.report.Days, m.cancelled, m.c.Failure(m.Title()))
	}
	m.Update(jobDone(t, second))
	if m.Busy() || m.report.Days != 9 {
		t.Errorf("latest result not taken: busy %v, days %d", m.Busy(), m.report.Days)
	}
}

func TestEscCancels(t *testing.T) {
	m := newTestModel(nil).WithReport(fixedReport())
	m.build = (&fakeBuild{}).build
	m.SetSize(80, 24)
	cmd := press(m, "+")
	press(m, "esc")
	m.Update(jobDone(t, cmd))
	v := view(m)
	if m.Busy() || !m.cancelled || m.days != 7 || !strings.Contains(v, "Cancelled; below, the result for 7 days") {
		t.Errorf("busy %v, cancelled %v, days %d\n%s", m.Busy(), m.cancelled, m.days, v)
	}
	// The next + starts from the window on screen.
	press(m, "+")
	if m.days != 8 {
		t.Errorf("+ after cancel asks for %d days, want 8", m.days)
	}
}

func TestHelpListsWhatApplies(t *testing.T) {
	m := newTestModel(nil).WithReport(fixedReport())
	m.build = (&fakeBuild{}).build
	m.SetSize(80, 24)
	keys := func() string {
		var ks []string
		for _, b := range m.ShortHelp() {
			ks = append(ks, b.Help().Key)
		}
		return strings.Join(ks, " ")
	}
	if got := keys(); got != "↑/↓ / s +/- r" {
		t.Errorf("idle help %q", got)
	}
	press(m, "+")
	if got := keys(); got != "esc ↑/↓ / s +/-" {
		t.Errorf("running help %q", got)
	}
}

// TestHelpSaysOneDay: at the shortest window the help says "1 day".
func TestHelpSaysOneDay(t *testing.T) {
	m := newTestModel(nil)
	r := fixedReport()
	r.Days = minDays
	m.WithReport(r)
	m.SetSize(80, 24)
	var got string
	for _, b := range m.ShortHelp() {
		if b.Help().Key == "+/-" {
			got = b.Help().Desc
		}
	}
	if minDays != 1 || got != "window (1 day)" {
		t.Errorf("help at %d day(s): %q", minDays, got)
	}
}

// TestFailureTakesTheOnePath: a failed measure is reported as the one
// error message (the status line's) and drawn from the screen's standing
// failure above the table on view; the next measure clears it.
func TestFailureTakesTheOnePath(t *testing.T) {
	m := newTestModel(nil).WithReport(fixedReport())
	m.build = func(context.Context, *queries.Workspace, int) (analysis.CampaignsReport, error) {
		return analysis.CampaignsReport{}, errors.New("no campaigns table")
	}
	m.SetSize(80, 24)
	cmd := m.Update(jobDone(t, press(m, "+")))
	if cmd == nil {
		t.Fatal("the failure was not reported")
	}
	msg, ok := cmd().(common.Error)
	if !ok || msg.Screen != "Campaigns" || !strings.Contains(msg.Error(), "could not measure campaigns over 8 days: no campaigns table") {
		t.Fatalf("reported %#v", cmd())
	}
	if v := view(m); !strings.Contains(v, "Could not measure campaigns over 8 days: no campaigns table; below, the result") {
		t.Errorf("the screen does not draw its failure:\n%s", v)
	}
	f := &fakeBuild{}
	m.build = f.build
	m.Update(jobDone(t, press(m, "+")))
	if m.c.Failure(m.Title()) != nil || strings.Contains(view(m), "Could not") {
		t.Errorf("the next measure left the failure:\n%s", view(m))
	}
}
