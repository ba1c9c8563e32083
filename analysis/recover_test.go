package analysis

import (
	"context"
	"math"
	"strings"
	"testing"

	"github.com/leadlab/leadlab/analysis/scoring"
	"github.com/leadlab/leadlab/queries/load"
	"github.com/leadlab/leadlab/sample-data/gen"
)

// plantedRules are the generator's planted effects (sample-data/gen,
// effects.go) that tune must score, under the factor names the
// correlation table gives them, with the planted sign. Seniority is
// planted on vp and c_level together.
var plantedRules = []struct {
	factor string
	sign   float64
}{
	{"attr:email_type=corporate", 1},
	{"account:target=true", 1},
	{"attr:source=customer_referral", 1}, // rare (1.5% of leads) and strong
	{"attr:role=student", -1},            // negative fit
	{"event:document_created", 1},
	{"event:webinar_attended", 1}, // of the overlapping pair, the one with an effect
	{"event:unsubscribe", -1},     // negative pain
}

// noEffect are factors the generator plants with no effect of their own:
// vanity and null events, registering for a webinar (it only goes with
// attending), and the attributes only target accounts carry.
func noEffect(factor string) bool {
	for _, p := range []string{"event:email_open", "event:email_click", "event:website_visit", "event:faq_page_view",
		"event:chat_conversation", "event:webinar_registered", "account:tier", "account:intent_surge", "account:relationship_score"} {
		if strings.HasPrefix(factor, p) {
			return true
		}
	}
	return false
}

// checkRecovered asserts that tune scores every planted effect with its
// sign and about its size — a positive one's adjusted points within 5
// points, or 40%, of its univariate lift on the same leads, since the
// generator draws the factors independently — and gives the no-effect
// factors nothing. A negative effect's points may read up to twice its
// lift: points are one scale of log-odds, and a negative effect at the
// base rate can take away at most the base rate, while for the leads near
// the cutoff, who close at twice it, it takes away about twice as much.
func checkRecovered(t *testing.T, res TuneResult) {
	t.Helper()
	by := map[string]TunedFactor{}
	for _, f := range res.Factors {
		by[f.Factor] = f
	}
	for _, p := range plantedRules {
		f, ok := by[p.factor]
		if !ok || f.Points == 0 || math.Signbit(float64(f.Points)) != math.Signbit(p.sign) {
			t.Errorf("%s: planted %+.0f, tuned %+v", p.factor, p.sign, f)
			continue
		}
		pts := float64(f.Points)
		switch {
		case f.LiftPP == nil:
			t.Errorf("%s: no lift", p.factor)
		case p.sign > 0 && math.Abs(pts-*f.LiftPP) > math.Max(5, 0.4**f.LiftPP):
			t.Errorf("%s: %d points against a lift of %+.1f", p.factor, f.Points, *f.LiftPP)
		case p.sign < 0 && (*f.LiftPP >= 0 || pts < 2.2**f.LiftPP || pts > 0.6**f.LiftPP):
			t.Errorf("%s: %d points against a lift of %+.1f", p.factor, f.Points, *f.LiftPP)
		}
	}
	// The numeric column that is 0 for most accounts: a band above zero
	// scores, and nothing that holds the zeros does.
	var aboveZero int
	for _, f := range res.Factors {
		g, err := scoring.ParseFactor(f.Factor)
		if err != nil || g.Kind != scoring.AttrBand || g.Column != "free_plan_users" {
			continue
		}
		switch {
		case g.Lo > 0 && f.Points > 0:
			aboveZero++
		case g.Lo <= 0 && g.Hi > 0 && f.Points > 0:
			t.Errorf("%s holds the accounts with no free users, and scores %d", f.Factor, f.Points)
		}
	}
	if aboveZero == 0 {
		t.Errorf("no band of free_plan_users above zero scores")
	}
	seniority := by["attr:seniority=vp"].Points + by["attr:seniority=c_level"].Points
	if seniority <= 0 {
		t.Errorf("VP and C-level titles: %d and %d points", by["attr:seniority=vp"].Points, by["attr:seniority=c_level"].Points)
	}
	var fit, pain int
	for _, r := range res.Config.Fit {
		if noEffect(r.Factor) {
			t.Errorf("%s has no planted effect, but scores %v", r.Factor, r.Points)
		}
		fit++
	}
	for _, r := range res.Config.Pain {
		if noEffect(r.Factor) {
			t.Errorf("%s has no planted effect, but scores %v", r.Factor, r.Points)
		}
		pain++
	}
	if fit == 0 || pain == 0 {
		t.Errorf("%d fit and %d pain rules", fit, pain)
	}
	// Fit and pain both mean something: the matrix has leads of every
	// kind, and the guard rails are measured.
	if res.Config.GoodFit <= 0 || res.Config.HighPain <= 0 {
		t.Errorf("good fit %v, high pain %v", res.Config.GoodFit, res.Config.HighPain)
	}
}

// TestTuneRecoversPlantedEffects: on the embedded sample and on a dataset
// generated with another seed, tune finds every planted effect of item 6
// of issue 14 with its sign and size, and none of the planted nulls.
func TestTuneRecoversPlantedEffects(t *testing.T) {
	t.Run("sample", func(t *testing.T) {
		res, err := Tune(context.Background(), loadSample(t), tuneOpts("adjusted"))
		if err != nil {
			t.Fatal(err)
		}
		checkRecovered(t, res)
	})
	t.Run("seed 11", func(t *testing.T) {
		if testing.Short() {
			t.Skip("generates and tunes a dataset")
		}
		dir := t.TempDir()
		if _, err := gen.Generate(context.Background(), gen.Options{Out: dir, Leads: 30000, Seed: 11}); err != nil {
			t.Fatal(err)
		}
		res, err := Tune(context.Background(), loadDirWS(t, dir, load.DefaultMaxRejectShare), tuneOpts("adjusted"))
		if err != nil {
			t.Fatal(err)
		}
		checkRecovered(t, res)
	})
}
