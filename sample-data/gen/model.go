package gen

import "math/rand/v2"

// The close model is additive in probability: a lead wins a new deal with
// probability baseRate plus the coefficient of every factor it has. Because
// the factors are drawn independently, the univariate lift of a factor (close
// rate with it minus close rate without it) equals its coefficient in
// expectation, which is what lets tests and users check an analysis against
// PlantedEffects.
//
// The positive coefficients add up to 91 points, so baseRate must stay below
// 9%. A base of 7% would be needed to absorb both negative factors at once,
// and that pushes the overall close rate to about 14%. Instead the two
// negative factors never occur together (a lead draws at most one of them),
// which lets the base drop to 4.5% and the overall rate sit near 11% while no
// probability ever leaves [0, 1]. Making them exclusive would bias their
// univariate lifts towards each other, so negativeCoefs solves for the
// coefficients that restore the documented lifts exactly.
const baseRate = 0.045

// coefs holds the additive coefficient of each factor, as a probability.
var coefs = buildCoefs()

func buildCoefs() [numFactors]float64 {
	var c [numFactors]float64
	for _, p := range plants {
		c[p.f] = p.effect.PP / 100
	}
	c[fUnsub], c[fCareers] = negativeCoefs()
	return c
}

// negativeCoefs returns coefficients for the two mutually exclusive negative
// factors u and c such that their univariate lifts are the planted ones. With
// prevalences a and b and no lead having both:
//
//	lift(u) = Eu - Ec*b/(1-a)    lift(c) = Ec - Eu*a/(1-b)
//
// and solving this 2×2 system gives the coefficients.
func negativeCoefs() (eu, ec float64) {
	lu, lc := plants[fUnsub].effect.PP/100, plants[fCareers].effect.PP/100
	a, b := plants[fUnsub].prevalence, plants[fCareers].prevalence
	k1, k2 := b/(1-a), a/(1-b)
	det := 1 - k1*k2
	return (lu + k1*lc) / det, (lc + k2*lu) / det
}

// leadFactors is a bit set of the factors a lead has.
type leadFactors uint16

func (m leadFactors) has(f factor) bool { return m&(1<<f) != 0 }

// drawLeadFactors draws the lead-level factors; target and large come from
// the account and are passed in so that the whole set is in one place.
func drawLeadFactors(r *rand.Rand, target, large bool) leadFactors {
	var m leadFactors
	set := func(f factor, on bool) {
		if on {
			m |= 1 << f
		}
	}
	set(fTarget, target)
	set(fLarge, large)
	for f := fCorporate; f < numFactors; f++ {
		switch f {
		case fTarget, fLarge, fUnsub, fCareers:
			continue
		}
		set(f, r.Float64() < plants[f].prevalence)
	}
	// One draw decides both negative factors so that they never co-occur.
	u := r.Float64()
	set(fUnsub, u < plants[fUnsub].prevalence)
	set(fCareers, u >= plants[fUnsub].prevalence && u < plants[fUnsub].prevalence+plants[fCareers].prevalence)
	return m
}

// winProbability is the additive model itself.
func winProbability(m leadFactors) float64 {
	p := baseRate
	for f := factor(0); f < numFactors; f++ {
		if m.has(f) {
			p += coefs[f]
		}
	}
	return p
}
