package queries

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"time"

	"github.com/leadlab/leadlab/queries/internal/sqltext"
)

// FunnelFilter narrows the ABM funnel. Zero values mean no filter.
type FunnelFilter struct {
	Tier       int64 // 0: every tier
	Industry   string
	Region     string
	CohortFrom time.Time // first-touch cohort [from, to)
	CohortTo   time.Time
	From, To   time.Time // activity date range [from, to)
	// SDRReady adds the lead funnel's SDR-ready stages, from the leads
	// MarkReady recorded.
	SDRReady bool
}

// AccountFilters says the filter narrows the accounts (tier, industry,
// region or cohort), so the lead funnel counts only their leads.
func (f FunnelFilter) AccountFilters() bool {
	return f.Tier != 0 || f.Industry != "" || f.Region != "" || !f.CohortFrom.IsZero()
}

// FunnelData holds the raw counts and sums of the funnel; package analysis
// turns them into stages, conversions and KPIs.
type FunnelData struct {
	AllTargets  bool // no target column: every account counts as targeted
	Filtered    bool // any account filter applied
	SDRReady    bool // the lead funnel has its SDR-ready stages
	Supplied    map[string][]string
	Stages      [6]int64 // target, engaged, opportunity, won, retained, expanded
	OppAccounts int64    // targeted accounts with a new deal, engaged or not
	// ExpandedCustomers are won accounts (stage 4) with a won expansion,
	// whether or not they renewed.
	ExpandedCustomers int64
	WonAccounts       int64
	Tiers             map[string]int64
	// RelScore and IntentSurges come from the accounts' extra columns
	// relationship_score and intent_surge, when the data has them.
	RelScore     sql.NullFloat64
	IntentSurges sql.NullInt64

	AdImpressions, AdClicks, WebVisits, HighValueVisits, Chats int64
	// HighValuePages are the events counted as high-value page visits:
	// the load's list, or, when HighValueDefault, the data's events named
	// like pricing or demo.
	HighValuePages   []string
	HighValueDefault bool

	Stakeholders, EngagedLeads int64 // leads of opportunity accounts
	OpenPipeline               sql.NullFloat64
	DaysToOpportunity          sql.NullFloat64

	NewDeals, NewWon, NewLost int64
	NewWonRevenue             float64
	CycleDays                 sql.NullFloat64
	CycleDeals                int64

	// Before their first win, won accounts' interactions (sales and
	// marketing touches) and exposures (ad impressions, email sends).
	SalesTouches, MarketingTouches int64
	ImpressionTouches, SendTouches int64
	TouchedWonAccounts             int64

	RenewalsWon, RenewalsLost int64
	// AmountBasis is what deals.amount is (AmountAnnual or
	// AmountContract); ACV is the mean annualised value of won new deals,
	// and ACVNoTerm counts those left out of it because amount is the
	// whole contract's value and they have no contract_months to
	// annualise it by.
	AmountBasis                string
	ACV                        sql.NullFloat64
	ACVNoTerm                  int64
	WonRevenue                 float64
	RenewalRevenue, ExpRevenue float64
	NPSResponses               int64
	Promoters, Detractors      int64
	// Spend in the date range: attributed to the funnel's target
	// accounts, and with no account (channel-level, unsplittable).
	AccountSpend, UnattributedSpend float64
	Leads, LeadsWithOpp             int64
	LeadsWon, LeadsMaturing         int64
	// With SDRReady: ready leads, of them with an opportunity, and won.
	ReadyLeads, ReadyOpp, ReadyWon int64
}

func nullTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t
}

func nullStr(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// Funnel computes the funnel's figures. Outcomes must have been computed
// (ComputeOutcomes) for the lead-level funnel.
func Funnel(ctx context.Context, ws *Workspace, f FunnelFilter) (FunnelData, error) {
	return funnel(ctx, ws, f, false)
}

// funnel is Funnel; fromEvents makes it read the events even without a
// date range, as it did before the view summaries: the tests' oracle.
func funnel(ctx context.Context, ws *Workspace, f FunnelFilter, fromEvents bool) (FunnelData, error) {
	var d FunnelData
	supplied, err := ws.Supplied(ctx)
	if err != nil {
		return d, err
	}
	d.Supplied = supplied
	info, err := ws.Info(ctx)
	if err != nil {
		return d, err
	}
	d.AmountBasis = info.Settings.AmountBasis
	d.HighValuePages = info.Settings.HighValuePages
	if d.HighValuePages == nil {
		d.HighValueDefault = true
		if d.HighValuePages, err = defaultHighValue(ctx, ws); err != nil {
			return d, fmt.Errorf("funnel (high-value pages): %s", sqltext.CleanErr(err))
		}
	}
	d.AllTargets = !slices.Contains(supplied["accounts"], "target")
	d.Filtered = f.AccountFilters()
	d.SDRReady = f.SDRReady
	var tier any
	if f.Tier != 0 {
		tier = f.Tier
	}
	// Without a date range the events' part of the funnel is the same
	// whatever the account filters, and comes from the view summaries;
	// a date range reads the events themselves.
	summaries := f.From.IsZero() && f.To.IsZero() && !fromEvents
	var prefix string
	if summaries {
		if prefix, err = viewPrefix(ctx, ws); err != nil {
			return d, err
		}
	}
	block := func(name string) string {
		if summaries {
			if blocks.Has(name + "-summary") {
				return fmt.Sprintf(SQL(name+"-summary"), prefix)
			}
		}
		return SQL(name)
	}
	steps := []struct {
		block string
		args  []any
	}{
		{"funnel-scope", []any{d.AllTargets, tier, nullStr(f.Industry), nullStr(f.Region), nullTime(f.CohortFrom), nullTime(f.CohortTo)}},
		{"funnel-activity", []any{nullTime(f.From), nullTime(f.To), append([]string{}, d.HighValuePages...)}},
		{"funnel-deals", []any{d.AllTargets && !d.Filtered, nullTime(f.From), nullTime(f.To)}},
		{"funnel-accounts", []any{len(supplied["events"]) > 0}},
	}
	for _, s := range steps {
		if summaries && s.block == "funnel-activity" {
			continue
		}
		if _, err := ws.exec(ctx, block(s.block), s.args...); err != nil {
			return d, fmt.Errorf("funnel (%s): %s", s.block, sqltext.CleanErr(err))
		}
	}
	scans := []struct {
		block string
		args  []any
		dest  []any
	}{
		{"funnel-stage-counts", nil, []any{&d.Stages[0], &d.Stages[1], &d.Stages[2], &d.Stages[3], &d.Stages[4], &d.Stages[5], &d.OppAccounts, &d.WonAccounts, &d.ExpandedCustomers}},
		{"funnel-engagement", nil, []any{&d.AdImpressions, &d.AdClicks, &d.WebVisits, &d.HighValueVisits, &d.Chats}},
		{"funnel-opportunity", nil, []any{&d.Stakeholders, &d.EngagedLeads, &d.OpenPipeline, &d.DaysToOpportunity}},
		{"funnel-won", nil, []any{&d.NewDeals, &d.NewWon, &d.NewLost, &d.NewWonRevenue, &d.CycleDays, &d.CycleDeals}},
		{"funnel-touches", nil, []any{&d.SalesTouches, &d.MarketingTouches, &d.ImpressionTouches, &d.SendTouches, &d.TouchedWonAccounts}},
		{"funnel-retention", []any{d.AmountBasis == AmountContract}, []any{&d.RenewalsWon, &d.RenewalsLost, &d.ACV, &d.ACVNoTerm, &d.WonRevenue, &d.RenewalRevenue, &d.ExpRevenue}},
		{"funnel-nps", nil, []any{&d.NPSResponses, &d.Promoters, &d.Detractors}},
		{"funnel-spend", []any{nullTime(f.From), nullTime(f.To)}, []any{&d.AccountSpend, &d.UnattributedSpend}},
		{"lead-funnel", []any{!d.Filtered}, []any{&d.Leads, &d.LeadsWithOpp, &d.LeadsWon, &d.LeadsMaturing}},
	}
	if f.SDRReady {
		scans = append(scans, struct {
			block string
			args  []any
			dest  []any
		}{"lead-funnel-ready", []any{!d.Filtered}, []any{&d.ReadyLeads, &d.ReadyOpp, &d.ReadyWon}})
	}
	for _, s := range scans {
		if err := ws.queryRow(ctx, block(s.block), s.args...).Scan(s.dest...); err != nil {
			return d, fmt.Errorf("funnel (%s): %s", s.block, sqltext.CleanErr(err))
		}
	}
	if err := d.scanExtras(ctx, ws, info); err != nil {
		return d, err
	}
	rows, err := ws.query(ctx, SQL("funnel-tiers"))
	if err != nil {
		return d, fmt.Errorf("funnel tiers: %s", sqltext.CleanErr(err))
	}
	defer rows.Close()
	d.Tiers = map[string]int64{}
	for rows.Next() {
		var k string
		var n int64
		if err := rows.Scan(&k, &n); err != nil {
			return d, err
		}
		d.Tiers[k] = n
	}
	return d, rows.Err()
}

// scanExtras reads the optional target-account signals, when the accounts
// table carries them as extra attributes.
func (d *FunnelData) scanExtras(ctx context.Context, ws *Workspace, info LoadInfo) error {
	var extras []string
	for _, s := range info.Sources {
		if s.Table == "accounts" {
			extras = s.Extras
		}
	}
	if slices.Contains(extras, "relationship_score") {
		q := fmt.Sprintf(SQL("funnel-account-extra-avg"), sqltext.QuoteIdent("relationship_score"))
		if err := ws.queryRow(ctx, q).Scan(&d.RelScore); err != nil {
			return fmt.Errorf("funnel relationship score: %s", sqltext.CleanErr(err))
		}
	}
	if slices.Contains(extras, "intent_surge") {
		q := fmt.Sprintf(SQL("funnel-account-extra-true"), sqltext.QuoteIdent("intent_surge"))
		if err := ws.queryRow(ctx, q).Scan(&d.IntentSurges); err != nil {
			return fmt.Errorf("funnel intent surges: %s", sqltext.CleanErr(err))
		}
	}
	return nil
}

// defaultHighValue is the events named like pricing or demo, read once a
// session: a scan of every event name, which only a load changes.
func defaultHighValue(ctx context.Context, ws *Workspace) ([]string, error) {
	m := ws.memo
	m.mu.Lock()
	if m.haveHigh {
		defer m.mu.Unlock()
		return slices.Clone(m.highValue), nil
	}
	m.mu.Unlock()
	pages, err := queryStrings(ctx, ws, SQL("funnel-high-value-default"))
	if err != nil {
		return nil, err
	}
	m.mu.Lock()
	m.highValue, m.haveHigh = slices.Clone(pages), true
	m.mu.Unlock()
	return pages, nil
}

// FunnelScope lists the accounts in the scope of the funnel last
// computed by Funnel, by id: whose leads a filtered lead funnel counts.
func FunnelScope(ctx context.Context, ws *Workspace) ([]string, error) {
	out, err := queryStrings(ctx, ws, SQL("funnel-scope-accounts"))
	if err != nil {
		return nil, fmt.Errorf("funnel scope: %s", sqltext.CleanErr(err))
	}
	return out, nil
}

// FunnelStageAccounts lists up to limit accounts at a stage of the funnel
// last computed by Funnel (0 target … 5 expanded), by id.
func FunnelStageAccounts(ctx context.Context, ws *Workspace, stage, limit int) ([]string, error) {
	out, err := queryStrings(ctx, ws, SQL("funnel-stage-accounts"), stage, limit)
	if err != nil {
		return nil, fmt.Errorf("funnel accounts: %s", sqltext.CleanErr(err))
	}
	return out, nil
}

// queryStrings runs a query of one text column and returns its values.
func queryStrings(ctx context.Context, ws *Workspace, q string, args ...any) ([]string, error) {
	rows, err := ws.query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	return sqltext.ScanColumn[string](rows)
}
