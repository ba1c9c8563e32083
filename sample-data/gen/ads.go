package gen

// Account-level advertising. Impressions are mostly bought for target
// accounts (ABM display), and each such month is a spend row attributed to
// the account. Clicks are drawn for one account in seven whatever the
// account is, so that ad_click stays free of the target-account effect.
const (
	targetAdMonthRate = 0.5
	otherAdMonthRate  = 0.06
	adClickRate       = 0.15
)

func (g *generator) adEvents(a *account) {
	r := g.r
	rate := otherAdMonthRate
	if a.target {
		rate = targetAdMonthRate
	}
	spend := g.tables[tSpend]
	for i, m := range g.months {
		lo, hi := max(m, g.start), g.asOf
		if i+1 < len(g.months) {
			hi = g.months[i+1]
		}
		if r.Float64() >= rate {
			continue
		}
		n := 1 + r.IntN(6)
		for range n {
			g.emit(between(r, lo, hi), nil, accountGroup, eAdImpression, -1)
		}
		if a.target {
			spend.date(lo)
			spend.str("display")
			spend.null()
			spend.id('A', a.n)
			spend.money(roundTo(80+float64(n)*(20+40*r.Float64()), 0.01))
			spend.end()
		}
	}
	if r.Float64() < adClickRate {
		for range 1 + r.IntN(2) {
			t := between(r, g.start+hour, g.asOf)
			g.emit(t-between(r, 1, 60), nil, accountGroup, eAdImpression, -1)
			g.emit(t, nil, accountGroup, eAdClick, -1)
		}
	}
}
