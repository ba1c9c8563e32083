package analysis

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/leadlab/leadlab/analysis/scoring"
	"github.com/leadlab/leadlab/queries"
)

// FunnelReport is the six-stage ABM funnel of docs/funnel.md with the
// lead-level funnel beside it. Its JSON is the output of `report funnel
// --format json`.
type FunnelReport struct {
	Scope       string        `json:"scope"`
	Stages      []Stage       `json:"stages"`
	LeadFunnel  []LeadStage   `json:"lead_funnel"`
	Unavailable []Unavailable `json:"unavailable"`
	Notes       []string      `json:"notes"`
}

// Stage is one funnel stage: accounts reaching it (and every stage before
// it), conversion from the previous stage, and its KPIs.
type Stage struct {
	Stage    string
	Label    string
	Accounts int64
	// Unknown says why the stage's count cannot be known ("" when it
	// can): the engaged stage with no events table. Accounts is then 0,
	// written null, and the next stage converts from the one before it.
	Unknown    string
	Conversion *float64 // nil for the first stage, or when the previous stage is empty
	KPIs       []KPI
}

// KPI is one named figure; Value is nil when it cannot be computed.
type KPI struct {
	Key   string
	Label string
	Value *float64
	Unit  string // count, share, money, days, score
}

// MarshalJSON writes a stage with its KPIs as an object keyed by KPI.
func (s Stage) MarshalJSON() ([]byte, error) {
	kpis := map[string]*float64{}
	for _, k := range s.KPIs {
		kpis[k.Key] = k.Value
	}
	var accounts *int64
	if s.Unknown == "" {
		accounts = &s.Accounts
	}
	return json.Marshal(struct {
		Stage      string              `json:"stage"`
		Label      string              `json:"label"`
		Accounts   *int64              `json:"accounts"`
		Conversion *float64            `json:"conversion"`
		KPIs       map[string]*float64 `json:"kpis"`
	}{s.Stage, s.Label, accounts, s.Conversion, kpis})
}

// LeadStage is one step of the lead-level funnel.
type LeadStage struct {
	Stage      string   `json:"stage"`
	Leads      int64    `json:"leads"`
	Conversion *float64 `json:"conversion"`
}

// Unavailable names a KPI that cannot be computed and why.
type Unavailable struct {
	KPI    string `json:"kpi"`
	Reason string `json:"reason"`
}

// BuildFunnel computes the funnel under the outcome settings (for the
// lead-level funnel) and the filter.
func BuildFunnel(ctx context.Context, ws *queries.Workspace, opt queries.OutcomeOptions, f queries.FunnelFilter) (FunnelReport, error) {
	var r FunnelReport
	// A filter change on the Funnel screen keeps the outcomes: computed
	// again only when another view replaced them with other settings.
	if _, ok := queries.CurrentOutcomes(ws, opt); !ok {
		if _, err := queries.ComputeOutcomes(ctx, ws, opt); err != nil {
			return r, err
		}
	}
	d, err := queries.Funnel(ctx, ws, f)
	if err != nil {
		return r, err
	}
	return assembleFunnel(d), nil
}

func ratio(num, den float64) *float64 {
	if den == 0 {
		return nil
	}
	v := num / den
	return &v
}

func val(v float64) *float64 { return &v }

func assembleFunnel(d queries.FunnelData) FunnelReport {
	r := FunnelReport{Unavailable: []Unavailable{}, Notes: []string{}}
	_, haveSpend := d.Supplied["spend"]
	_, haveNPS := d.Supplied["nps"]
	_, haveEvents := d.Supplied["events"]
	_, haveAccounts := d.Supplied["accounts"]
	_, haveDeals := d.Supplied["deals"]
	r.Scope = "target accounts (accounts.target = true)"
	if d.AllTargets {
		r.Scope = "every account: the accounts table has no target column"
		r.Notes = append(r.Notes, "no target column: every account is treated as a target account")
	}
	if d.AllTargets && !d.Filtered {
		r.Notes = append(r.Notes, "deal figures include deals with no account, as a CRM pipeline report does")
	}
	unavailable := func(kpi, reason string) { r.Unavailable = append(r.Unavailable, Unavailable{kpi, reason}) }
	if !haveAccounts {
		unavailable("stages", "no accounts table: the ABM funnel counts accounts")
	}
	// Cost KPIs divide the spend on the funnel's accounts by the accounts
	// at each stage. Spend attributed to an account counts when that
	// account is in the funnel; spend with no account counts only when no
	// filter narrows the funnel, since it cannot be split by tier,
	// industry, region or cohort.
	spend := d.AccountSpend
	if !d.Filtered {
		spend += d.UnattributedSpend
	}
	cost := func(key, label string, accounts int64) KPI {
		k := KPI{Key: key, Label: label, Unit: "money"}
		if haveSpend {
			k.Value = ratio(spend, float64(accounts))
		}
		return k
	}
	switch {
	case !haveSpend:
		unavailable("cost_per_engaged_account, cost_per_opportunity_account, cost_per_won_account", "no spend table")
	case d.Filtered && d.UnattributedSpend > 0:
		r.Notes = append(r.Notes, fmt.Sprintf("cost KPIs use the %s of spend attributed to these accounts; the %s with no account cannot be split by the filters and is left out",
			Money(d.AccountSpend), Money(d.UnattributedSpend)))
	case d.UnattributedSpend > 0 && d.AccountSpend > 0:
		r.Notes = append(r.Notes, fmt.Sprintf("cost KPIs divide %s of spend (%s attributed to target accounts, %s with no account) by the accounts at each stage",
			Money(spend), Money(d.AccountSpend), Money(d.UnattributedSpend)))
	case d.UnattributedSpend > 0:
		r.Notes = append(r.Notes, "cost KPIs divide all spend in the date range, none of it attributed to accounts, by the accounts at each stage")
	default:
		r.Notes = append(r.Notes, "cost KPIs divide the spend attributed to target accounts by the accounts at each stage")
	}
	if !haveEvents {
		unavailable("engagement", "no events table: no account can be seen engaging")
	}
	if !haveDeals {
		unavailable("opportunity, won, retained, expanded", "no deals table")
	}
	if !haveNPS {
		unavailable("nps", "no nps table")
	}
	s := d.Stages
	target := Stage{Stage: "target", Label: "1 Target accounts", Accounts: s[0], KPIs: []KPI{{Key: "accounts", Label: "accounts", Value: val(float64(s[0])), Unit: "count"}}}
	for tier, n := range d.Tiers {
		target.KPIs = append(target.KPIs, KPI{Key: "tier_" + tier, Label: "tier " + tier, Value: val(float64(n)), Unit: "count"})
	}
	sortKPIs(target.KPIs[1:])
	if d.RelScore.Valid {
		target.KPIs = append(target.KPIs, KPI{Key: "relationship_score", Label: "mean relationship score", Value: val(d.RelScore.Float64), Unit: "score"})
	} else {
		unavailable("relationship_score", "accounts have no relationship_score column")
	}
	if d.IntentSurges.Valid {
		target.KPIs = append(target.KPIs, KPI{Key: "intent_surges", Label: "accounts with an intent surge", Value: val(float64(d.IntentSurges.Int64)), Unit: "count"})
	} else {
		unavailable("intent_surges", "accounts have no intent_surge column")
	}
	// Without an events table no account can be seen engaging: the
	// engagement figures are unknown, not zero.
	seen := func(v *float64) *float64 {
		if !haveEvents {
			return nil
		}
		return v
	}
	engaged := Stage{Stage: "engaged", Label: "2 Engaged", Accounts: s[1], KPIs: []KPI{
		{Key: "share_engaged", Label: "share engaged", Value: seen(ratio(float64(s[1]), float64(s[0]))), Unit: "share"},
		{Key: "unengaged", Label: "unengaged accounts", Value: seen(val(float64(s[0] - s[1]))), Unit: "count"},
		{Key: "ad_impressions", Label: "ad impressions", Value: seen(val(float64(d.AdImpressions))), Unit: "count"},
		{Key: "ad_clicks", Label: "ad clicks", Value: seen(val(float64(d.AdClicks))), Unit: "count"},
		{Key: "web_visits", Label: "web visits (other web pages)", Value: seen(val(float64(d.WebVisits))), Unit: "count"},
		highValue(d, unavailable),
		{Key: "chat_conversations", Label: "chat conversations", Value: seen(val(float64(d.Chats))), Unit: "count"},
		cost("cost_per_engaged_account", "cost per engaged account", s[1]),
	}}
	var daysToOpp *float64
	if d.DaysToOpportunity.Valid {
		daysToOpp = val(d.DaysToOpportunity.Float64)
	}
	var pipeline *float64
	if d.OpenPipeline.Valid {
		pipeline = val(d.OpenPipeline.Float64)
	}
	opp := Stage{Stage: "opportunity", Label: "3 Opportunity", Accounts: s[2], KPIs: []KPI{
		{Key: "opportunity_rate", Label: "opportunity rate (of target accounts)", Value: ratio(float64(d.OppAccounts), float64(s[0])), Unit: "share"},
		{Key: "stakeholders_per_account", Label: "stakeholders (leads) per opportunity account", Value: ratio(float64(d.Stakeholders), float64(d.OppAccounts)), Unit: "count"},
		{Key: "account_penetration", Label: "engaged leads per opportunity account", Value: seen(ratio(float64(d.EngagedLeads), float64(d.OppAccounts))), Unit: "count"},
		{Key: "open_pipeline", Label: "open pipeline (new deals)", Value: pipeline, Unit: "money"},
		{Key: "days_to_opportunity", Label: "days from first touch to opportunity", Value: daysToOpp, Unit: "days"},
		cost("cost_per_opportunity_account", "cost per opportunity account", s[2]),
	}}
	var cycle *float64
	if d.CycleDays.Valid {
		cycle = val(d.CycleDays.Float64)
	}
	won := Stage{Stage: "won", Label: "4 Won", Accounts: s[3], KPIs: []KPI{
		{Key: "win_rate_target_accounts", Label: "win rate, of target accounts", Value: ratio(float64(d.WonAccounts), float64(s[0])), Unit: "share"},
		{Key: "win_rate_closed_deals", Label: "win rate, of closed new deals (won / (won + lost))", Value: ratio(float64(d.NewWon), float64(d.NewWon+d.NewLost)), Unit: "share"},
		{Key: "win_rate_all_deals", Label: "win rate, of all new deals (open included)", Value: ratio(float64(d.NewWon), float64(d.NewDeals)), Unit: "share"},
		{Key: "new_won_revenue", Label: "new won revenue", Value: val(d.NewWonRevenue), Unit: "money"},
		{Key: "deal_cycle_days", Label: "deal cycle, days from creation to close (won)", Value: cycle, Unit: "days"},
		{Key: "sales_touches_per_won_account", Label: "sales touches per won account (interactions)", Value: ratio(float64(d.SalesTouches), float64(d.TouchedWonAccounts)), Unit: "count"},
		{Key: "marketing_touches_per_won_account", Label: "marketing touches per won account (interactions)", Value: ratio(float64(d.MarketingTouches), float64(d.TouchedWonAccounts)), Unit: "count"},
		{Key: "ad_impressions_per_won_account", Label: "ad impressions per won account (exposures)", Value: ratio(float64(d.ImpressionTouches), float64(d.TouchedWonAccounts)), Unit: "count"},
		{Key: "email_sends_per_won_account", Label: "email sends per won account (exposures)", Value: ratio(float64(d.SendTouches), float64(d.TouchedWonAccounts)), Unit: "count"},
		cost("cost_per_won_account", "cost per won account", s[3]),
	}}
	retained := Stage{Stage: "retained", Label: "5 Retained", Accounts: s[4], KPIs: []KPI{
		{Key: "renewal_rate", Label: "renewal rate (won / decided renewals)", Value: ratio(float64(d.RenewalsWon), float64(d.RenewalsWon+d.RenewalsLost)), Unit: "share"},
	}}
	var nps *float64
	acv := acvKPI(d, &r, unavailable)
	if haveNPS && d.NPSResponses > 0 {
		nps = val(100 * float64(d.Promoters-d.Detractors) / float64(d.NPSResponses))
	}
	expanded := Stage{Stage: "expanded", Label: "6 Expanded", Accounts: s[5], KPIs: []KPI{
		{Key: "expansion_rate", Label: "expansion rate (won accounts with a won expansion, renewed or not)", Value: ratio(float64(d.ExpandedCustomers), float64(s[3])), Unit: "share"},
		acv,
		{Key: "total_won_revenue", Label: "total won revenue (new + renewal + expansion)", Value: val(d.WonRevenue), Unit: "money"},
		{Key: "nps", Label: "NPS (% promoters 9–10 − % detractors 0–6)", Value: nps, Unit: "score"},
	}}
	if !haveEvents {
		engaged.Unknown = "no events table: no account can be seen engaging"
	}
	r.Stages = []Stage{target, engaged, opp, won, retained, expanded}
	for i, prev := 1, 0; i < len(r.Stages); i++ {
		if r.Stages[i].Unknown != "" {
			continue
		}
		r.Stages[i].Conversion = ratio(float64(r.Stages[i].Accounts), float64(r.Stages[prev].Accounts))
		prev = i
	}
	r.LeadFunnel = leadStages(LeadStage{Stage: "leads", Leads: d.Leads}, LeadStage{Stage: "opportunity", Leads: d.LeadsWithOpp}, LeadStage{Stage: "won", Leads: d.LeadsWon})
	if !haveDeals {
		r.LeadFunnel = withoutOpportunity(r.LeadFunnel)
		unavailable("lead_funnel.opportunity", NoOpportunityReason)
	}
	if d.LeadsMaturing > 0 {
		r.Notes = append(r.Notes, fmt.Sprintf("%s leads are maturing (window still open); they are in the lead counts", Count(d.LeadsMaturing)))
	}
	if d.SDRReady {
		r = r.WithSDRReady(ReadyCounts{Ready: d.ReadyLeads, Opp: d.ReadyOpp, Won: d.ReadyWon})
	}
	return r
}

// highValue is the high-value page visits KPI, its label naming the
// pages it counts.
func highValue(d queries.FunnelData, unavailable func(kpi, reason string)) KPI {
	k := KPI{Key: "high_value_visits", Label: "high-value page visits", Unit: "count"}
	if _, haveEvents := d.Supplied["events"]; !haveEvents {
		return k // the engagement stage says there are no events
	}
	if len(d.HighValuePages) == 0 {
		unavailable("high_value_visits", "no event is named like pricing or demo; name the high-value pages in the manifest (funnel.high_value_pages)")
		return k
	}
	k.Label = "high-value page visits (" + strings.Join(d.HighValuePages, ", ") + ")"
	k.Value = val(float64(d.HighValueVisits))
	return k
}

// acvKPI is ACV as docs/funnel.md defines it: the mean annualised value of
// won new deals, amount itself when it is annual, amount × 12 /
// contract_months when it is the whole contract's value.
func acvKPI(d queries.FunnelData, r *FunnelReport, unavailable func(kpi, reason string)) KPI {
	k := KPI{Key: "acv", Label: "ACV: annualised value of won new deals (mean; amount is annual)", Unit: "money"}
	contract := d.AmountBasis == queries.AmountContract
	if contract {
		k.Label = "ACV: annualised value of won new deals (mean of amount × 12 / contract_months)"
	}
	if d.ACV.Valid {
		k.Value = val(d.ACV.Float64)
	}
	switch {
	case d.ACVNoTerm > 0 && k.Value == nil:
		unavailable("acv", "amount is the whole contract's value (amount_basis: contract) and no won new deal has contract_months to annualise it by")
	case d.ACVNoTerm > 0:
		r.Notes = append(r.Notes, fmt.Sprintf("ACV leaves out %s won new %s with no contract_months: amount is the whole contract's value and cannot be annualised without the term",
			Count(d.ACVNoTerm), plural(d.ACVNoTerm, "deal", "deals")))
	}
	return k
}

func plural(n int64, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// NoOpportunityReason is why the lead funnel has no opportunity stage
// without a deals table: a converted column says who won, not who reached
// an opportunity, and counting the won as the opportunities would show a
// stage that converts at 100%.
const NoOpportunityReason = "no deals table: which leads reached an opportunity is unknown (a converted column gives only the outcome), so the stage cannot be computed"

// withoutOpportunity drops the opportunity stage, each stage after it
// then converting from the one before it.
func withoutOpportunity(stages []LeadStage) []LeadStage {
	var kept []LeadStage
	for _, s := range stages {
		if s.Stage != "opportunity" {
			kept = append(kept, LeadStage{Stage: s.Stage, Leads: s.Leads})
		}
	}
	return leadStages(kept...)
}

func leadStages(stages ...LeadStage) []LeadStage {
	for i := 1; i < len(stages); i++ {
		stages[i].Conversion = ratio(float64(stages[i].Leads), float64(stages[i-1].Leads))
	}
	return stages
}

// ReadyCounts are the lead funnel's SDR-ready stages: the ready leads of
// the funnel's scope, those of them that reached an opportunity, and
// those that won.
type ReadyCounts struct{ Ready, Opp, Won int64 }

// readyNote says what the SDR-ready stages count.
// (scoring/ready.go has the two meanings of ready and which counts where).
const readyNote = "lead funnel: " + scoring.ReadyAllSentence + " Its opportunity and won stages count ready leads only."

// WithSDRReady nests the report's lead funnel under a scoring model:
// leads, SDR-ready leads, those of them that reached an opportunity, and
// those that won.
func (r FunnelReport) WithSDRReady(c ReadyCounts) FunnelReport {
	if len(r.LeadFunnel) == 0 {
		return r
	}
	hadOpp := slices.ContainsFunc(r.LeadFunnel, func(s LeadStage) bool { return s.Stage == "opportunity" })
	r.LeadFunnel = leadStages(LeadStage{Stage: "leads", Leads: r.LeadFunnel[0].Leads}, LeadStage{Stage: "sdr_ready", Leads: c.Ready},
		LeadStage{Stage: "opportunity", Leads: c.Opp}, LeadStage{Stage: "won", Leads: c.Won})
	if !hadOpp {
		r.LeadFunnel = withoutOpportunity(r.LeadFunnel)
	}
	r.Notes = append(slices.Clone(r.Notes), readyNote)
	return r
}

// ReadyStages counts the SDR-ready stages from a scored model in memory,
// as the funnel's SQL counts them from the marked ready leads: every lead
// whose account in reports true (in nil: every lead), scored at its
// exposure cutoff.
func ReadyStages(d *scoring.Data, s *scoring.Scores, cutoff float64, in func(account string) bool) ReadyCounts {
	var c ReadyCounts
	for i := range d.N() {
		if s.Score(i) < cutoff || (in != nil && !in(d.Leads.AccountIDs[i])) {
			continue
		}
		c.Ready++
		if d.Leads.HasOpp[i] || d.Leads.Won[i] {
			c.Opp++
		}
		if d.Leads.Won[i] {
			c.Won++
		}
	}
	return c
}

func sortKPIs(ks []KPI) {
	slices.SortFunc(ks, func(a, b KPI) int { return strings.Compare(a.Key, b.Key) })
}

// Text writes the KPI for people: shares as percentages, money with
// thousands separators, days and scores with one decimal, counts whole;
// "—" when it cannot be computed.
func (k KPI) Text() string {
	if k.Value == nil {
		return "—"
	}
	v := *k.Value
	switch k.Unit {
	case "share":
		return fmt.Sprintf("%.2f%%", 100*v)
	case "money":
		return Money(v)
	case "days", "score":
		return fmt.Sprintf("%.1f", v)
	}
	if v == math.Trunc(v) && math.Abs(v) < 1e15 {
		return Count(int64(v))
	}
	return fmt.Sprintf("%.2f", v)
}
