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
	PP     float64 // planted univariate lift in percentage points; 0 means no effect
	Note   string  // one line on why the factor is there
}

// PlantedEffects lists every factor the generator plants, including the ones
// planted with no effect, in the order EffectsHelp prints them. Each value is
// the univariate lift a correct analysis should measure on mature leads (see
// README.md for the window caveat).
var PlantedEffects = buildEffects()

// factor numbers the planted factors of a lead. A lead's factors are drawn
// independently of each other (except the two negative ones, see
// negativeCoefs), which is what makes each univariate lift equal its planted
// value in expectation.
type factor uint8

const (
	fCorporate factor = iota
	fSenior
	fTarget
	fLarge
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
// it. For the account-level factors (target, large) prevalence is the share
// of accounts, not of leads.
type plant struct {
	f          factor
	effect     Effect
	prevalence float64
}

// plants holds the factors that move the close probability, in factor order.
var plants = [numFactors]plant{
	{fCorporate, Effect{"attr:email_type=corporate", "fit", 4, "corporate email domain rather than free mail (gmail.com, …)"}, 0.45},
	{fSenior, Effect{"attr:seniority=vp|c_level", "fit", 6, "VP or C-level title (\"VP Marketing\", \"CEO\", \"Chief Revenue Officer\")"}, 0.10},
	{fTarget, Effect{"account:target=true", "fit", 8, "the account is on the target-account list (tier has no extra effect)"}, 0.25},
	{fLarge, Effect{"account:employees>=1000", "fit", 3, "company with 1000 or more employees"}, 0.12},
	{fTrial, Effect{"event:trial_signup", "pain", 10, "signed up for a trial"}, 0.07},
	{fDoc, Effect{"event:document_created", "pain", 25, "the core product action"}, 0.035},
	{fLogins, Effect{"event:login>=3", "pain", 8, "returning user: three or more logins"}, 0.05},
	{fDemo, Effect{"event:demo_request", "pain", 12, "asked for a demo"}, 0.025},
	{fPricing, Effect{"event:pricing_page_view", "pain", 6, "looked at pricing"}, 0.08},
	{fWebinar, Effect{"event:webinar_attended", "pain", 4, "attended a webinar"}, 0.05},
	{fWhitepaper, Effect{"event:whitepaper_download", "pain", 3, "downloaded a whitepaper"}, 0.06},
	{fDocs, Effect{"event:docs_page_view", "pain", 2, "read the documentation (below the 5-point floor)"}, 0.10},
	{fUnsub, Effect{"event:unsubscribe", "pain", -4, "unsubscribed from email"}, 0.12},
	{fCareers, Effect{"event:careers_page_view", "pain", -3, "job seekers, not buyers"}, 0.05},
}

// nullEffects are behaviours generated independently of closing, so that an
// analysis can show it does not find effects that are not there.
var nullEffects = []Effect{
	{"event:email_open", "pain", 0, "vanity: very common, says nothing"},
	{"event:email_click", "pain", 0, "vanity"},
	{"event:website_visit", "pain", 0, "vanity"},
	{"event:ad_click", "pain", 0, "vanity; account-level event (no lead_id)"},
	{"event:faq_page_view", "pain", 0, "not vanity, but no effect"},
	{"event:chat_conversation", "pain", 0, "not vanity, but no effect"},
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
