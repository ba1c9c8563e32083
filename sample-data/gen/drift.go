package gen

import (
	"fmt"
	"math/rand/v2"
)

// Drift (Options.Drift) changes the world for the leads created in the
// last DriftMonths of the data, so that a model tuned before then goes
// stale in documented ways, and `leadlab report drift` has ground truth
// to find:
//
//   - a planted effect fades: attending a webinar no longer raises the
//     chance of closing (+16 pp before, none after);
//   - a new behaviour appears with an effect: integration_connected (a
//     product event no lead did before) is done by DriftNewShare of the
//     drifted leads and adds DriftNewPP points to their chance of closing;
//   - lead sources shift in mix: paid social grows from 10% to 25% of
//     the leads, organic search, content and webinar leads shrink
//     (driftSources), a population stability index of about 0.2.
//
// Every other planted effect stays as it was. Without Drift nothing here
// draws a random number, so the output is byte-identical to a run of a
// leadlab without drift.
const (
	DriftMonths   = 6
	DriftNewEvent = "integration_connected"
	DriftNewShare = 0.10
	DriftNewPP    = 20.0
	// DriftFaded is the planted effect that fades.
	DriftFaded = "event:webinar_attended"
)

// driftSources are the source weights of the drifted leads, in the order
// of sources: paid social up, organic search, content and webinar down.
var driftSources = [...]float64{0.15, 0.15, 0.25, 0.10, 0.09, 0.06, 0.05, 0.10, 0.05}

// DriftStart is the first instant of drifted leads for an as-of date: the
// as-of date less DriftMonths.
func DriftStart(opt Options) (int64, error) {
	o, err := opt.withDefaults()
	if err != nil {
		return 0, err
	}
	return o.AsOf.AddDate(0, -DriftMonths, 0).Unix(), nil
}

// driftCoef is the noisy-OR chance of the new behaviour, solved so that its
// univariate lift among the drifted leads is DriftNewPP in expectation: a
// lead with it wins with keep · (1 − (1 − baseRate) · miss · (1 − a)), so
// its lift is a · (1 − baseRate) · E[keep · miss] over the drifted leads
// (the new factor is drawn independently of every other, and the faded
// factor no longer counts).
func driftCoef() float64 {
	c := *coefs()
	c[fWebinar] = 0
	km := 1.0
	for _, g := range modelGroups {
		var w, x float64
		for _, s := range g {
			keep, miss := factorProducts(&c, s.m)
			w += s.p
			x += s.p * keep * miss
		}
		km *= x / w
	}
	return DriftNewPP / 100 / ((1 - baseRate) * km)
}

// drifted draws what drift changes for a lead created at or after the
// drift start: whether it connected an integration, and its win chance
// without the faded factor and with the new one.
func (g *generator) driftedWin(r *rand.Rand, l *lead) float64 {
	l.integration = r.Float64() < DriftNewShare
	m := l.factors &^ (1 << fWebinar)
	p := winProbability(m)
	if l.integration {
		keep, miss := factorProducts(coefs(), m)
		p = keep * (1 - (1-baseRate)*miss*(1-g.driftA))
	}
	return p
}

// DriftHelp describes the drift for `leadlab gen --help`.
func DriftHelp() string {
	return fmt.Sprintf(`With --drift, leads created in the last %d months drift: %s has no
effect any more (+16 pp before); a new behaviour, event:%s, done by %.0f%%
of them, adds %+.0f pp; and paid social grows from 10%% to 25%% of lead
sources while organic search, content and webinar shrink (PSI about 0.2).
`, DriftMonths, DriftFaded, DriftNewEvent, 100*DriftNewShare, DriftNewPP)
}
