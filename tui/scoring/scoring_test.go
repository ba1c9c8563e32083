package scoring

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/leadlab/leadlab/analysis/scoring"
	"github.com/leadlab/leadlab/internal/numfmt"
	"github.com/leadlab/leadlab/queries"
	"github.com/leadlab/leadlab/tui/common"
	"github.com/leadlab/leadlab/tui/jobs"
	"github.com/leadlab/leadlab/tui/session"
	"github.com/leadlab/leadlab/tui/theme"
	"github.com/leadlab/leadlab/tui/tuitest"
)

// opened is the Scoring screen over the sample with a config written by
// hand, the session delivered as the Cutoff screen would announce it.
func opened(t *testing.T) *Model {
	t.Helper()
	return openedWith(t, queries.OutcomeOptions{})
}

// openedWith is opened with the workbench's outcome flags.
func openedWith(t *testing.T, opt queries.OutcomeOptions) *Model {
	t.Helper()
	ctx := context.Background()
	ws := tuitest.Sample(t)
	cfg := scoring.Default()
	one := 1
	cfg.Pain = []scoring.Rule{{Factor: "event:document_created", Points: 28, Cap: &one}, {Factor: "event:demo_request", Points: 13, Cap: &one}}
	cfg.Cutoff = 13
	body, _ := scoring.EncodeYAML(cfg)
	path := filepath.Join(t.TempDir(), "m.yaml")
	os.WriteFile(path, body, 0o644)
	s, err := session.Open(ctx, ws, path, opt, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	c := &common.Common{Styles: theme.Default(), Jobs: jobs.New(ctx, ws), Session: &session.Store{}}
	m := New(c)
	m.SetSize(110, 30)
	m.Update(c.Session.Opened(s))
	return m
}

// press sends a key and runs what it starts, feeding results back.
func press(m *Model, k tea.KeyPressMsg) {
	run(m, m.Update(k))
}

func run(m *Model, cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	msg := cmd()
	if b, ok := msg.(tea.BatchMsg); ok {
		for _, c := range b {
			run(m, c)
		}
		return
	}
	switch msg := msg.(type) {
	case jobs.Finished, session.Changed:
		run(m, m.Update(msg))
	case common.ReplaceModel:
		// The workbench asks before the model is replaced (see the root
		// model's tests); here the answer is yes.
		run(m, m.Update(msg.Then))
	case common.Error:
		// The workbench shows it on the status line.
		reported[m] = msg.Error()
	}
}

// reported is the last failure each screen under test reported.
var reported = map[*Model]string{}

// typeText types s into the field open and presses enter: the picker
// (o) is cleared with ctrl+u and typed into key by key.
func typeText(m *Model, s string) {
	if m.editing != openPath {
		m.input.SetValue(s)
	} else {
		// The folder listings the keys ask for are not needed to type
		// a whole path.
		m.Update(tea.KeyPressMsg{Code: 'u', Mod: tea.ModCtrl})
		for _, r := range s {
			m.Update(tea.KeyPressMsg{Code: r, Text: string(r)})
		}
	}
	press(m, tea.KeyPressMsg{Code: tea.KeyEnter})
}

func TestEditUndoRedo(t *testing.T) {
	m := opened(t)
	before := m.sess.Report.AtCutoff.Leads
	press(m, tea.KeyPressMsg{Code: tea.KeyRight}) // to the pain list
	press(m, tea.KeyPressMsg{Code: '-', Text: "-"})
	if got := m.sess.Config.Pain[0].Points; got != 27 || !m.sess.Dirty {
		t.Fatalf("- gave %v points (dirty %v)", got, m.sess.Dirty)
	}
	// Typing points: document_created at 5 drops below the cutoff of 13,
	// so fewer leads are ready.
	press(m, tea.KeyPressMsg{Code: tea.KeyEnter})
	typeText(m, "5")
	if m.sess.Config.Pain[0].Points != 5 || m.sess.Report.AtCutoff.Leads >= before {
		t.Errorf("points 5: %v, ready %d (was %d)", m.sess.Config.Pain[0].Points, m.sess.Report.AtCutoff.Leads, before)
	}
	press(m, tea.KeyPressMsg{Code: 'u', Text: "u"})
	press(m, tea.KeyPressMsg{Code: 'u', Text: "u"})
	if got := m.sess.Config.Pain[0].Points; got != 28 || m.sess.Report.AtCutoff.Leads != before {
		t.Errorf("after two undos: %v points, %d ready", got, m.sess.Report.AtCutoff.Leads)
	}
	press(m, tea.KeyPressMsg{Code: 'r', Mod: tea.ModCtrl})
	if got := m.sess.Config.Pain[0].Points; got != 27 {
		t.Errorf("after redo: %v points", got)
	}
	// A cap of 0 is refused in words and changes nothing.
	press(m, tea.KeyPressMsg{Code: 'c', Text: "c"})
	typeText(m, "0")
	if !strings.Contains(m.message, "whole number") || *m.sess.Config.Pain[0].Cap != 1 {
		t.Errorf("cap 0: %q", m.message)
	}
	// Adding a rule the data cannot compute says why (on the status line)
	// and keeps the model.
	press(m, tea.KeyPressMsg{Code: 'a', Text: "a"})
	typeText(m, "event:demo_requst 5")
	if !strings.Contains(reported[m], `did you mean "demo_request"`) || len(m.sess.Config.Pain) != 2 {
		t.Errorf("unknown event: %q, %d rules", reported[m], len(m.sess.Config.Pain))
	}
	press(m, tea.KeyPressMsg{Code: 'a', Text: "a"})
	typeText(m, "account:target=true 9")
	if len(m.sess.Config.Fit) != 1 || m.sess.Config.Fit[0].Points != 9 || m.list != 0 {
		t.Errorf("added fit rule: %+v", m.sess.Config.Fit)
	}
	// Another screen (Actions) can add and remove rules too.
	run(m, m.Update(RemoveRule{Factor: "account:target=true"}))
	if len(m.sess.Config.Fit) != 0 {
		t.Errorf("remove: %+v", m.sess.Config.Fit)
	}
}

func TestSaveWritesTheConfig(t *testing.T) {
	m := opened(t)
	path := filepath.Join(t.TempDir(), "saved.yaml")
	m.sess.Path = ""
	press(m, tea.KeyPressMsg{Code: 's', Mod: tea.ModCtrl})
	if m.editing != savePath {
		t.Fatal("ctrl+s did not ask for a path")
	}
	typeText(m, path)
	cfg, err := scoring.LoadConfig(path)
	if err != nil || len(cfg.Pain) != 2 || m.sess.Dirty || m.sess.Path != path {
		t.Errorf("saved config %+v, %v; session dirty %v path %q", cfg, err, m.sess.Dirty, m.sess.Path)
	}
}

func TestScoringScreenGolden(t *testing.T) {
	m := opened(t)
	tuitest.Golden(t, "scoring_110x30", ansi.Strip(m.View()))
}

// TestSuggestHonoursAsOf: the workbench opened with --as-of tunes its
// suggestion as of that date too, as leadlab tune --as-of would, and with
// the window the open config was tuned with.
func TestSuggestHonoursAsOf(t *testing.T) {
	asOf := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	m := openedWith(t, queries.OutcomeOptions{AsOf: asOf, WindowSet: true, WindowDays: 45})
	// An edit first: the edited session keeps them too.
	press(m, tea.KeyPressMsg{Code: tea.KeyRight})
	press(m, tea.KeyPressMsg{Code: '+', Text: "+"})
	if !m.sess.Dirty {
		t.Fatal("the edit did not happen")
	}
	press(m, tea.KeyPressMsg{Code: 'S', Text: "S"})
	if m.pending == nil {
		t.Fatalf("no suggestion: %q", m.message)
	}
	md := m.pending.cfg.Metadata
	if md == nil || md.AsOf == nil {
		t.Fatal("the suggestion records no as-of date")
	}
	if !strings.HasPrefix(*md.AsOf, "2026-03-01") {
		t.Errorf("suggestion tuned as of %s, want 2026-03-01", *md.AsOf)
	}
	if w := m.pending.cfg.Outcome.WindowDays; w == nil || *w != 45 {
		t.Errorf("suggestion's window %v, want the workbench's 45 days", w)
	}
}

func TestSuggestShowsADiffThenApplies(t *testing.T) {
	m := opened(t)
	press(m, tea.KeyPressMsg{Code: 'S', Text: "S"})
	if m.pending == nil {
		t.Fatalf("no suggestion: %q", m.message)
	}
	view := ansi.Strip(m.View())
	if !strings.Contains(view, "Suggested by tune") || !strings.Contains(view, "event:trial_signup") {
		t.Errorf("diff view:\n%s", view)
	}
	// Esc drops it; S and enter apply it.
	press(m, tea.KeyPressMsg{Code: tea.KeyEscape})
	if m.pending != nil || len(m.sess.Config.Pain) != 2 {
		t.Fatal("esc did not drop the suggestion")
	}
	press(m, tea.KeyPressMsg{Code: 'S', Text: "S"})
	press(m, tea.KeyPressMsg{Code: tea.KeyEnter})
	if m.pending != nil || len(m.sess.Config.Pain) < 3 || m.sess.Config.Metadata == nil {
		t.Errorf("applied suggestion: %+v", m.sess.Config)
	}
	press(m, tea.KeyPressMsg{Code: 'u', Text: "u"})
	if len(m.sess.Config.Pain) != 2 {
		t.Error("undo did not bring back the model before the suggestion")
	}
}

func TestExportAndOpen(t *testing.T) {
	m := opened(t)
	dir := t.TempDir()
	out := filepath.Join(dir, "m.json")
	press(m, tea.KeyPressMsg{Code: 'e', Text: "e"})
	typeText(m, out)
	cfg, err := scoring.LoadConfig(out)
	if err != nil || len(cfg.Pain) != 2 || !strings.Contains(m.message, "exported") {
		t.Fatalf("export: %v, %q", err, m.message)
	}
	// The exported config carries the figures measured at its cutoff now.
	if md := cfg.Metadata; md == nil || md.Tuning == nil || *md.Tuning != m.sess.Tuning || md.Holdout == nil || *md.Holdout != m.sess.Holdout ||
		!strings.HasPrefix(md.Fingerprint, "sha256:") {
		t.Errorf("exported metadata %+v; the screen shows tuning %+v", cfg.Metadata, m.sess.Tuning)
	}
	press(m, tea.KeyPressMsg{Code: 'e', Text: "e"})
	typeText(m, filepath.Join(dir, "m.pg.sql"))
	if b, err := os.ReadFile(filepath.Join(dir, "m.pg.sql")); err != nil || !strings.Contains(string(b), `CREATE OR REPLACE VIEW "lead_scores" AS`) ||
		!strings.Contains(string(b), "PostgreSQL view") {
		t.Errorf("export to .pg.sql: %v, %q\n%s", err, m.message, b)
	}
	for name, want := range map[string]string{"m.txt": "export writes .yaml, .json, .duckdb.sql or .pg.sql", "m.sql": "name the engine: .duckdb.sql or .pg.sql"} {
		press(m, tea.KeyPressMsg{Code: 'e', Text: "e"})
		typeText(m, filepath.Join(dir, name))
		if !strings.Contains(reported[m], want) {
			t.Errorf("export to %s: %q", name, reported[m])
		}
	}
	bad := filepath.Join(dir, "bad.yaml")
	os.WriteFile(bad, []byte("version: 1\npain:\n  - factor: event:login\n    points: ten\n"), 0o644)
	press(m, tea.KeyPressMsg{Code: 'o', Text: "o"})
	typeText(m, bad)
	if !strings.HasPrefix(reported[m], "Scoring: ") || !strings.Contains(reported[m], "line 4") || len(m.sess.Config.Pain) != 2 {
		t.Errorf("bad config: %q", reported[m])
	}
	good := filepath.Join(dir, "good.yaml")
	os.WriteFile(good, []byte("version: 1\npain:\n  - factor: event:login\n    points: 3\ncutoff: 3\n"), 0o644)
	press(m, tea.KeyPressMsg{Code: 'o', Text: "o"})
	typeText(m, good)
	if m.sess.Path != good || len(m.sess.Config.Pain) != 1 || m.sess.Dirty {
		t.Errorf("opened %q: %+v dirty %v (%q)", m.sess.Path, m.sess.Config.Pain, m.sess.Dirty, m.message)
	}
}

func TestActionsScreenAddsAndExcludes(t *testing.T) {
	m := opened(t)
	run(m, m.Update(common.AddRule{Factor: "event:trial_signup", Kind: "pain", Points: 7}))
	if len(m.sess.Config.Pain) != 3 || m.sess.Config.Pain[2].Points != 7 || *m.sess.Config.Pain[2].Cap != 1 {
		t.Fatalf("add from Actions: %+v", m.sess.Config.Pain)
	}
	run(m, m.Update(common.Exclude{Factor: "event:trial_signup"}))
	if len(m.sess.Config.Pain) != 2 {
		t.Errorf("exclude from Actions: %+v", m.sess.Config.Pain)
	}
}

// TestQuickKeysCompose: keys pressed faster than the model re-scores all
// take effect, in order, whichever result arrives first — two nudges add
// two points, undo waits for the step it undoes — and a save asked for
// while a rule is being added writes the rule and leaves it in the model.
func TestQuickKeysCompose(t *testing.T) {
	m := opened(t)
	points := m.sess.Config.Pain[0].Points
	// settle runs the commands as the runner orders them, the last
	// started first, and feeds every result back.
	settle := func(cmds ...tea.Cmd) {
		t.Helper()
		msgs := make([]chan tea.Msg, len(cmds))
		for i, cmd := range slices.Backward(cmds) {
			msgs[i] = make(chan tea.Msg, 1)
			go func() { msgs[i] <- cmd() }()
		}
		for _, ch := range slices.Backward(msgs) {
			msg := <-ch
			run(m, func() tea.Msg { return msg })
		}
		if m.edit.Running() {
			t.Fatal("a job did not report")
		}
	}
	m.Update(tea.KeyPressMsg{Code: tea.KeyRight}) // to the pain list
	plus := tea.KeyPressMsg{Code: '+', Text: "+"}
	settle(m.Update(plus), m.Update(plus))
	if got := m.sess.Config.Pain[0].Points; got != points+2 {
		t.Fatalf("two quick +: %v points, want %v", got, points+2)
	}
	settle(m.Update(plus), m.Update(tea.KeyPressMsg{Code: 'u', Text: "u"}))
	if got := m.sess.Config.Pain[0].Points; got != points+2 {
		t.Errorf("+ then u at once: %v points, want %v", got, points+2)
	}
	path := filepath.Join(t.TempDir(), "quick.yaml")
	m.sess.Path = path
	add := m.Update(common.AddRule{Factor: "event:trial_signup", Kind: "pain", Points: 7})
	settle(add, m.Update(tea.KeyPressMsg{Code: 's', Mod: tea.ModCtrl}))
	cfg, err := scoring.LoadConfig(path)
	if err != nil || len(cfg.Pain) != 3 || cfg.Pain[2].Factor != "event:trial_signup" {
		t.Fatalf("saved during the add: %+v, %v", cfg.Pain, err)
	}
	if len(m.sess.Config.Pain) != 3 || m.sess.Dirty || m.sess.Path != path || m.list != 1 || m.cursor[1] != 2 {
		t.Errorf("after the save: %+v, dirty %v, path %q, cursor on %d/%d", m.sess.Config.Pain, m.sess.Dirty, m.sess.Path, m.list, m.cursor[1])
	}
	if !strings.Contains(m.message, "saved to") || m.Dirty() {
		t.Errorf("message %q, dirty %v", m.message, m.Dirty())
	}
	// A change still being re-scored is unsaved: quitting now would lose
	// it, so the workbench asks first.
	cmd := m.Update(plus)
	if !m.Dirty() {
		t.Error("a + still re-scoring counts as saved")
	}
	settle(cmd)
	if !m.Dirty() || !m.sess.Dirty {
		t.Error("the + landed but the model counts as saved")
	}
	// - brings the model back to the one saved: nothing is unsaved.
	settle(m.Update(tea.KeyPressMsg{Code: '-', Text: "-"}))
	if m.Dirty() || !strings.Contains(ansi.Strip(m.Status()), "model: "+path) || strings.Contains(m.Status(), "unsaved") {
		t.Errorf("back to the saved model: dirty %v, status %q", m.Dirty(), m.Status())
	}
}

// TestOpenStartsAFreshHistory: o asks the workbench first (the model
// would be replaced), and the opened model has a history of its own:
// undo after o cannot bring back the rules of the model before it under
// the opened file's name, where ctrl+s would write them.
func TestOpenStartsAFreshHistory(t *testing.T) {
	m := opened(t)
	good := filepath.Join(t.TempDir(), "good.yaml")
	os.WriteFile(good, []byte("version: 1\npain:\n  - factor: event:login\n    points: 3\ncutoff: 3\n"), 0o644)
	press(m, tea.KeyPressMsg{Code: tea.KeyRight})
	press(m, tea.KeyPressMsg{Code: '+', Text: "+"})
	if !m.sess.Dirty || !m.c.Session.CanUndo() {
		t.Fatal("the nudge is not an unsaved step")
	}
	press(m, tea.KeyPressMsg{Code: 'o', Text: "o"})
	if v := ansi.Strip(m.View()); !strings.Contains(v, "Open a config") {
		t.Fatalf("o does not show the picker:\n%s", v)
	}
	// The path typed up to its folder and the start of the name, then
	// completed with tab.
	m.Update(tea.KeyPressMsg{Code: 'u', Mod: tea.ModCtrl})
	var list tea.Cmd
	for _, r := range strings.TrimSuffix(good, "ood.yaml") {
		if cmd := m.Update(tea.KeyPressMsg{Code: r, Text: string(r)}); r == '/' {
			list = cmd // the last slash asks for the listing of the folder typed
		}
	}
	tuitest.Settle(m.Update, list)
	tuitest.Settle(m.Update, m.Update(tea.KeyPressMsg{Code: tea.KeyTab}))
	ask := m.Update(tea.KeyPressMsg{Code: tea.KeyEnter})
	if r, ok := ask().(common.ReplaceModel); !ok || r.What != "opens good.yaml" || r.Then != openAgreed(good) {
		t.Fatalf("o did not ask the workbench first: %#v", ask())
	}
	run(m, ask)
	if m.sess.Path != good || len(m.sess.Config.Pain) != 1 || m.sess.Dirty {
		t.Fatalf("opened %q: %+v dirty %v (%q)", m.sess.Path, m.sess.Config.Pain, m.sess.Dirty, m.message)
	}
	press(m, tea.KeyPressMsg{Code: 'u', Text: "u"})
	if m.sess.Path != good || len(m.sess.Config.Pain) != 1 || m.sess.Config.Pain[0].Factor != "event:login" || m.sess.Dirty {
		t.Errorf("u after o: %+v under %q, dirty %v", m.sess.Config.Pain, m.sess.Path, m.sess.Dirty)
	}
	if m.c.Session.CanUndo() {
		t.Error("the model before the open is still in the history")
	}
	if _, err := m.c.Session.Undo()(context.Background(), nil); err == nil || err.Error() != "nothing to undo" {
		t.Errorf("undo after open: %v", err)
	}
}

// TestDiffNamesEveryChange: applying a suggestion replaces the whole
// config, so the diff lists every change it makes, caps, half lives and
// thresholds too, not only the points.
func TestDiffNamesEveryChange(t *testing.T) {
	one, three, half := 1, 3, 30.0
	cur := scoring.Default()
	cur.Pain = []scoring.Rule{
		{Factor: "event:a", Points: 10, Cap: &three, HalfLifeDays: &half},
		{Factor: "event:b", Points: 5},
		{Factor: "event:gone", Points: 4},
	}
	cur.Cutoff, cur.GoodFit, cur.HighPain = 10, 5, 8
	next := cur
	next.Pain = []scoring.Rule{
		{Factor: "event:a", Points: 10, Cap: &one},
		{Factor: "event:b", Points: 6, Cap: &one},
		{Factor: "event:new", Points: 7, Cap: &one},
	}
	next.Cutoff, next.GoodFit, next.HighPain, next.Accounts.Cutoff = 12, 5, 9, 12
	got := diff(cur, next)
	want := []string{
		"~ event:a cap 3 → 1, half life 30d → none",
		"~ event:b 5 → 6, cap none → 1",
		"+ event:new 7, cap 1",
		"- event:gone 4",
		"~ cutoff 10 → 12",
		"~ high-pain threshold 8 → 9",
		fmt.Sprintf("~ account cutoff %s → 12", numfmt.Points(cur.Accounts.Cutoff)),
	}
	if !slices.Equal(got, want) {
		t.Errorf("diff:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if got := diff(cur, cur); len(got) != 1 || !strings.HasPrefix(got[0], "no change") {
		t.Errorf("no change: %q", got)
	}
}

// TestAddCompletesFactors: a asks for the Actions table when it has no
// factor names yet; with them, tab steps through the factors that match
// what was typed (anywhere in the name), filling in each one's
// suggested points unless points were typed, and enter adds the rule.
func TestAddCompletesFactors(t *testing.T) {
	m := opened(t)
	cmd := m.Update(tea.KeyPressMsg{Code: 'a', Text: "a"})
	asked := false
	for _, c := range cmd().(tea.BatchMsg) {
		if c != nil {
			if s, ok := c().(common.StartScreen); ok && s.Title == "Actions" {
				asked = true
			}
		}
	}
	if !asked {
		t.Error("a with no factor names did not have the Actions table computed")
	}
	m.Update(common.Factors{Names: []string{"account:size_band=1-9", "event:demo_request", "event:demo_request>=3", "event:webinar_attended"},
		Points: []int{2, 12, 15, 5}})
	for _, r := range "demo" {
		m.Update(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
	tab := tea.KeyPressMsg{Code: tea.KeyTab}
	for _, want := range []string{"event:demo_request 12", "event:demo_request>=3 15", "event:demo_request 12"} {
		m.Update(tab)
		if got := m.input.Value(); got != want {
			t.Errorf("tab: %q, want %q", got, want)
		}
	}
	m.Update(tea.KeyPressMsg{Code: tea.KeyTab, Mod: tea.ModShift})
	if got := m.input.Value(); got != "event:demo_request>=3 15" {
		t.Errorf("shift+tab: %q", got)
	}
	if v := ansi.Strip(m.Prompt()); !strings.Contains(v, `factor 2 of 2 matching "demo"`) {
		t.Errorf("the field does not say where tab is: prompt %q", v)
	}
	// Points typed stay; a prefix match comes before one inside a name.
	m.input.SetValue("")
	for _, r := range "ev 20" {
		m.Update(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
	m.Update(tab)
	if got := m.input.Value(); got != "event:demo_request 20" {
		t.Errorf("ev 20 tab: %q", got)
	}
	run(m, m.Update(tea.KeyPressMsg{Code: tea.KeyEnter}))
	if _, k, ok := find(&m.sess.Config, "event:demo_request"); !ok || lists(&m.sess.Config)[1] == nil || (*lists(&m.sess.Config)[1])[k].Points != 20 {
		t.Errorf("the completed rule was not added with 20 points: %+v (%q)", m.sess.Config.Pain, m.message)
	}
}

// TestTabBeforeTheFactorsCome: a tab pressed while the Actions table is
// still being computed does nothing, and once the table comes tab
// completes what was typed (it used to remember that nothing matched).
func TestTabBeforeTheFactorsCome(t *testing.T) {
	m := opened(t)
	m.Update(tea.KeyPressMsg{Code: 'a', Text: "a"})
	for _, r := range "demo" {
		m.Update(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
	tab := tea.KeyPressMsg{Code: tea.KeyTab}
	m.Update(tab)
	if got := m.input.Value(); got != "demo" {
		t.Errorf("tab with no table yet: %q", got)
	}
	m.Update(common.Factors{Names: []string{"event:demo_request", "event:webinar_attended"}, Points: []int{12, 5}})
	m.Update(tab)
	if got := m.input.Value(); got != "event:demo_request 12" {
		t.Errorf("tab once the table came: %q", got)
	}
}
