-- name: funnel-scope
-- The accounts the funnel looks at, after the analyst's filters. Without a
-- target column every account counts as targeted (the funnel then starts
-- from all accounts, and says so). Parameters: all_targets, tier,
-- industry, region, cohort start, cohort end.
CREATE OR REPLACE TABLE derived.funnel_scope AS
WITH p AS (
    SELECT CAST(? AS BOOLEAN) AS all_targets, CAST(? AS BIGINT) AS tier, CAST(? AS VARCHAR) AS industry,
           CAST(? AS VARCHAR) AS region, CAST(? AS TIMESTAMP) AS cohort_from, CAST(? AS TIMESTAMP) AS cohort_to
),
first_touch AS (
    SELECT account_id, min(created_at) AS first_touch FROM leads WHERE account_id IS NOT NULL GROUP BY account_id
)
SELECT a.account_id, a.tier,
    CASE WHEN p.all_targets THEN true ELSE coalesce(a.target, false) END AS target,
    f.first_touch
FROM accounts a CROSS JOIN p
LEFT JOIN first_touch f USING (account_id)
WHERE (p.tier IS NULL OR a.tier = p.tier)
  AND (p.industry IS NULL OR lower(a.industry) = lower(p.industry))
  AND (p.region IS NULL OR lower(a.region) = lower(p.region))
  AND (p.cohort_from IS NULL OR (f.first_touch >= p.cohort_from AND f.first_touch < p.cohort_to));

-- name: funnel-activity
-- Events of the scoped accounts within the date range, each placed at its
-- account directly or through its lead. Ad impressions and email sends
-- are exposures: done to the account, not by it, so they are not
-- engagement. Every other event is engagement, and falls under at most
-- one engagement KPI (kpi), the first that fits: a high-value page (the
-- names given), an ad click, a chat, a web visit (any other web event, or
-- an event named like a visit); none for the rest. Parameters: from, to
-- (either may be NULL), the high-value page names.
CREATE OR REPLACE TABLE derived.funnel_events AS
WITH p AS (SELECT CAST(? AS TIMESTAMP) AS t0, CAST(? AS TIMESTAMP) AS t1, CAST(? AS VARCHAR[]) AS high_value),
placed AS (
    SELECT coalesce(e.account_id, l.account_id) AS account_id, e.lead_id, e.event, e.category, e.occurred_at,
        CASE WHEN e.event IN ('ad_impression', 'impression') OR (e.category = 'ad' AND e.event ILIKE '%impression%') THEN 'ad_impression'
             WHEN e.event IN ('email_sent', 'email_send') THEN 'email_send' END AS exposure,
        list_contains(p.high_value, e.event) AS high_value
    FROM events e CROSS JOIN p
    LEFT JOIN leads l ON l.lead_id = e.lead_id
    WHERE coalesce(e.account_id, l.account_id) IN (SELECT account_id FROM derived.funnel_scope)
      AND (p.t0 IS NULL OR e.occurred_at >= p.t0) AND (p.t1 IS NULL OR e.occurred_at < p.t1)
)
SELECT account_id, lead_id, event, category, occurred_at, exposure,
    exposure IS NULL AS engagement,
    CASE WHEN exposure IS NOT NULL THEN NULL
         WHEN high_value THEN 'high_value'
         WHEN category = 'ad' AND event ILIKE '%click%' THEN 'ad_click'
         WHEN event ILIKE '%chat%' THEN 'chat'
         WHEN category = 'web' OR event ILIKE '%visit%' THEN 'web_visit' END AS kpi
FROM placed;

-- name: funnel-high-value-default
-- The high-value pages when the load named none: every event named like
-- pricing or demo (pricing_page_view, demo_request).
SELECT DISTINCT event FROM events WHERE event ILIKE '%pricing%' OR event ILIKE '%demo%' ORDER BY event;

-- name: funnel-deals
-- Deals in scope: those of scoped accounts and, when the funnel covers
-- every account unfiltered, those with no account too (a CRM's pipeline
-- report counts them). Parameters: include deals without account, from, to
-- (on created_at, falling back to closed_at).
CREATE OR REPLACE TABLE derived.funnel_deals AS
WITH p AS (SELECT CAST(? AS BOOLEAN) AS orphans, CAST(? AS TIMESTAMP) AS t0, CAST(? AS TIMESTAMP) AS t1)
SELECT d.* FROM deals d CROSS JOIN p
WHERE (d.account_id IN (SELECT account_id FROM derived.funnel_scope WHERE target)
       OR (p.orphans AND d.account_id IS NULL))
  AND (p.t0 IS NULL OR coalesce(d.created_at, d.closed_at) >= p.t0)
  AND (p.t1 IS NULL OR coalesce(d.created_at, d.closed_at) < p.t1);

-- name: funnel-accounts
-- One row per targeted account with the stage it reached. engaged is NULL
-- (unknown) when no events table was loaded. Parameter: events loaded.
CREATE OR REPLACE TABLE derived.funnel_accounts AS
SELECT s.account_id, s.tier, s.first_touch,
    CASE WHEN CAST(? AS BOOLEAN) THEN EXISTS (SELECT 1 FROM derived.funnel_events e WHERE e.account_id = s.account_id AND e.engagement) END AS engaged,
    EXISTS (SELECT 1 FROM derived.funnel_deals d WHERE d.account_id = s.account_id AND d.kind = 'new') AS opportunity,
    EXISTS (SELECT 1 FROM derived.funnel_deals d WHERE d.account_id = s.account_id AND d.kind = 'new' AND d.status = 'won') AS won,
    EXISTS (SELECT 1 FROM derived.funnel_deals d WHERE d.account_id = s.account_id AND d.kind = 'renewal' AND d.status = 'won') AS retained,
    EXISTS (SELECT 1 FROM derived.funnel_deals d WHERE d.account_id = s.account_id AND d.kind = 'expansion' AND d.status = 'won') AS expanded,
    (SELECT min(coalesce(d.created_at, d.closed_at)) FROM derived.funnel_deals d WHERE d.account_id = s.account_id AND d.kind = 'new') AS first_opp_at
FROM derived.funnel_scope s
WHERE s.target;

-- name: funnel-stage-counts
-- Accounts reaching each stage. A stage counts accounts that also reached
-- every earlier one, so the funnel narrows as it should and each
-- conversion is a share of the stage before: expanded counts retained
-- customers that expanded. Customers that expanded, renewed or not, are
-- counted apart for the expansion rate. With engagement unknown (no events
-- table) the later stages do not ask for it.
SELECT count(*),
    count(*) FILTER (WHERE engaged),
    count(*) FILTER (WHERE engaged IS NOT FALSE AND opportunity),
    count(*) FILTER (WHERE engaged IS NOT FALSE AND opportunity AND won),
    count(*) FILTER (WHERE engaged IS NOT FALSE AND opportunity AND won AND retained),
    count(*) FILTER (WHERE engaged IS NOT FALSE AND opportunity AND won AND retained AND expanded),
    count(*) FILTER (WHERE opportunity),
    count(*) FILTER (WHERE won),
    count(*) FILTER (WHERE engaged IS NOT FALSE AND opportunity AND won AND expanded)
FROM derived.funnel_accounts;

-- name: funnel-tiers
SELECT coalesce(CAST(tier AS VARCHAR), 'none'), count(*) FROM derived.funnel_accounts GROUP BY ALL ORDER BY 1;

-- name: funnel-engagement
-- Engagement KPIs over the targeted accounts' events: ad impressions,
-- then each engagement KPI's own events (funnel-activity gives each event
-- one at most, so none is counted twice).
SELECT
    count(*) FILTER (WHERE exposure = 'ad_impression'),
    count(*) FILTER (WHERE kpi = 'ad_click'),
    count(*) FILTER (WHERE kpi = 'web_visit'),
    count(*) FILTER (WHERE kpi = 'high_value'),
    count(*) FILTER (WHERE kpi = 'chat')
FROM derived.funnel_events
WHERE account_id IN (SELECT account_id FROM derived.funnel_accounts);

-- name: funnel-opportunity
-- Opportunity KPIs: stakeholders (leads) and engaged leads per opportunity
-- account, open pipeline, and days from first touch to the first
-- opportunity.
SELECT
    (SELECT count(*) FROM leads WHERE account_id IN (SELECT account_id FROM derived.funnel_accounts WHERE opportunity)),
    (SELECT count(DISTINCT lead_id) FROM derived.funnel_events
        WHERE engagement AND lead_id IS NOT NULL AND account_id IN (SELECT account_id FROM derived.funnel_accounts WHERE opportunity)),
    (SELECT sum(amount) FROM derived.funnel_deals WHERE kind = 'new' AND status = 'open'),
    (SELECT avg(epoch(first_opp_at - first_touch) / 86400.0) FROM derived.funnel_accounts
        WHERE opportunity AND first_touch IS NOT NULL AND first_opp_at IS NOT NULL);

-- name: funnel-won
-- Deal-level results of new business: counts by status, won revenue, and
-- the mean days from creation to close of won deals.
SELECT
    count(*),
    count(*) FILTER (WHERE status = 'won'),
    count(*) FILTER (WHERE status = 'lost'),
    coalesce(sum(amount) FILTER (WHERE status = 'won'), 0),
    avg(epoch(closed_at - created_at) / 86400.0) FILTER (WHERE status = 'won'),
    count(*) FILTER (WHERE status = 'won' AND closed_at IS NOT NULL AND created_at IS NOT NULL)
FROM derived.funnel_deals WHERE kind = 'new';

-- name: funnel-touches
-- What won accounts went through before their first won new deal closed:
-- sales and marketing touches, which are interactions (exposures left
-- out), and apart from them the exposures, ad impressions and email
-- sends; and the won accounts.
WITH won_at AS (
    SELECT account_id, min(closed_at) AS t FROM derived.funnel_deals
    WHERE kind = 'new' AND status = 'won' AND account_id IS NOT NULL GROUP BY account_id
)
SELECT count(*) FILTER (WHERE e.category = 'sales' AND e.exposure IS NULL),
       count(*) FILTER (WHERE e.category IN ('marketing', 'email', 'web', 'ad') AND e.exposure IS NULL),
       count(*) FILTER (WHERE e.exposure = 'ad_impression'),
       count(*) FILTER (WHERE e.exposure = 'email_send'),
       (SELECT count(*) FROM won_at)
FROM derived.funnel_events e JOIN won_at w USING (account_id)
WHERE e.occurred_at < w.t;

-- name: funnel-retention
-- Renewals and expansions, revenue of every kind, and ACV: the mean
-- annualised value of won new deals. Parameter: whether amount is the
-- whole contract's value (then annualised by contract_months; a deal
-- without a term cannot be, and is counted apart) or already annual.
WITH p AS (SELECT CAST(? AS BOOLEAN) AS contract)
SELECT
    count(*) FILTER (WHERE kind = 'renewal' AND status = 'won'),
    count(*) FILTER (WHERE kind = 'renewal' AND status = 'lost'),
    avg(CASE WHEN NOT p.contract THEN amount WHEN contract_months > 0 THEN amount * 12.0 / contract_months END)
        FILTER (WHERE kind = 'new' AND status = 'won'),
    count(*) FILTER (WHERE kind = 'new' AND status = 'won' AND amount IS NOT NULL
                     AND p.contract AND coalesce(contract_months, 0) <= 0),
    coalesce(sum(amount) FILTER (WHERE status = 'won'), 0),
    coalesce(sum(amount) FILTER (WHERE kind = 'renewal' AND status = 'won'), 0),
    coalesce(sum(amount) FILTER (WHERE kind = 'expansion' AND status = 'won'), 0)
FROM derived.funnel_deals CROSS JOIN p;

-- name: funnel-nps
-- NPS of the targeted accounts: % promoters (9–10) minus % detractors (0–6).
SELECT count(*), count(*) FILTER (WHERE score >= 9), count(*) FILTER (WHERE score <= 6)
FROM nps WHERE account_id IN (SELECT account_id FROM derived.funnel_accounts);

-- name: funnel-spend
-- Spend within the date range: the part attributed to accounts the funnel
-- looks at (its target accounts, after the filters), and the part with no
-- account, which no filter can split. Parameters: from, to.
WITH p AS (SELECT CAST(? AS TIMESTAMP) AS t0, CAST(? AS TIMESTAMP) AS t1)
SELECT
    coalesce(sum(s.amount) FILTER (WHERE s.account_id IN (SELECT account_id FROM derived.funnel_scope WHERE target)), 0),
    coalesce(sum(s.amount) FILTER (WHERE s.account_id IS NULL), 0)
FROM spend s CROSS JOIN p
WHERE (p.t0 IS NULL OR s.date >= p.t0) AND (p.t1 IS NULL OR s.date < p.t1);

-- name: lead-funnel
-- Leads of the scoped accounts (all leads when the funnel is unfiltered),
-- those with an opportunity, and those won, under the outcome rules.
SELECT count(*), count(*) FILTER (WHERE first_opp_at IS NOT NULL), count(*) FILTER (WHERE won),
       count(*) FILTER (WHERE maturing)
FROM derived.lead_outcomes
WHERE CAST(? AS BOOLEAN) OR account_id IN (SELECT account_id FROM derived.funnel_scope);

-- name: funnel-account-extra-avg
-- Mean of a numeric extra attribute over the targeted accounts. Argument:
-- the column identifier.
SELECT avg(TRY_CAST(a.%[1]s AS DOUBLE)) FROM accounts a
WHERE a.account_id IN (SELECT account_id FROM derived.funnel_accounts);

-- name: funnel-account-extra-true
-- Targeted accounts whose flag attribute is true. Argument: the column.
SELECT count(*) FROM accounts a
WHERE a.account_id IN (SELECT account_id FROM derived.funnel_accounts)
  AND lower(CAST(a.%[1]s AS VARCHAR)) IN ('true', 't', 'yes', 'y', '1', '1.0');

-- name: funnel-stage-accounts
-- The accounts at one stage (0 target … 5 expanded), nested as
-- funnel-stage-counts counts them, first by id. Parameters: the stage, the
-- most to list.
SELECT account_id FROM derived.funnel_accounts, (SELECT CAST(? AS INTEGER) AS s) p
WHERE p.s = 0
   OR (p.s = 1 AND engaged)
   OR (p.s >= 2 AND engaged IS NOT FALSE AND (
      (opportunity AND (p.s = 2
   OR (won AND (p.s = 3 OR (retained AND (p.s = 4 OR (p.s = 5 AND expanded)))))))))
ORDER BY account_id
LIMIT CAST(? AS INTEGER);

-- name: funnel-scope-accounts
-- Every account in the scope of the funnel last computed by Funnel: whose
-- leads its filtered lead funnel counts.
SELECT account_id FROM derived.funnel_scope ORDER BY account_id;

-- The funnel without a date range reads the view summaries (views.sql)
-- in place of the events: funnel-accounts-summary, -engagement-summary,
-- -opportunity-summary and -touches-summary give what funnel-accounts,
-- funnel-engagement, funnel-opportunity and funnel-touches give over
-- derived.funnel_events, which a date range still needs. Argument: the
-- summaries' schema prefix, "" or "derived.".

-- name: funnel-accounts-summary
-- funnel-accounts, with engagement from the accounts' summaries and the
-- deal stages from one pass over the deals in scope. Parameter: events
-- loaded.
CREATE OR REPLACE TABLE derived.funnel_accounts AS
WITH d AS (
    SELECT account_id,
        bool_or(kind = 'new') AS opportunity,
        bool_or(kind = 'new' AND status = 'won') AS won,
        bool_or(kind = 'renewal' AND status = 'won') AS retained,
        bool_or(kind = 'expansion' AND status = 'won') AS expanded,
        min(coalesce(created_at, closed_at)) FILTER (WHERE kind = 'new') AS first_opp_at
    FROM derived.funnel_deals WHERE account_id IS NOT NULL GROUP BY account_id
)
SELECT s.account_id, s.tier, s.first_touch,
    CASE WHEN CAST(? AS BOOLEAN) THEN coalesce(a.engagement > 0, false) END AS engaged,
    coalesce(d.opportunity, false) AS opportunity,
    coalesce(d.won, false) AS won,
    coalesce(d.retained, false) AS retained,
    coalesce(d.expanded, false) AS expanded,
    d.first_opp_at
FROM derived.funnel_scope s
LEFT JOIN %[1]sview_account_activity a USING (account_id)
LEFT JOIN d USING (account_id)
WHERE s.target;

-- name: funnel-engagement-summary
SELECT coalesce(sum(a.ad_impressions), 0), coalesce(sum(a.ad_clicks), 0), coalesce(sum(a.web_visits), 0),
    coalesce(sum(a.high_value_visits), 0), coalesce(sum(a.chats), 0)
FROM derived.funnel_accounts f JOIN %[1]sview_account_activity a USING (account_id);

-- name: funnel-opportunity-summary
SELECT
    (SELECT count(*) FROM leads WHERE account_id IN (SELECT account_id FROM derived.funnel_accounts WHERE opportunity)),
    (SELECT count(DISTINCT lead_id) FROM %[1]sview_account_leads
        WHERE account_id IN (SELECT account_id FROM derived.funnel_accounts WHERE opportunity)),
    (SELECT sum(amount) FROM derived.funnel_deals WHERE kind = 'new' AND status = 'open'),
    (SELECT avg(epoch(first_opp_at - first_touch) / 86400.0) FROM derived.funnel_accounts
        WHERE opportunity AND first_touch IS NOT NULL AND first_opp_at IS NOT NULL);

-- name: funnel-touches-summary
-- The accounts' summaries count the touches before the first won new
-- deal of all their deals, which are the deals in scope when no date
-- range is set.
WITH won AS (
    SELECT DISTINCT account_id FROM derived.funnel_deals
    WHERE kind = 'new' AND status = 'won' AND account_id IS NOT NULL
)
SELECT coalesce(sum(a.sales_touches), 0), coalesce(sum(a.marketing_touches), 0),
    coalesce(sum(a.impression_touches), 0), coalesce(sum(a.send_touches), 0), count(*)
FROM won w LEFT JOIN %[1]sview_account_activity a USING (account_id);
