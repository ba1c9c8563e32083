package gen

import "strings"

// engagement writes a lead's first weeks: every planted pain event and all
// the early vanity behaviour, at uniform times between created_at and
// engageEnd (30 days, or the opportunity if that comes first). How many
// events a lead gets never depends on how long its phase is, so any cutoff
// at or after engageEnd sees the same behaviour whether or not the lead
// reached an opportunity; compressing the phase for leads that do is what
// makes fast movers close more often (the velocity signal).
func (g *generator) engagement(l *lead, group int) {
	r := g.r
	c, e := l.created, l.engageEnd
	at := func() int64 { return between(r, c+1, e) }
	planted := func(f factor, k eventKind, lo, hi int) {
		if !l.factors.has(f) {
			return
		}
		for range lo + r.IntN(hi-lo+1) {
			g.emit(at(), l, group, k, -1)
		}
	}

	g.sendEmail(l, group, cWelcome, c+between(r, minute, 15*minute), e)
	onboarding := cOnboardingGeneric
	if l.role >= 0 && r.Float64() < 0.5 {
		onboarding = onboardingByRole[l.role]
	}
	for range 2 {
		g.sendEmail(l, group, onboarding, between(r, c+hour, e-hour), e)
	}

	// Behaviour with no planted effect, drawn without looking at anything.
	if r.Float64() < 0.65 {
		for range 1 + r.IntN(5) {
			g.emit(at(), l, group, eWebsiteVisit, -1)
		}
	}
	if r.Float64() < 0.06 {
		g.emit(at(), l, group, eFAQPageView, -1)
	}
	if r.Float64() < 0.04 {
		g.emit(at(), l, group, eChatConversation, -1)
	}

	// Returning users log in three to eight times; everyone else at most
	// twice, so "login >= 3" is exactly the planted factor.
	logins := 0
	if l.factors.has(fLogins) {
		logins = 3 + r.IntN(6)
	} else if u := r.Float64(); u < 0.15 {
		logins = 2
	} else if u < 0.45 {
		logins = 1
	}
	for range logins {
		g.emit(at(), l, group, eLogin, -1)
	}

	planted(fTrial, eTrialSignup, 1, 1)
	planted(fDoc, eDocumentCreated, 1, 5)
	planted(fDemo, eDemoRequest, 1, 1)
	planted(fPricing, ePricingPageView, 1, 3)
	// Everyone who attends a webinar registered for it first, and others
	// register and never show up (registerOnlyShare); registering has no
	// effect of its own, so its lift over all leads is only the attendees'.
	if attend := l.factors.has(fWebinar); attend || r.Float64() < registerOnlyShare/(1-plants[fWebinar].prevalence) {
		reg := at()
		g.emit(reg, l, group, eWebinarRegistered, -1)
		if attend {
			g.emit(between(r, reg, e), l, group, eWebinarAttended, -1)
		}
	}
	planted(fWhitepaper, eWhitepaperDownload, 1, 2)
	planted(fDocs, eDocsPageView, 1, 4)
	planted(fCareers, eCareersPageView, 1, 2)
	if l.factors.has(fUnsub) {
		g.emit(at(), l, group, eUnsubscribe, onboarding)
	}
	if l.integration { // drifted leads only; drawing nothing keeps undrifted output as it was
		g.emit(at(), l, group, eIntegrationConnected, -1)
	}
}

// sendEmail writes a send and, at the campaign's rates, an open within two
// days and a click soon after; nothing lands at or after until.
func (g *generator) sendEmail(l *lead, group, c int, at, until int64) {
	r := g.r
	g.emit(at, l, group, eEmailSent, c)
	cp := &campaigns[c]
	if r.Float64() >= cp.openRate {
		return
	}
	open := between(r, at+minute, min(at+2*day, until))
	g.emit(open, l, group, eEmailOpen, c)
	if r.Float64() < cp.clickRate {
		g.emit(between(r, open, min(open+10*minute, until)), l, group, eEmailClick, c)
	}
}

// onboardingByRole and nurtureByIndustry map a lead's role and its account's
// industry to their segmented campaign, or -1 when there is none.
var (
	onboardingByRole  = segmentIndex(len(roles), func(i int) string { return "persona:" + roles[i].persona }, "onboarding")
	nurtureByIndustry = segmentIndex(len(industries), func(i int) string { return "vertical:" + slug(industries[i]) }, "nurture")
)

func segmentIndex(n int, segment func(int) string, kind string) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = segmentedCampaign(kind, segment(i))
	}
	return out
}

func slug(s string) string {
	return strings.ReplaceAll(strings.ToLower(s), " ", "_")
}
