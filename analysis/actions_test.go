package analysis

import (
	"context"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/leadlab/leadlab/queries"
)

func factorByName(t *testing.T, r ActionsReport, name string) Factor {
	t.Helper()
	for _, f := range r.Factors {
		if f.Factor == name {
			return f
		}
	}
	t.Fatalf("no factor %s", name)
	return Factor{}
}

// TestScoreFactorsByHand: 100 settled leads, 20 won.
func TestScoreFactorsByHand(t *testing.T) {
	r := scoreFactors(queries.ActionCounts{Leads: 100, Won: 20, Factors: []queries.FactorCount{
		{Factor: "event:demo", Kind: "pain", Event: "demo", With: 40, WonWith: 16},
		{Factor: "event:email_open", Kind: "pain", Event: "email_open", With: 40, WonWith: 16},
		{Factor: "event:once", Kind: "pain", Event: "once", With: 1, WonWith: 1},
		{Factor: "attr:all=yes", Kind: "fit", With: 100, WonWith: 20},
		{Factor: "attr:none=yes", Kind: "fit", With: 0, WonWith: 0},
	}})
	d := factorByName(t, r, "event:demo")
	// Rates 16/40 and 4/60; odds ratio ((16+1)(80-24+1)) / ((20-16+1)(24+1)).
	near(t, "rate with", d.RateWith, 0.4)
	near(t, "rate without", d.RateWithout, 4.0/60)
	near(t, "lift", d.LiftPP, 100*(0.4-4.0/60))
	near(t, "odds ratio", d.OddsRatio, 17.0*57/(5*25))
	if d.LiftCILow <= 0 || d.LiftCIHigh <= d.LiftPP || d.LiftCILow >= d.LiftPP {
		t.Errorf("interval [%v, %v] around %v", d.LiftCILow, d.LiftCIHigh, d.LiftPP)
	}
	if d.SuggestedPoints != 33 || d.QValue >= 0.05 || d.Test != "fisher" {
		t.Errorf("demo: points %d q %v test %s", d.SuggestedPoints, d.QValue, d.Test)
	}
	v := factorByName(t, r, "event:email_open")
	if v.SuggestedPoints != 0 || !slices.Contains(v.Flags, "vanity") {
		t.Errorf("a vanity event got points %d, flags %v", v.SuggestedPoints, v.Flags)
	}
	if f := factorByName(t, r, "event:once"); !slices.Contains(f.Flags, "rare") || !slices.Contains(f.Flags, "skewed") {
		t.Errorf("one lead, won: flags %v, want rare and skewed", f.Flags)
	}
	for _, name := range []string{"attr:all=yes", "attr:none=yes"} {
		f := factorByName(t, r, name)
		if f.LiftPP != 0 || f.SuggestedPoints != 0 || f.PValue != 1 {
			t.Errorf("%s: lift %v points %d p %v", name, f.LiftPP, f.SuggestedPoints, f.PValue)
		}
	}
	for i := 1; i < len(r.Factors); i++ {
		if r.Factors[i].LiftPP > r.Factors[i-1].LiftPP {
			t.Errorf("not sorted by lift: %s after %s", r.Factors[i].Factor, r.Factors[i-1].Factor)
		}
	}
	for _, f := range r.Factors {
		for _, x := range []float64{f.RateWith, f.RateWithout, f.LiftPP, f.LiftCILow, f.LiftCIHigh, f.OddsRatio, f.Phi, f.PValue, f.QValue} {
			if math.IsNaN(x) || math.IsInf(x, 0) {
				t.Errorf("%s has a non-finite figure: %+v", f.Factor, f)
			}
		}
	}
}

func TestScoreFactorsEdgeCases(t *testing.T) {
	for _, c := range []queries.ActionCounts{
		{},
		{Leads: 1, Won: 1, Factors: []queries.FactorCount{{Factor: "event:x", With: 1, WonWith: 1}}},
		{Leads: 10, Won: 0, Factors: []queries.FactorCount{{Factor: "event:x", With: 5}}},
		{Leads: 10, Won: 10, Factors: []queries.FactorCount{{Factor: "event:x", With: 5, WonWith: 5}}},
	} {
		r := scoreFactors(c)
		if math.IsNaN(r.MinLiftPP) || math.IsInf(r.MinLiftPP, 0) || math.IsNaN(r.BaseRate) {
			t.Errorf("%+v: base %v mde %v", c, r.BaseRate, r.MinLiftPP)
		}
		for _, f := range r.Factors {
			for _, x := range []float64{f.RateWith, f.RateWithout, f.LiftPP, f.LiftCILow, f.LiftCIHigh, f.OddsRatio, f.Phi, f.PValue, f.QValue} {
				if math.IsNaN(x) || math.IsInf(x, 0) {
					t.Errorf("%+v: non-finite figure in %+v", c, f)
				}
			}
		}
	}
}

// TestPlantedEffectsOnSample: on the embedded sample, with a window as
// long as the longest sales cycle, the planted effects come out in the
// planted order, each inside its interval, and the no-effect events earn
// no points.
func TestPlantedEffectsOnSample(t *testing.T) {
	ws := loadSample(t)
	r, err := BuildActions(context.Background(), ws, queries.OutcomeOptions{WindowSet: true, WindowDays: 150})
	if err != nil {
		t.Fatal(err)
	}
	planted := []struct {
		factor string
		pp     float64
	}{
		{"event:document_created", 25}, {"event:demo_request", 12}, {"event:trial_signup", 10},
		{"event:pricing_page_view", 6}, {"event:webinar_attended", 4},
	}
	// account:target=true (planted +8) measures about +10 [8.5, 11.7] here:
	// recent won leads are settled while their not-won peers are still
	// maturing, which lifts every rate. The analysis issue's note says
	// more; the events above are inside their intervals regardless.
	prev := math.Inf(1)
	for _, p := range planted {
		f := factorByName(t, r, p.factor)
		if f.LiftCILow > p.pp || f.LiftCIHigh < p.pp {
			t.Errorf("%s: planted %v pp outside [%.1f, %.1f] (lift %.1f)", p.factor, p.pp, f.LiftCILow, f.LiftCIHigh, f.LiftPP)
		}
		if f.LiftPP > prev+1 {
			t.Errorf("%s (%.1f) out of the planted order", p.factor, f.LiftPP)
		}
		prev = f.LiftPP
	}
	// The multivariate model: the strongest action keeps a clearly
	// positive adjusted effect, and the model ranks leads better than
	// chance.
	if r.Model.AUC == nil || *r.Model.AUC <= 0.6 || len(r.Model.Factors) == 0 {
		t.Fatalf("model %+v", r.Model)
	}
	found := false
	for _, m := range r.Model.Factors {
		if strings.HasPrefix(m.Factor, "event:document_created") {
			found = true
			if m.Coef-2*m.SE <= 0 || math.Abs(m.OddsRatio-math.Exp(m.Coef)) > 1e-12 {
				t.Errorf("document_created in the model: %+v", m)
			}
		}
		if strings.HasPrefix(m.Factor, "event:email_open") {
			t.Errorf("a vanity factor entered the model: %s", m.Factor)
		}
	}
	if !found {
		t.Errorf("document_created is not in the model: %+v", r.Model.Factors)
	}
	for _, name := range []string{"event:email_open", "event:website_visit", "event:email_click"} {
		if f := factorByName(t, r, name); f.SuggestedPoints != 0 {
			t.Errorf("%s (no planted effect) suggested %d points", name, f.SuggestedPoints)
		}
	}
	if f := factorByName(t, r, "event:unsubscribe"); f.LiftPP >= 0 {
		t.Errorf("unsubscribe lift %.1f, planted negative", f.LiftPP)
	}
	for _, f := range r.Factors {
		if f.Factor == "event:contract_sent" || f.Factor == "event:proposal_sent" {
			t.Errorf("post-opportunity activity %s in the table", f.Factor)
		}
	}
}
