package gen

import (
	"math/rand/v2"
	"time"
)

// channelBudget is the monthly spend of a channel at the default size of
// 20,000 leads; it scales with the number of leads so that cost per lead
// stays near $100 at any size.
var channelBudget = []struct {
	channel string
	amount  float64
}{
	{"search", 22000}, {"social", 14000}, {"display", 9000},
}

const (
	eventsBudget   = 25000 // conference months only
	emailPerDrip   = 400   // email tooling per drip campaign and month
	defaultScaleAt = 20000
)

// conferenceMonths are the months with event spend.
var conferenceMonths = map[time.Month]bool{time.March: true, time.June: true, time.September: true, time.November: true}

// writeChannelSpend writes the monthly spend rows that are not attributed
// to an account: one per channel, plus one per drip campaign for email.
func (g *generator) writeChannelSpend(r *rand.Rand, leads int) {
	t := g.tables[tSpend]
	scale := float64(leads) / defaultScaleAt
	row := func(date int64, channel, campaign string, base float64) {
		t.date(date)
		t.str(channel)
		t.str(campaign)
		t.null()
		t.money(roundTo(base*scale*(0.8+0.4*r.Float64()), 0.01))
		t.end()
	}
	for _, m := range g.months {
		date := max(m, g.start)
		for _, c := range channelBudget {
			row(date, c.channel, "", c.amount)
		}
		if conferenceMonths[time.Unix(m, 0).UTC().Month()] {
			row(date, "events", "", eventsBudget)
		}
		for _, c := range campaigns {
			row(date, "email", c.name, emailPerDrip)
		}
	}
}
