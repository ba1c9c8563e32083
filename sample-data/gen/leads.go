package gen

import (
	"cmp"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
)

// lead holds what the generator decided about one lead: its profile, its
// planted factors, and its future (opportunity, outcome, dates). Only one
// account's leads are in memory at a time.
type lead struct {
	n        int // the number in lead_id "L<n>"
	created  int64
	factors  leadFactors
	role     int // index into roles, -1 when the form field was left empty or the lead is a student
	title    string
	first    int // index into firstNames
	last     int
	mailNum  int // digits after a personal address; 0 for none
	freeMail int // index into freeMail, -1 for the corporate domain
	country  string
	source   int // index into sources, -1 for referralSource

	integration bool // drifted leads only: did the new behaviour (drift.go)

	won          bool
	opp          bool  // reaches an opportunity (every winner, some losers)
	oppAt        int64 // opportunity created_at
	closeAt      int64 // when it closes; after asOf means it is still open
	engageEnd    int64 // end of the engagement phase, see clock.go
	accountLevel bool  // the won deal carries no lead_id
	acv          float64
	months       int
}

const (
	// lostOppRate is the chance that a lead that will not win still gets an
	// opportunity (and loses it). It does not depend on any factor.
	lostOppRate = 0.18
	// accountLevelRate is the chance that an eligible won deal is written
	// without a lead_id; it makes about 10% of won new deals account-level.
	accountLevelRate = 0.42
)

// emailFirst and emailLast are the name lists in lower case, made once.
var emailFirst, emailLast = lowerAll(firstNames), lowerAll(lastNames)

func lowerAll(in []string) []string {
	out := make([]string, len(in))
	for i, s := range in {
		out[i] = strings.ToLower(s)
	}
	return out
}

// drawLeads draws the leads of one account into buf, sorted by created_at,
// numbers them from next, and decides which won deals are account-level.
func (g *generator) drawLeads(buf []lead, a *account, next int) []lead {
	buf = buf[:0]
	for range a.leads {
		buf = append(buf, g.drawLead(a))
	}
	slices.SortFunc(buf, func(x, y lead) int { return cmp.Compare(x.created, y.created) })
	for i := range buf {
		buf[i].n = next + i
	}
	// A won deal may drop its lead_id only when its lead is the one lead of
	// the account created before the deal: the won-lead rule ("leads of the
	// account created before the deal") then names exactly that lead, and no
	// other lead is counted as won by accident.
	if len(buf) > 0 && buf[0].won && (len(buf) == 1 || buf[1].created >= buf[0].oppAt) {
		buf[0].accountLevel = g.r.Float64() < accountLevelRate
	}
	return buf
}

func (g *generator) drawLead(a *account) lead {
	r := g.r
	l := lead{role: -1, freeMail: -1}
	l.created = between(r, g.start, g.asOf)
	l.factors = drawLeadFactors(r, accountFactors(a))
	roleIdx := r.IntN(len(roles))
	switch {
	case l.factors.has(fStudent):
		// Students always pick "student" on the form (writeLead writes
		// it), so the role value is exactly the planted factor.
		l.title = studentTitles[r.IntN(len(studentTitles))]
	default:
		if r.Float64() < 0.92 {
			l.role = roleIdx
		}
		l.title = drawTitle(r, &roles[roleIdx], l.factors.has(fSenior))
	}
	l.first, l.last = r.IntN(len(firstNames)), r.IntN(len(lastNames))
	if !l.factors.has(fCorporate) {
		l.freeMail = r.IntN(len(freeMail))
		l.mailNum = r.IntN(100)
	}
	l.country = a.country
	if r.Float64() < 0.1 {
		cs := regions[a.region].countries
		l.country = cs[r.IntN(len(cs))]
	}
	drifted := g.drift && l.created >= g.driftStart
	l.source = -1 // customer_referral, the planted fReferral
	if !l.factors.has(fReferral) {
		weight := func(i int) float64 { return sources[i].weight }
		if drifted {
			weight = func(i int) float64 { return driftSources[i] }
		}
		l.source = pickWeighted(r, len(sources), weight)
	}

	if drifted {
		l.won = r.Float64() < g.driftedWin(r, &l)
	} else {
		l.won = r.Float64() < winProbability(l.factors)
	}
	l.opp = l.won || r.Float64() < lostOppRate
	l.engageEnd = l.created + engageDays*day
	if l.opp {
		l.oppAt = l.created + daysBetween(r, minOppDays, maxOppDays)
		// Squaring skews closes early with a long tail, as real cycles are.
		u := r.Float64()
		l.closeAt = l.oppAt + int64((minCloseDays+(maxCloseDays-minCloseDays)*u*u)*day)
		l.engageEnd = min(l.engageEnd, l.oppAt)
		l.acv = drawACV(r, a.employees)
		l.months = 12
		if r.Float64() < 0.3 {
			l.months = 24
		}
	}
	return l
}

// drawTitle picks a title: VP or C-level for senior leads, else director,
// manager, individual contributor or (one in ten) no title at all.
func drawTitle(r *rand.Rand, ro *role, senior bool) string {
	var s seniority
	switch u := r.Float64(); {
	case senior && u < 0.4:
		s = cLevel
	case senior:
		s = vp
	case u < 0.10:
		return ""
	case u < 0.27:
		s = director
	case u < 0.60:
		s = manager
	default:
		s = individual
	}
	ts := ro.titles[s]
	return ts[r.IntN(len(ts))]
}

func writeLead(t *table, l *lead, a *account) {
	t.id('L', l.n)
	t.id('A', a.n)
	t.ts(l.created)
	if l.freeMail < 0 {
		t.parts(emailFirst[l.first], ".", emailLast[l.last], "@", a.domain)
	} else {
		t.parts(emailFirst[l.first], ".", emailLast[l.last], strconv.Itoa(l.mailNum), "@", freeMail[l.freeMail])
	}
	t.str(l.title)
	switch {
	case l.factors.has(fStudent):
		t.str(studentRole)
	case l.role >= 0:
		t.str(roles[l.role].name)
	default:
		t.null()
	}
	t.str(l.country)
	if l.source >= 0 {
		t.str(sources[l.source].name)
	} else {
		t.str(referralSource)
	}
	t.end()
}
