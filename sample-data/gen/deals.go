package gen

import (
	"math"
	"math/rand/v2"
)

// Deal statuses and kinds as deals.csv writes them.
const (
	statusOpen = "open"
	statusWon  = "won"
	statusLost = "lost"
)

const (
	renewalWinRate = 0.8
	expansionRate  = 0.25
)

// writeDeals writes the account's new deals with their renewals and
// expansions, and returns when the account first became a customer (0 if it
// never did). A deal whose close would fall after the end of the data is
// open with no closed_at; an opportunity that would open after it does not
// exist yet.
func (g *generator) writeDeals(a *account, leads []lead) (firstWin int64) {
	for i := range leads {
		l := &leads[i]
		if !l.opp || l.oppAt >= g.asOf {
			continue
		}
		status, closed := statusOpen, int64(0)
		if l.closeAt < g.asOf {
			status, closed = statusLost, l.closeAt
			if l.won {
				status = statusWon
			}
		}
		leadN := l.n
		if l.accountLevel {
			leadN = 0
		}
		g.writeDeal(a, leadN, "new", status, l.oppAt, closed, l.acv, l.months)
		if status != statusWon {
			continue
		}
		if firstWin == 0 || closed < firstWin {
			firstWin = closed
		}
		g.renewals(a, l)
		g.expansion(a, l)
	}
	return firstWin
}

// renewals writes one renewal per contract term that ends in the data, until
// one is lost or still open.
func (g *generator) renewals(a *account, l *lead) {
	r := g.r
	amount := l.acv
	for end := addMonths(l.closeAt, l.months); ; end = addMonths(end, l.months) {
		created := end - daysBetween(r, 45, 75)
		if created >= g.asOf {
			return
		}
		amount = roundTo(amount*(1+0.08*r.Float64()), 100)
		closed := end - 10*day + r.Int64N(25*day)
		if closed >= g.asOf {
			g.writeDeal(a, 0, "renewal", statusOpen, created, 0, amount, l.months)
			return
		}
		if r.Float64() >= renewalWinRate {
			g.writeDeal(a, 0, "renewal", statusLost, created, closed, amount, l.months)
			return
		}
		g.writeDeal(a, 0, "renewal", statusWon, created, closed, amount, l.months)
	}
}

// expansion gives about a quarter of customers an upsell deal, won unless
// it is still open at the end of the data.
func (g *generator) expansion(a *account, l *lead) {
	r := g.r
	if r.Float64() >= expansionRate {
		return
	}
	created := l.closeAt + daysBetween(r, 60, 330)
	if created >= g.asOf {
		return
	}
	amount := roundTo(l.acv*(0.2+0.4*r.Float64()), 100)
	closed := created + daysBetween(r, 14, 45)
	if closed >= g.asOf {
		g.writeDeal(a, 0, "expansion", statusOpen, created, 0, amount, l.months)
		return
	}
	g.writeDeal(a, 0, "expansion", statusWon, created, closed, amount, l.months)
}

func (g *generator) writeDeal(a *account, leadN int, kind, status string, created, closed int64, amount float64, months int) {
	g.nextDeal++
	t := g.tables[tDeals]
	t.id('D', g.nextDeal)
	t.id('A', a.n)
	t.id('L', leadN)
	t.str(kind)
	t.str(status)
	t.ts(created)
	t.ts(closed)
	t.money(amount)
	t.num(int64(months))
	t.end()
}

// drawACV draws the annual contract value of a new deal: bigger companies
// buy bigger contracts, from a few thousand to tens of thousands.
func drawACV(r *rand.Rand, employees int) float64 {
	lo, hi := 3000.0, 9000.0
	switch {
	case employees >= 1000:
		lo, hi = 20000, 90000
	case employees >= 100:
		lo, hi = 8000, 30000
	}
	return roundTo(lo*math.Exp(r.Float64()*math.Log(hi/lo)), 100)
}

func roundTo(x, unit float64) float64 { return math.Round(x/unit) * unit }
