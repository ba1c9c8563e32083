package gen

import (
	"context"
	"fmt"
	"math/rand/v2"
)

// Random streams, one per purpose, so that changing how one table is drawn
// does not reshuffle the others.
const (
	streamAccounts = iota + 1
	streamLeads
	streamSpend
)

// generator holds the state of one run. Only the current account's leads and
// events are held; accounts are all kept, as everything refers to them.
type generator struct {
	r           *rand.Rand
	start, asOf int64
	months      []int64 // first instant of each month overlapping the data
	tables      [numTables]*table
	ev          []event
	leads       []lead
	nextDeal    int

	// drift: leads created at or after driftStart drift (drift.go), the
	// new behaviour's chance being driftA.
	drift      bool
	driftStart int64
	driftA     float64
}

// writeCSVs writes every table as CSV into dir and records row counts.
func writeCSVs(ctx context.Context, dir string, opt Options, rows map[string]int64) (err error) {
	g := &generator{
		r:     rand.New(rand.NewPCG(opt.Seed, streamLeads)),
		start: opt.AsOf.AddDate(0, -18, 0).Unix(),
		asOf:  opt.AsOf.Unix(),
	}
	g.months = monthStarts(g.start, g.asOf)
	if opt.Drift {
		g.drift, g.driftStart, g.driftA = true, opt.AsOf.AddDate(0, -DriftMonths, 0).Unix(), driftCoef()
	}
	for i := range tableSpecs {
		t, cerr := createTable(dir, &tableSpecs[i], opt.Gzip)
		if cerr != nil {
			g.closeTables()
			return cerr
		}
		g.tables[i] = t
	}
	defer func() {
		if cerr := g.closeTables(); err == nil {
			err = cerr
		}
		if err == nil {
			for _, t := range g.tables {
				rows[t.spec.name] = t.rows
			}
		}
	}()

	writeCampaigns(g.tables[tCampaigns])
	accounts := makeAccounts(rand.New(rand.NewPCG(opt.Seed, streamAccounts)), opt.Leads)
	for i := range accounts {
		writeAccount(g.tables[tAccounts], &accounts[i])
	}
	g.writeChannelSpend(rand.New(rand.NewPCG(opt.Seed, streamSpend)), opt.Leads)

	nextLead := 1
	for i := range accounts {
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("generation cancelled after %d leads: %w", nextLead-1, err)
		}
		if err := g.writeErr(); err != nil {
			return err
		}
		a := &accounts[i]
		g.leads = g.drawLeads(g.leads, a, nextLead)
		nextLead += len(g.leads)
		g.writeAccountActivity(a)
	}
	return g.writeErr()
}

// writeAccountActivity writes everything that happens at one account: its
// leads, their events through every phase, its ads, deals and NPS answers.
func (g *generator) writeAccountActivity(a *account) {
	for i := range g.leads {
		writeLead(g.tables[tLeads], &g.leads[i], a)
	}
	for i := range g.leads {
		l := &g.leads[i]
		g.engagement(l, i)
		if l.opp && l.oppAt < g.asOf {
			if l.accountLevel {
				g.salesEvents(l, nil, accountGroup)
			} else {
				g.salesEvents(l, l, i)
			}
		}
		switch {
		case l.won:
			g.customerEvents(l, i)
		case !l.opp:
			g.nurtureEvents(l, i, l.created+QuietDays*day, a)
		case l.closeAt < g.asOf: // lost
			g.nurtureEvents(l, i, l.closeAt+30*day, a)
		}
	}
	g.adEvents(a)
	firstWin := g.writeDeals(a, g.leads)
	g.flushEvents(a)
	g.writeNPS(a, firstWin)
}

func (g *generator) writeErr() error {
	for _, t := range g.tables {
		if err := t.err(); err != nil {
			return err
		}
	}
	return nil
}

func (g *generator) closeTables() error {
	var first error
	for _, t := range g.tables {
		if t == nil {
			continue
		}
		if err := t.close(); err != nil && first == nil {
			first = err
		}
	}
	return first
}
