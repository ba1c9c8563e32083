package scoring

import (
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/leadlab/leadlab/queries"
	"github.com/leadlab/leadlab/tui/theme"
	"github.com/leadlab/leadlab/tui/tuitest"
)

// fake is a hand-made set of leads for the histogram.
type fake struct {
	score []float64
	won   []bool
	// maturing leads are left out of the histogram.
	maturing []bool
}

func (f fake) at(i int) (float64, bool, bool) {
	return f.score[i], f.maturing == nil || !f.maturing[i], f.won[i]
}

func leadsOf(scores ...float64) fake {
	return fake{score: scores, won: make([]bool, len(scores))}
}

func TestHistogramOneBinPerWholeScore(t *testing.T) {
	f := fake{score: []float64{0, 0, 1, 3, 3, 3}, won: []bool{false, true, false, true, false, false}}
	got := histogram(len(f.score), f.at, 1, 10)
	want := []bin{{3, 3, 1, 2}, {2, 2, 0, 0}, {1, 1, 0, 1}, {0, 0, 1, 1}}
	if !slices.Equal(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}

// TestHistogramGroupsAWideRange: -28 to 51 in at most 20 bins takes bins
// 5 wide, the first starting at the cutoff, and the top bin holds the
// highest score (the old chart's top bar started below it).
func TestHistogramGroupsAWideRange(t *testing.T) {
	var scores []float64
	for s := -28; s <= 51; s++ {
		scores = append(scores, float64(s))
	}
	f := leadsOf(scores...)
	bins := histogram(len(scores), f.at, 1, 20)
	if len(bins) > 20 {
		t.Fatalf("%d bins, more than 20", len(bins))
	}
	top, bottom := bins[0], bins[len(bins)-1]
	if top.From != 51 || top.To != 55 || bottom.From != -29 || bottom.To != -25 {
		t.Errorf("bins run from %v to %v, want -29–-25 to 51–55", bottom, top)
	}
	var n int64
	for k, b := range bins {
		if b.To-b.From != 4 || (k > 0 && bins[k-1].From != b.To+1) {
			t.Errorf("bin %v is not 5 wide or leaves a gap", b)
		}
		n += b.Won + b.Lost
	}
	if want := int64(len(scores)); n != want {
		t.Errorf("the bins hold %d leads, want %d", n, want)
	}
	// The widths are round: 2 for 21 values in 12 bins, 10 for 80 in 9.
	if b := histogram(21, leadsOf(make21()...).at, 0, 12); b[0].To-b[0].From != 1 {
		t.Errorf("21 scores in 12 bins: width %d, want 2", b[0].To-b[0].From+1)
	}
	if b := histogram(len(scores), f.at, 1, 9); b[0].To-b[0].From != 9 {
		t.Errorf("80 scores in 9 bins: width %d, want 10", b[0].To-b[0].From+1)
	}
}

func make21() []float64 {
	s := make([]float64, 21)
	for i := range s {
		s[i] = float64(i)
	}
	return s
}

// TestHistogramBinsDecayedScoresByTheirFloor: 7.6 counts in 7 and -0.5
// in -1; maturing leads are left out.
func TestHistogramBinsDecayedScoresByTheirFloor(t *testing.T) {
	f := fake{score: []float64{7.6, 7, -0.5, 12}, won: []bool{true, false, false, true}, maturing: []bool{false, false, false, true}}
	bins := histogram(4, f.at, 0, 20)
	if bins[0].From != 7 || bins[0].Won != 1 || bins[0].Lost != 1 {
		t.Errorf("top bin %v, want 7 with one won and one not won (12 is maturing)", bins[0])
	}
	if last := bins[len(bins)-1]; last.From != -1 || last.Lost != 1 {
		t.Errorf("bottom bin %v, want -1 holding -0.5", last)
	}
	if !fractional(4, f.at) || fractional(2, leadsOf(1, 2).at) {
		t.Error("fractional should see 7.6 and not 1, 2")
	}
}

func TestHistogramOfNoSettledLead(t *testing.T) {
	f := fake{score: []float64{3}, won: []bool{false}, maturing: []bool{true}}
	if b := histogram(1, f.at, 0, 10); b != nil {
		t.Errorf("got %v, want no bins", b)
	}
}

// TestHistLinesMarkTheCutoff: a whole cutoff is a rule under its bin, with
// counts on every line; a fractional one is ▶ on the bin holding it.
func TestHistLinesMarkTheCutoff(t *testing.T) {
	bins := []bin{{3, 3, 1, 200}, {2, 2, 0, 0}, {1, 1, 2, 3000}, {0, 0, 7, 12000}}
	lines := stripAll(histLines(bins, 2, shareScale, 50, theme.Default()))
	if len(lines) != 5 || !strings.Contains(lines[2], "cutoff 2: ready above") {
		t.Fatalf("the rule should follow the bin of 2:\n%s", strings.Join(lines, "\n"))
	}
	if !strings.Contains(lines[4], "12,000") || !strings.Contains(lines[0], "200") {
		t.Errorf("counts missing:\n%s", strings.Join(lines, "\n"))
	}
	for _, l := range lines {
		if ansi.StringWidth(l) > 50 {
			t.Errorf("line wider than 50: %q", l)
		}
	}
	lines = stripAll(histLines(bins, 1.5, shareScale, 50, theme.Default()))
	if len(lines) != 4 || !strings.HasPrefix(lines[2], "▶") {
		t.Errorf("a cutoff of 1.5 should mark the bin of 1:\n%s", strings.Join(lines, "\n"))
	}
	// Below every score, the rule is at the bottom; above, at the top.
	if l := stripAll(histLines(bins, -4, shareScale, 50, theme.Default())); !strings.Contains(l[4], "cutoff -4") {
		t.Errorf("a cutoff under every score: %q", l)
	}
	if l := stripAll(histLines(bins, 9, shareScale, 50, theme.Default())); !strings.Contains(l[0], "cutoff 9") {
		t.Errorf("a cutoff over every score: %q", l)
	}
}

// TestScalesShowSmallBins: on the share scale the 1 won lead of 8 shows
// as much as 1,000 not won of 8,000; on the log scale a bin of one lead
// shows beside one of thousands, and every bin with a lead shows.
func TestScalesShowSmallBins(t *testing.T) {
	bins := []bin{{1, 1, 1, 1000}, {0, 0, 7, 7000}}
	won, lost := shareScale.bars(bins, 8, 8000, 20)
	if won[0] != lost[0] || won[1] != 20 || lost[1] != 20 {
		t.Errorf("share: won %v, lost %v", won, lost)
	}
	bins = []bin{{1, 1, 1, 1}, {0, 0, 0, 5000}}
	_, lost = logScale.bars(bins, 1, 5001, 20)
	if lost[0] < 1 || lost[1] != 20 {
		t.Errorf("log: lost %v", lost)
	}
	_, lost = shareScale.bars(bins, 1, 5001, 20)
	if lost[0] != 1 {
		t.Errorf("a bin with one lead should show a sliver: %v", lost)
	}
}

func stripAll(lines []string) []string {
	for i, l := range lines {
		lines[i] = strings.TrimRight(ansi.Strip(l), " ")
	}
	return lines
}

// TestHistogramWithNoRoom: with no rows to spare, the scores still fit in
// two bins, one each side of the cutoff.
func TestHistogramWithNoRoom(t *testing.T) {
	f := leadsOf(-28, 0, 1, 51)
	for _, rows := range []int{-13, 0, 1, 2} {
		bins := histogram(4, f.at, 1, rows)
		if len(bins) > 2 || bins[0].From > 51 || bins[0].To < 51 || bins[len(bins)-1].From > -28 {
			t.Errorf("%d rows: %v", rows, bins)
		}
	}
}

// TestHistogramOnScreen: on the sample, every score up to the highest is
// in a bin, the bins and legend fit the screen's height, v switches the
// scale, and a half-life (fractional scores) brings the legend's note.
func TestHistogramOnScreen(t *testing.T) {
	m := opened(t)
	m.SetSize(120, 30)
	hi := math.Inf(-1)
	for i := range m.sess.Data.N() {
		if m.sess.Data.Leads.Outcome[i] != queries.OutcomeMaturing {
			hi = math.Max(hi, m.sess.Scores.Score(i))
		}
	}
	view := ansi.Strip(m.View())
	if n := strings.Count(view, "\n") + 1; n > 30 {
		t.Errorf("%d lines, more than 30:\n%s", n, view)
	}
	top := regexp.MustCompile(`(-?\d+)–(-?\d+) `).FindStringSubmatch(view)
	if top == nil {
		t.Fatalf("no bins:\n%s", view)
	}
	if to, _ := strconv.Atoi(top[2]); float64(to) < math.Floor(hi) {
		t.Errorf("the top bin %s ends below the highest score %v", top[0], hi)
	}
	if !strings.Contains(view, "cutoff 13: ready above") || !strings.Contains(view, "bars: share of each outcome") {
		t.Errorf("no cutoff rule or legend:\n%s", view)
	}
	press(m, tuitest.Key("v"))
	if !strings.Contains(ansi.Strip(m.View()), "bars: log of the count") {
		t.Error("v should switch to the log scale")
	}
	press(m, tea.KeyPressMsg{Code: tea.KeyRight}) // the pain rules
	press(m, tuitest.Key("d"))
	typeText(m, "30")
	view = ansi.Strip(m.View())
	if !strings.Contains(view, "decayed scores are binned by their floor") {
		t.Errorf("a half-life should bring the note on fractional scores:\n%s", view)
	}
	if n := strings.Count(view, "\n") + 1; n > 30 {
		t.Errorf("%d lines with the note, more than 30:\n%s", n, view)
	}
}
