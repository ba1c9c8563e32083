package gen

import (
	"math"
	"math/rand/v2"
	"slices"
	"sync"
)

// The close model. A lead with none of the factors wins a new deal with
// probability baseRate. Each positive factor f is a separate chance a_f to
// win (a noisy OR: the lead wins if any of its reasons carries it), and each
// negative factor g then keeps only 1 − k_g of that probability:
//
//	p = Π_g (1 − k_g) · (1 − (1 − baseRate) · Π_f (1 − a_f))
//
// over the factors the lead has. Any combination of factors stays inside
// [0, 1], however many there are and however large, which an additive model
// could not promise once the planted effects add up to more than 100
// points; and a negative factor can be strong without a floor at zero.
//
// The coefficients are not the planted values: solveCoefs finds the a_f and
// k_g for which each factor's univariate lift (close rate with it minus
// close rate without it) equals its planted value exactly in expectation,
// computing those expectations in closed form (see expectedWin). Because
// the model is neither additive in probability nor in log-odds, a logistic
// regression will not reproduce the planted numbers as coefficients; its
// average marginal effects come near them, and univariate lift matches them.
//
// baseRate, with the planted effects and prevalences, sets the overall
// close rate: about 16% of mature leads close (TestCoefsSolved).
const baseRate = 0.005

// coefs holds a_f for the positive factors and k_g for the negative ones.
// It is solved on first use (about 2 ms), so that programs that import the
// package only for PlantedEffects do not pay for it at start-up.
var coefs = sync.OnceValue(func() *[numFactors]float64 {
	c := solveCoefs()
	return &c
})

// leadFactors is a bit set of the factors a lead has.
type leadFactors uint32

func (m leadFactors) has(f factor) bool { return m&(1<<f) != 0 }

func (m *leadFactors) set(f factor, on bool) {
	if on {
		*m |= 1 << f
	}
}

// accountFactors are the factors a lead takes from its account.
func accountFactors(a *account) leadFactors {
	var m leadFactors
	m.set(fTarget, a.target)
	m.set(fLarge, a.employees >= 1000)
	m.set(fFreeUsers, a.freeUsers > 0)
	return m
}

// drawLeadFactors draws the lead-level factors on top of the account's.
func drawLeadFactors(r *rand.Rand, account leadFactors) leadFactors {
	m := account
	for f := factor(0); f < numFactors; f++ {
		switch f {
		case fTarget, fLarge, fFreeUsers, fSenior, fStudent:
			continue
		}
		m.set(f, r.Float64() < plants[f].prevalence)
	}
	// One draw decides seniority and studenthood: a VP is never a student.
	u := r.Float64()
	m.set(fSenior, u < plants[fSenior].prevalence)
	m.set(fStudent, u >= plants[fSenior].prevalence && u < plants[fSenior].prevalence+plants[fStudent].prevalence)
	return m
}

// winProbability is the model itself.
func winProbability(m leadFactors) float64 {
	keep, miss := factorProducts(coefs(), m)
	return keep * (1 - (1-baseRate)*miss)
}

// factorProducts returns, over the factors in m, Π(1 − k_g) of the negative
// ones and Π(1 − a_f) of the positive ones.
func factorProducts(c *[numFactors]float64, m leadFactors) (keep, miss float64) {
	keep, miss = 1, 1
	for f := factor(0); f < numFactors; f++ {
		if !m.has(f) {
			continue
		}
		if plants[f].effect.PP < 0 {
			keep *= 1 - c[f]
		} else {
			miss *= 1 - c[f]
		}
	}
	return keep, miss
}

// leadShare is the share of leads that have the factor. Target accounts
// differ from the rest: unengagedTargets of them get no lead at all, while
// every other account's lead count is drawn the same way.
func leadShare(f factor) float64 {
	if f == fTarget {
		engaged := targetShare * (1 - unengagedTargets)
		return engaged / (engaged + 1 - targetShare)
	}
	return plants[f].prevalence
}

// state is one outcome of a group of factors drawn together, with its
// probability; a group's states are exclusive and cover every lead.
type state struct {
	m leadFactors
	p float64
}

// modelGroups are the factors as they are drawn: independent groups of one
// factor each, and seniority with studenthood in one group of three states.
var modelGroups = func() [][]state {
	var gs [][]state
	for f := factor(0); f < numFactors; f++ {
		if f == fSenior || f == fStudent {
			continue
		}
		q := leadShare(f)
		gs = append(gs, []state{{1 << f, q}, {0, 1 - q}})
	}
	s, t := leadShare(fSenior), leadShare(fStudent)
	return append(gs, []state{{1 << fSenior, s}, {1 << fStudent, t}, {0, 1 - s - t}})
}()

// expectedWin is the mean win probability over leads whose factors in the
// group of f are present (with true) or absent. The groups are independent,
// so the mean of each product in winProbability is the product of the
// groups' means: E[p] = Π E[keep] − (1 − baseRate) · Π E[keep · miss].
func expectedWin(c *[numFactors]float64, f factor, with bool) float64 {
	eKeep, eKeepMiss := 1.0, 1.0
	for _, g := range modelGroups {
		ours := slices.ContainsFunc(g, func(s state) bool { return s.m.has(f) })
		var w, k, km float64
		for _, s := range g {
			if ours && s.m.has(f) != with {
				continue
			}
			keep, miss := factorProducts(c, s.m)
			w += s.p
			k += s.p * keep
			km += s.p * keep * miss
		}
		eKeep *= k / w
		eKeepMiss *= km / w
	}
	return eKeep - (1-baseRate)*eKeepMiss
}

// modelLift is the expected univariate lift of f in the model, as a
// probability.
func modelLift(c *[numFactors]float64, f factor) float64 {
	return expectedWin(c, f, true) - expectedWin(c, f, false)
}

// solveCoefs finds the coefficients whose lifts are the planted values. A
// factor's lift is linear in its own coefficient (the others held), so
// each step sets one coefficient exactly from two evaluations, and sweeps
// repeat until nothing moves: the factors barely depend on each other, and
// a few dozen sweeps reach machine precision.
func solveCoefs() [numFactors]float64 {
	var c [numFactors]float64
	for _, p := range plants {
		c[p.f] = math.Abs(p.effect.PP) / 100
	}
	for sweep := 0; sweep < 200; sweep++ {
		moved := 0.0
		for _, p := range plants {
			f, want := p.f, p.effect.PP/100
			at := modelLift(&c, f)
			old := c[f]
			c[f] = 0
			zero := modelLift(&c, f)
			c[f] = old * (want - zero) / (at - zero)
			moved = max(moved, math.Abs(c[f]-old))
		}
		if moved < 1e-15 {
			break
		}
	}
	// TestCoefsSolved checks that every coefficient lies in (0, 1) and
	// gives its planted lift; a planted value the model cannot reach fails
	// there rather than in every program that imports the package.
	return c
}
