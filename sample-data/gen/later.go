package gen

import "time"

// salesEvents writes the sales activity of an opportunity, strictly after
// its created_at: meetings, a proposal, a contract. Won deals have far more
// of it than lost ones, so it predicts closing perfectly if an analysis lets
// it leak in, and vanishes when events are cut at the opportunity. who is
// nil for an account-level deal, whose activity carries no lead_id.
func (g *generator) salesEvents(l, who *lead, group int) {
	r := g.r
	lo, hi := l.oppAt+hour, l.closeAt
	meetings, proposal, contract := 0, 0.4, 0.08
	if l.won {
		meetings, proposal, contract = 2+r.IntN(3), 0.95, 0.9
	} else if r.Float64() < 0.75 {
		meetings = 1 + r.IntN(2)
	}
	for range meetings {
		g.emit(between(r, lo, hi), who, group, eMeetingHeld, -1)
	}
	if r.Float64() < proposal {
		g.emit(between(r, lo+(hi-lo)/2, hi), who, group, eProposalSent, -1)
	}
	if r.Float64() < contract {
		g.emit(between(r, lo+(hi-lo)*3/4, hi), who, group, eContractSent, -1)
	}
}

// customerEvents writes a customer's life after the deal closes: product
// use, support, onboarding, billing, upsell and renewal emails. For an
// account-level deal it starts no earlier than QuietDays after created_at,
// because an analysis may not see such a deal as the lead's opportunity and
// would then count the lead's events up to the end of its window.
func (g *generator) customerEvents(l *lead, group int) {
	r := g.r
	s := l.closeAt
	if l.accountLevel {
		s = max(s, l.created+QuietDays*day)
	}
	if s >= g.asOf {
		return
	}
	for _, d := range []int64{1, 7, 21} {
		g.sendEmail(l, group, cCustomerOnboarding, s+d*day+between(r, 0, 8*hour), g.asOf)
	}
	g.poisson(l, group, eLogin, s, 8)
	g.poisson(l, group, eDocumentCreated, s, 15)
	g.poisson(l, group, eSupportTicket, s, 75)
	for t := s + 2*day; t < g.asOf; t += 91 * day {
		g.sendEmail(l, group, cBilling, t+between(r, 0, day), g.asOf)
	}
	upsell := cUpsellGeneric
	if l.factors.has(fSenior) && r.Float64() < 0.5 {
		upsell = cUpsellExecutive
	}
	for t := s + 60*day; t < g.asOf; t += 120 * day {
		g.sendEmail(l, group, upsell, t+between(r, 0, 3*day), g.asOf)
	}
	if remind := addMonths(l.closeAt, l.months) - 60*day; remind > s {
		g.sendEmail(l, group, cRenewalReminder, remind, g.asOf)
	}
}

// nurtureEvents writes monthly nurture for leads that are not customers,
// from `from` to the end of the data: a nurture email two months in three and
// a product engagement email the third, occasional website visits, and now
// and then an unsubscribe, after which the emails stop.
func (g *generator) nurtureEvents(l *lead, group int, from int64, a *account) {
	r := g.r
	unsubscribed := l.factors.has(fUnsub)
	nurture := cNurtureGeneric
	if v := nurtureByIndustry[a.industry]; v >= 0 && r.Float64() < 0.5 {
		nurture = v
	}
	product := cProductTips
	if r.Float64() < 0.5 {
		product = cProductReactivate
	}
	t := from + between(r, 0, 30*day)
	for k := 0; t < g.asOf; k++ {
		c := nurture
		if k%3 == 2 {
			c = product
		}
		if !unsubscribed {
			g.sendEmail(l, group, c, t, g.asOf)
			if cb := campaigns[c].comeback; cb > 0 && r.Float64() < cb {
				g.emit(t+between(r, hour, 7*day), l, group, eLogin, -1)
			}
			if r.Float64() < 0.008 {
				g.emit(t+between(r, hour, 3*day), l, group, eUnsubscribe, c)
				unsubscribed = true
			}
		}
		if r.Float64() < 0.12 {
			g.emit(between(r, t, t+30*day), l, group, eWebsiteVisit, -1)
		}
		t += daysBetween(r, 28, 35)
	}
}

// poisson writes events of kind k from s to the end of the data, with
// exponential gaps of meanDays on average.
func (g *generator) poisson(l *lead, group int, k eventKind, s int64, meanDays float64) {
	r := g.r
	for t := s + int64(r.ExpFloat64()*meanDays*day); t < g.asOf; t += int64(r.ExpFloat64()*meanDays*day) + 1 {
		g.emit(t, l, group, k, -1)
	}
}

func addMonths(sec int64, months int) int64 {
	return time.Unix(sec, 0).UTC().AddDate(0, months, 0).Unix()
}
