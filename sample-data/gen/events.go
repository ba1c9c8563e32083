package gen

import (
	"cmp"
	"slices"
)

// eventKind numbers the event names; eventInfo gives each its name and
// category.
type eventKind uint8

const (
	eTrialSignup eventKind = iota
	eDocumentCreated
	eLogin
	eDemoRequest
	eWebinarAttended
	eWebinarRegistered
	eWhitepaperDownload
	eEmailSent
	eEmailOpen
	eEmailClick
	eUnsubscribe
	eAdImpression
	eAdClick
	eWebsiteVisit
	ePricingPageView
	eDocsPageView
	eCareersPageView
	eFAQPageView
	eChatConversation
	eMeetingHeld
	eProposalSent
	eContractSent
	eSupportTicket
	eIntegrationConnected // only with drift (drift.go)
	numEventKinds
)

var eventInfo = [numEventKinds]struct{ name, category string }{
	eTrialSignup:          {"trial_signup", "product"},
	eDocumentCreated:      {"document_created", "product"},
	eLogin:                {"login", "product"},
	eDemoRequest:          {"demo_request", "marketing"},
	eWebinarAttended:      {"webinar_attended", "marketing"},
	eWebinarRegistered:    {"webinar_registered", "marketing"},
	eWhitepaperDownload:   {"whitepaper_download", "marketing"},
	eEmailSent:            {"email_sent", "email"},
	eEmailOpen:            {"email_open", "email"},
	eEmailClick:           {"email_click", "email"},
	eUnsubscribe:          {"unsubscribe", "email"},
	eAdImpression:         {"ad_impression", "ad"},
	eAdClick:              {"ad_click", "ad"},
	eWebsiteVisit:         {"website_visit", "web"},
	ePricingPageView:      {"pricing_page_view", "web"},
	eDocsPageView:         {"docs_page_view", "web"},
	eCareersPageView:      {"careers_page_view", "web"},
	eFAQPageView:          {"faq_page_view", "web"},
	eChatConversation:     {"chat_conversation", "web"},
	eMeetingHeld:          {"meeting_held", "sales"},
	eProposalSent:         {"proposal_sent", "sales"},
	eContractSent:         {"contract_sent", "sales"},
	eSupportTicket:        {"support_ticket", "other"},
	eIntegrationConnected: {"integration_connected", "product"},
}

// event is one row of events.csv before it is written. group orders the
// rows of an account: its leads in order, then the account-level events.
type event struct {
	t        int64
	lead     int // lead number; 0 for an account-level event
	group    int
	kind     eventKind
	campaign int16 // index into campaigns, -1 for none
	seq      int32 // place in the account's buffer: ties keep the order events were made in
}

// accountGroup sorts account-level events after every lead of the account.
const accountGroup = 1 << 30

// emit buffers an event unless it falls at or after the end of the data:
// the generator knows every lead's future and simply does not write it.
func (g *generator) emit(t int64, l *lead, group int, k eventKind, campaign int) {
	if t >= g.asOf || t < g.start {
		return
	}
	n := 0
	if l != nil {
		n = l.n
	}
	g.ev = append(g.ev, event{t: t, lead: n, group: group, kind: k, campaign: int16(campaign), seq: int32(len(g.ev))})
}

// flushEvents writes the account's buffered events, each lead's in time
// order, then the account-level ones.
func (g *generator) flushEvents(a *account) {
	// A full order (ties by seq) sorts as a stable sort would, with
	// pdqsort's n log n instead of a stable sort's n log² n.
	slices.SortFunc(g.ev, func(x, y event) int {
		if c := cmp.Compare(x.group, y.group); c != 0 {
			return c
		}
		if c := cmp.Compare(x.t, y.t); c != 0 {
			return c
		}
		return cmp.Compare(x.seq, y.seq)
	})
	t := g.tables[tEvents]
	for i := range g.ev {
		e := &g.ev[i]
		info := &eventInfo[e.kind]
		t.plain(info.name)
		t.id('L', e.lead)
		t.id('A', a.n)
		t.ts(e.t)
		t.plain(info.category)
		if e.campaign >= 0 {
			t.plain(campaigns[e.campaign].name)
		} else {
			t.null()
		}
		t.end()
	}
	g.ev = g.ev[:0]
}
