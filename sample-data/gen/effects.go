package gen

import (
	"fmt"
	"strings"
)

// Effect is one documented piece of ground truth: having Factor changes a
// lead's probability of ever winning a new deal by PP percentage points.
type Effect struct {
	Factor string  // factor name as the analysis writes it, e.g. "event:document_created"
	Kind   string  // "fit" (profile) or "pain" (behaviour)
	PP     float64 // the factor's own effect in percentage points; 0 means none
	// Among is the population within which PP is the factor's univariate
	// lift: empty for all leads, a factor ("account:target=true") for the
	// leads that have it, "not " and a factor for the leads that lack it.
	// It is set where a factor's lift over all leads is not its own
	// effect: an attribute only target accounts carry, or a behaviour that
	// everyone with a planted behaviour also does.
	Among string
	Note  string // one line on why the factor is there
}

// PlantedEffects lists every factor the generator plants, including the ones
// planted with no effect, in the order EffectsHelp prints them. Each value is
// the univariate lift a correct analysis should measure on mature leads
// (within Among when it is set; see README.md for the window caveat).
var PlantedEffects = buildEffects()

// factor numbers the planted factors of a lead. A lead's factors are drawn
// independently of each other, except that a senior lead is never a
// student (one draw decides both); model.go solves for the coefficients
// that make each univariate lift equal its planted value all the same.
type factor uint8

const (
	fCorporate factor = iota
	fSenior
	fStudent
	fTarget
	fLarge
	fFreeUsers
	fReferral
	fTrial
	fDoc
	fLogins
	fDemo
	fPricing
	fWebinar
	fWhitepaper
	fDocs
	fUnsub
	fCareers
	numFactors
)

// plant ties a factor to its documented effect and to how often leads have
// it. For the account-level factors (target, large, free users) prevalence
// is the share of accounts, not of leads (see leadShare).
type plant struct {
	f          factor
	effect     Effect
	prevalence float64
}

// plants holds the factors that move the close probability, in factor order.
var plants = [numFactors]plant{
	{fCorporate, Effect{"attr:email_type=corporate", "fit", 12, "", "corporate email domain rather than free mail (gmail.com, …)"}, 0.30},
	{fSenior, Effect{"attr:seniority=vp|c_level", "fit", 12, "", "VP or C-level title (\"VP Marketing\", \"CEO\")"}, 0.08},
	{fStudent, Effect{"attr:role=student", "fit", -12, "", "students and interns: they try the product and rarely buy"}, 0.05},
	{fTarget, Effect{"account:target=true", "fit", 12, "", "on the target-account list (tier has no extra effect)"}, targetShare},
	{fLarge, Effect{"account:employees>=1000", "fit", 10, "", "company with 1000 or more employees"}, 0.10},
	{fFreeUsers, Effect{"account:free_plan_users>0", "fit", 12, "", "people on the free plan: 0 for 83% of accounts; any number above 0"}, 0.17},
	{fReferral, Effect{"attr:source=customer_referral", "fit", 25, "", "referred by a customer: rare (1.5% of leads) but strong"}, 0.015},
	{fTrial, Effect{"event:trial_signup", "pain", 10, "", "signed up for a trial"}, 0.07},
	{fDoc, Effect{"event:document_created", "pain", 25, "", "the core product action"}, 0.035},
	{fLogins, Effect{"event:login>=3", "pain", 8, "", "returning user: three or more logins"}, 0.05},
	{fDemo, Effect{"event:demo_request", "pain", 12, "", "asked for a demo"}, 0.025},
	{fPricing, Effect{"event:pricing_page_view", "pain", 6, "", "looked at pricing"}, 0.08},
	{fWebinar, Effect{"event:webinar_attended", "pain", 16, "", "attended a webinar (everyone who did registered first)"}, 0.06},
	{fWhitepaper, Effect{"event:whitepaper_download", "pain", 3, "", "downloaded a whitepaper (below the 5-point floor)"}, 0.06},
	{fDocs, Effect{"event:docs_page_view", "pain", 2, "", "read the documentation (below the 5-point floor)"}, 0.10},
	{fUnsub, Effect{"event:unsubscribe", "pain", -12, "", "unsubscribed from email"}, 0.12},
	{fCareers, Effect{"event:careers_page_view", "pain", -3, "", "job seekers, not buyers (below the 5-point floor)"}, 0.05},
}

// registerOnlyShare is the share of all leads that register for a webinar
// and never attend: with plants[fWebinar].prevalence attending, 60% of
// the registrants show up.
const registerOnlyShare = 0.04

// targetOnly is the population in which the attributes that only target
// accounts carry are compared.
const targetOnly = "account:target=true"

// nullEffects are factors generated independently of closing, so that an
// analysis can show it does not find effects that are not there.
var nullEffects = []Effect{
	{"event:email_open", "pain", 0, "", "vanity: very common, says nothing"},
	{"event:email_click", "pain", 0, "", "vanity"},
	{"event:website_visit", "pain", 0, "", "vanity"},
	{"event:ad_click", "pain", 0, "", "vanity; account-level event (no lead_id)"},
	{"event:faq_page_view", "pain", 0, "", "not vanity, but no effect"},
	{"event:chat_conversation", "pain", 0, "", "not vanity, but no effect"},
	{"event:webinar_registered", "pain", 0, "not event:webinar_attended",
		"none of its own; shows +9.6 pp overall (60% of attending's)"},
	{"event:login", "pain", 0, "not event:login>=3",
		"none of its own; shows about +1 pp overall, from login>=3"},
	{"account:tier", "fit", 0, targetOnly, "target accounts only (1–3); none among them"},
	{"account:relationship_score", "fit", 0, targetOnly, "target accounts only (0–100); none among them"},
	{"account:intent_surge", "fit", 0, targetOnly, "target accounts only (20% true); none among them"},
}

// buildEffects orders the documented effects as a reader wants them: fit,
// then pain by decreasing effect, then the null and the negative factors.
func buildEffects() []Effect {
	var out []Effect
	for _, kind := range []string{"fit", "pain"} {
		for _, p := range plants {
			if p.effect.Kind == kind && p.effect.PP > 0 {
				out = append(out, p.effect)
			}
		}
	}
	out = append(out, nullEffects...)
	for _, p := range plants {
		if p.effect.PP < 0 {
			out = append(out, p.effect)
		}
	}
	return out
}

// EffectsHelp renders PlantedEffects as an aligned table for `leadlab gen
// --help`: each factor and roughly how many percentage points of close
// probability it adds ("+25 pp", "no effect"). It is only the table; the
// caller writes the lead-in.
func EffectsHelp() string {
	width := 0
	for _, e := range PlantedEffects {
		width = max(width, len(e.Factor))
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%-*s  %-4s  %-9s  %s\n", width, "factor", "kind", "effect", "note")
	for _, e := range PlantedEffects {
		pp := "no effect"
		if e.PP != 0 {
			pp = fmt.Sprintf("%+.0f pp", e.PP)
		}
		fmt.Fprintf(&b, "%-*s  %-4s  %-9s  %s\n", width, e.Factor, e.Kind, pp, e.Note)
	}
	return b.String()
}
