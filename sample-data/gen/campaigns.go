package gen

// campaign is one drip campaign. Segmented campaigns planted here beat their
// generic twin by different margins, so that the campaign report has a real
// answer: persona onboarding is worth its effort, vertical nurture is not,
// and the reactivation variant of product engagement brings twice as many
// people back to the product.
type campaign struct {
	name      string
	kind      string // campaigns.type
	segment   string // "persona:…", "vertical:…" or "purpose:…"; empty for generic
	openRate  float64
	clickRate float64 // share of opens that click
	// comeback is the chance that a recipient logs in within a week; only
	// product engagement campaigns have one.
	comeback float64
}

// campaigns is the whole list, in the order campaigns.csv lists it. Indexes
// into it are stable within a run and are what events carry.
var campaigns = []campaign{
	{name: "welcome", kind: "welcome", openRate: 0.50, clickRate: 0.15},
	{name: "onboarding_generic", kind: "onboarding", openRate: 0.35, clickRate: 0.14},
	{name: "onboarding_marketing", kind: "onboarding", segment: "persona:marketing", openRate: 0.45, clickRate: 0.21},
	{name: "onboarding_sales", kind: "onboarding", segment: "persona:sales", openRate: 0.45, clickRate: 0.21},
	{name: "onboarding_technical", kind: "onboarding", segment: "persona:technical", openRate: 0.45, clickRate: 0.21},
	{name: "onboarding_operations", kind: "onboarding", segment: "persona:operations", openRate: 0.45, clickRate: 0.21},
	{name: "nurture_generic", kind: "nurture", openRate: 0.22, clickRate: 0.11},
	{name: "nurture_software", kind: "nurture", segment: "vertical:software", openRate: 0.23, clickRate: 0.115},
	{name: "nurture_financial_services", kind: "nurture", segment: "vertical:financial_services", openRate: 0.23, clickRate: 0.115},
	{name: "nurture_healthcare", kind: "nurture", segment: "vertical:healthcare", openRate: 0.23, clickRate: 0.115},
	{name: "nurture_manufacturing", kind: "nurture", segment: "vertical:manufacturing", openRate: 0.23, clickRate: 0.115},
	{name: "nurture_retail", kind: "nurture", segment: "vertical:retail", openRate: 0.23, clickRate: 0.115},
	{name: "product_tips", kind: "product_engagement", openRate: 0.30, clickRate: 0.12, comeback: 0.04},
	{name: "product_reactivation", kind: "product_engagement", segment: "purpose:reactivation", openRate: 0.32, clickRate: 0.15, comeback: 0.09},
	{name: "customer_onboarding", kind: "customer_onboarding", openRate: 0.60, clickRate: 0.25},
	{name: "upsell_generic", kind: "upsell", openRate: 0.30, clickRate: 0.08},
	{name: "upsell_executive", kind: "upsell", segment: "persona:executive", openRate: 0.34, clickRate: 0.10},
	{name: "renewal_reminder", kind: "renewal", openRate: 0.55, clickRate: 0.20},
	{name: "billing_receipts", kind: "transactional", openRate: 0.40, clickRate: 0.05},
}

// Indexes of the campaigns the event rules pick directly.
var (
	cWelcome            = campaignIndex("welcome")
	cOnboardingGeneric  = campaignIndex("onboarding_generic")
	cNurtureGeneric     = campaignIndex("nurture_generic")
	cProductTips        = campaignIndex("product_tips")
	cProductReactivate  = campaignIndex("product_reactivation")
	cCustomerOnboarding = campaignIndex("customer_onboarding")
	cUpsellGeneric      = campaignIndex("upsell_generic")
	cUpsellExecutive    = campaignIndex("upsell_executive")
	cRenewalReminder    = campaignIndex("renewal_reminder")
	cBilling            = campaignIndex("billing_receipts")
)

// campaignIndex finds a campaign by name; it returns -1 when there is none,
// which the tests catch because every event campaign must exist.
func campaignIndex(name string) int {
	for i, c := range campaigns {
		if c.name == name {
			return i
		}
	}
	return -1
}

// segmentedCampaign returns the campaign of the given type and segment, or
// -1 when that segment has no campaign of its own.
func segmentedCampaign(kind, segment string) int {
	for i, c := range campaigns {
		if c.kind == kind && c.segment == segment {
			return i
		}
	}
	return -1
}

func writeCampaigns(t *table) {
	for _, c := range campaigns {
		t.str(c.name)
		t.str(c.kind)
		t.boolean(c.segment != "")
		t.str(c.segment)
		t.end()
	}
}
