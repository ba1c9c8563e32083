package analysis

import (
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/leadlab/leadlab/analysis/scoring"
	"github.com/leadlab/leadlab/analysis/stats"
)

// For one factor the scale turns its coefficient into exactly its effect
// at the base rate: σ(logit p + b) − p, in points.
func TestPPScaleOneFactorIsItsEffect(t *testing.T) {
	for _, c := range []struct{ b, base float64 }{{1.29, 0.07}, {0.4, 0.385}, {-1.2, 0.2}, {2.5, 0.5}} {
		lb := math.Log(c.base / (1 - c.base))
		want := 100 * (1/(1+math.Exp(-(lb+c.b))) - c.base)
		if got := ppScale([]float64{c.b}, []float64{10}, c.base) * c.b; math.Abs(got-want) > 1e-9 {
			t.Errorf("b %v at %v: %v points, want %v", c.b, c.base, got, want)
		}
	}
	// Worked by hand: b = 1.29 at p = 0.07 is σ(−2.5867 + 1.29) − 0.07 =
	// 0.2147 − 0.07, 14.5 points (the linear 100·b·p(1−p) says 8.4).
	if got := ppScale([]float64{1.29}, []float64{1}, 0.07) * 1.29; math.Abs(got-14.47) > 0.01 {
		t.Errorf("b 1.29 at 7%%: %v points, want 14.47", got)
	}
	// No coefficient: the slope at zero.
	if got := ppScale([]float64{0}, []float64{1}, 0.2); math.Abs(got-16) > 1e-12 {
		t.Errorf("b 0 at 20%%: scale %v, want 16", got)
	}
}

// plantedGrouped draws leads with 0/1 factors and a known logistic model.
func plantedGrouped(seed uint64, leads int, prev, coef []float64, intercept float64) stats.Grouped {
	r := rand.New(rand.NewPCG(seed, 2))
	at := map[string]int{}
	g := stats.Grouped{}
	key := make([]byte, len(coef))
	for range leads {
		eta := intercept
		x := make([]float64, len(coef))
		for j := range coef {
			key[j] = 0
			if r.Float64() < prev[j] {
				x[j], key[j] = 1, 1
				eta += coef[j]
			}
		}
		i, ok := at[string(key)]
		if !ok {
			i = len(g.X)
			at[string(key)] = i
			g.X = append(g.X, x)
			g.Leads, g.Won = append(g.Leads, 0), append(g.Won, 0)
		}
		g.Leads[i]++
		if r.Float64() < 1/(1+math.Exp(-eta)) {
			g.Won[i]++
		}
	}
	return g
}

// The selection keeps a strong positive and a strong negative factor with
// their signs and drops one with no effect, naming the floor.
func TestSelectColumnsKeepsSignsAndDropsNoEffect(t *testing.T) {
	g := plantedGrouped(1, 40000, []float64{0.2, 0.3, 0.25, 0.1}, []float64{1.5, -1.2, 0, 0.8}, -1)
	n, w := g.Totals()
	base := w / n
	s, err := selectColumns(g, nil, 1, base, adjustOptions{MinPoints: 5, MaxFactors: 20})
	if err != nil {
		t.Fatal(err)
	}
	pts := s.points(4)
	if pts[0] < 15 || pts[1] > -10 || pts[3] < 8 {
		t.Fatalf("points %v: want the +1.5, −1.2 and +0.8 log-odds factors at about +25, −20, +13", pts)
	}
	if pts[2] != 0 {
		t.Fatalf("the factor with no effect got %v points", pts[2])
	}
	if why := s.dropped[2].why; !strings.Contains(why, "under 5 points") {
		t.Fatalf("dropped for %q", why)
	}
	// At most two: the two weakest of the kept go, the strongest stay.
	s, err = selectColumns(g, nil, 1, base, adjustOptions{MinPoints: 5, MaxFactors: 2})
	if err != nil {
		t.Fatal(err)
	}
	if len(s.keep) != 2 || s.keep[0] != 0 || s.keep[1] != 1 {
		t.Fatalf("kept %v, want the two strongest [0 1]", s.keep)
	}
	if !strings.Contains(s.dropped[3].why, "beyond the 2") {
		t.Fatalf("the third factor dropped for %q", s.dropped[3].why)
	}
}

// The cap on factors counts families: two bands of one attribute are one
// factor, so the weakest family goes whole and a family's weaker band is
// never dropped to make room.
func TestSelectColumnsCountsFamilies(t *testing.T) {
	g := plantedGrouped(2, 40000, []float64{0.2, 0.2, 0.3, 0.25}, []float64{1.5, 0.8, -1.2, 0.6}, -1)
	n, w := g.Totals()
	family := []string{"attr:size", "attr:size", "attr:email", "event:demo"}
	s, err := selectColumns(g, family, 1, w/n, adjustOptions{MinPoints: 5, MaxFactors: 2})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(s.keep, []int{0, 1, 2}) {
		t.Fatalf("kept %v, want both bands of attr:size and attr:email", s.keep)
	}
	if why := s.dropped[3].why; !strings.Contains(why, "factor family event:demo is beyond the 2") {
		t.Fatalf("event:demo dropped for %q", why)
	}
	// Counted one column at a time, the weaker band would have gone.
	s, err = selectColumns(g, nil, 1, w/n, adjustOptions{MinPoints: 5, MaxFactors: 2})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(s.keep, []int{0, 2}) {
		t.Fatalf("without families kept %v, want [0 2]", s.keep)
	}
}

func TestFamilyOf(t *testing.T) {
	for f, want := range map[string]string{
		"attr:title=VP":          "attr:title",
		"attr:employees[50,200)": "attr:employees",
		"account:tier=1":         "account:tier",
		"event:pricing_view":     "event:pricing_view",
		"event:pricing_view>=3":  "event:pricing_view",
		"attr:country=(missing)": "attr:country",
	} {
		if got := familyOf(f); got != want {
			t.Errorf("familyOf(%q) = %q, want %q", f, got, want)
		}
	}
}

// The candidates a model considers grow as its leads shrink, within the
// same work per fit, between 40 and 100.
func TestCandidateLimit(t *testing.T) {
	for _, c := range []struct {
		leads int64
		want  int
	}{{1_000_000, 40}, {40_000, 40}, {28_000, 47}, {6_400, 100}, {100, 100}, {0, 100}} {
		if got := candidateLimit(c.leads); got != c.want {
			t.Errorf("candidateLimit(%d) = %d, want %d", c.leads, got, c.want)
		}
	}
}

func TestPickCutoffAimsAtTheMiddle(t *testing.T) {
	target := scoring.Range{Low: 0.10, High: 0.15}
	cands := []cutCandidate{
		{cutoff: 40, cvRate: 0.30, allowed: true},
		{cutoff: 30, cvRate: 0.14, allowed: true},
		{cutoff: 20, cvRate: 0.125, allowed: false}, // over capacity
		{cutoff: 15, cvRate: 0.12, allowed: true},
		{cutoff: 10, cvRate: 0.101, allowed: true}, // the lowest inside: not chosen
		{cutoff: 0, cvRate: 0.05, allowed: true},
	}
	k, in := pickCutoff(cands, target)
	if k != 3 || !in {
		t.Fatalf("chose %d (in target %v), want cutoff 15 at 12%%, the allowed rate nearest 12.5%%", k, in)
	}
	k, in = pickCutoff([]cutCandidate{{cutoff: 5, cvRate: 0.3, allowed: true}}, target)
	if k != 0 || in {
		t.Fatalf("one candidate above the target: chose %d in %v", k, in)
	}
	if k, _ := pickCutoff([]cutCandidate{{cutoff: 5, cvRate: math.NaN(), allowed: true}}, target); k != -1 {
		t.Fatalf("no judged candidate: chose %d", k)
	}
}

// The model keeps the first 40 candidates when the next 20 are noise, and
// all 60 when they carry effects of their own: cross-validation, not a
// fixed cap, says how many help.
func TestCrossValidateSizes(t *testing.T) {
	prev := make([]float64, 60)
	for j := range prev {
		prev[j] = 0.15
	}
	for _, c := range []struct {
		name string
		late float64 // the effect of columns 40–59
		want int
	}{{"noise after 40", 0, 40}, {"effects after 40", 0.6, 60}} {
		coef := make([]float64, 60)
		for j := range coef {
			coef[j] = 0.6
			if j >= 40 {
				coef[j] = c.late
			}
		}
		g := plantedGrouped(3, 3000, prev, coef, -4)
		size, cv, folds, err := crossValidateSizes(g)
		if err != nil {
			t.Fatal(err)
		}
		if size != c.want || len(folds) != cvFolds || len(folds[0].X[0]) != size || len(cv.Deviance) != len(stats.PenaltyGrid()) {
			t.Errorf("%s: chose %d columns (folds of %d), want %d", c.name, size, len(folds[0].X[0]), c.want)
		}
	}
}
