-- The summaries the funnel and campaigns views aggregate, built once from
-- the loaded tables so that a view reads a few hundred thousand rows, not
-- the 25 million events. None depends on the outcome rules or a view's
-- filters: the funnel's account filters pick rows of them, and a
-- campaign's --days picks day bins. A load builds them in the
-- transaction that puts its tables in place (so they always follow the
-- dataset); a workspace loaded by an older leadlab has none, and a
-- session builds them in the derived schema the first time a view needs
-- them (views.go). Argument: the schema prefix, "" or "derived.".

-- name: view-tables-present
-- How many of the view summaries the workspace holds (4 when loaded by
-- this leadlab).
SELECT count(*) FROM duckdb_tables()
WHERE database_name = current_database() AND schema_name = 'main'
  AND table_name IN ('view_account_activity', 'view_account_leads', 'view_campaign_counts', 'view_campaign_days');

-- name: view-tables-derived
-- How many of the view summaries this session built in the derived
-- schema.
SELECT count(*) FROM duckdb_tables()
WHERE database_name = 'derived'
  AND table_name IN ('view_account_activity', 'view_account_leads', 'view_campaign_counts', 'view_campaign_days');

-- name: view-tables-derived-drop
DROP TABLE IF EXISTS derived.view_account_activity;
DROP TABLE IF EXISTS derived.view_account_leads;
DROP TABLE IF EXISTS derived.view_campaign_counts;
DROP TABLE IF EXISTS derived.view_campaign_days;

-- name: view-lead-keys
-- Whether the leads' ids hash to distinct numbers: then a lead's hash
-- stands for its id in the campaign summaries' joins, which are much
-- faster on a number than on text. Every event's lead is a lead (a load
-- rejects unknown references, and leads is the one table every load
-- needs), so distinct hashes over the leads mean distinct hashes over
-- every lead an event names. When two ids share a hash the summaries key
-- on the ids themselves.
SELECT count(DISTINCT lead_id) = count(DISTINCT hash(lead_id)) FROM leads;

-- name: view-lead-key-hash
CREATE OR REPLACE TEMP MACRO view_lead_key(id) AS hash(id);

-- name: view-lead-key-text
CREATE OR REPLACE TEMP MACRO view_lead_key(id) AS id;

-- name: view-account-placed
-- Per account and lead (NULL: the account's own events), its events as
-- the funnel counts them when no date range is set: each event placed at
-- its account directly or through its lead, sorted into exposures
-- (1 an ad impression, 2 an email send, 0 neither: engagement) and
-- engagement KPIs (1 a high-value page, 2 an ad click, 3 a chat, 4 a web
-- visit) exactly as funnel-activity does; and the touches before the
-- account's first won new deal closed (funnel-touches), for the accounts
-- that have one. One pass over the events gives both the accounts'
-- activity and their engaged leads; kept in a temporary table for the two
-- summaries below. Parameter: the high-value page names.
CREATE OR REPLACE TEMP TABLE view_account_placed AS
WITH p AS (SELECT CAST(? AS VARCHAR[]) AS high_value),
placed AS (
    SELECT e.account_id, e.lead_id, e.event, e.category, e.occurred_at
    FROM events e WHERE e.account_id IS NOT NULL
    UNION ALL
    SELECT l.account_id, e.lead_id, e.event, e.category, e.occurred_at
    FROM events e JOIN leads l ON l.lead_id = e.lead_id
    WHERE e.account_id IS NULL AND l.account_id IS NOT NULL
),
exposed AS (
    SELECT account_id, lead_id, event, category, occurred_at,
        CASE WHEN event IN ('ad_impression', 'impression') OR (category = 'ad' AND event ILIKE '%impression%') THEN 1
             WHEN event IN ('email_sent', 'email_send') THEN 2
             ELSE 0 END AS exposure
    FROM placed
),
kinds AS (
    SELECT account_id, lead_id, category, occurred_at, exposure,
        CASE WHEN exposure <> 0 THEN 0
             WHEN list_contains(p.high_value, event) THEN 1
             WHEN category = 'ad' AND event ILIKE '%click%' THEN 2
             WHEN event ILIKE '%chat%' THEN 3
             WHEN category = 'web' OR event ILIKE '%visit%' THEN 4
             ELSE 0 END AS kpi
    FROM exposed CROSS JOIN p
),
won_at AS (
    SELECT account_id, min(closed_at) AS t FROM deals
    WHERE kind = 'new' AND status = 'won' AND account_id IS NOT NULL GROUP BY account_id
)
SELECT k.account_id, k.lead_id,
    count(*) FILTER (WHERE exposure = 0) AS engagement,
    count(*) FILTER (WHERE exposure = 1) AS ad_impressions,
    count(*) FILTER (WHERE kpi = 2) AS ad_clicks,
    count(*) FILTER (WHERE kpi = 4) AS web_visits,
    count(*) FILTER (WHERE kpi = 1) AS high_value_visits,
    count(*) FILTER (WHERE kpi = 3) AS chats,
    count(*) FILTER (WHERE k.occurred_at < w.t AND category = 'sales' AND exposure = 0) AS sales_touches,
    count(*) FILTER (WHERE k.occurred_at < w.t AND category IN ('marketing', 'email', 'web', 'ad') AND exposure = 0) AS marketing_touches,
    count(*) FILTER (WHERE k.occurred_at < w.t AND exposure = 1) AS impression_touches,
    count(*) FILTER (WHERE k.occurred_at < w.t AND exposure = 2) AS send_touches
FROM kinds k LEFT JOIN won_at w USING (account_id)
GROUP BY k.account_id, k.lead_id;

-- name: view-account-activity
-- Per account, its events as the funnel counts them (view-account-placed).
CREATE OR REPLACE TABLE %[1]sview_account_activity AS
SELECT account_id,
    CAST(sum(engagement) AS BIGINT) AS engagement,
    CAST(sum(ad_impressions) AS BIGINT) AS ad_impressions,
    CAST(sum(ad_clicks) AS BIGINT) AS ad_clicks,
    CAST(sum(web_visits) AS BIGINT) AS web_visits,
    CAST(sum(high_value_visits) AS BIGINT) AS high_value_visits,
    CAST(sum(chats) AS BIGINT) AS chats,
    CAST(sum(sales_touches) AS BIGINT) AS sales_touches,
    CAST(sum(marketing_touches) AS BIGINT) AS marketing_touches,
    CAST(sum(impression_touches) AS BIGINT) AS impression_touches,
    CAST(sum(send_touches) AS BIGINT) AS send_touches
FROM temp.view_account_placed
GROUP BY account_id;

-- name: view-account-leads
-- The leads with an engagement event (one that is not an exposure)
-- placed at each account, once per pair: what funnel-opportunity counts
-- as engaged leads.
CREATE OR REPLACE TABLE %[1]sview_account_leads AS
SELECT account_id, lead_id FROM temp.view_account_placed
WHERE lead_id IS NOT NULL AND engagement > 0;

-- name: view-campaign-sends
-- Per campaign and recipient (a lead sent it), keyed by view_lead_key:
-- the sends, and whether the recipient opened and clicked it. Kept in a
-- temporary table, only for the two summaries below.
CREATE OR REPLACE TEMP TABLE view_campaign_recipients AS
SELECT campaign, view_lead_key(lead_id) AS k,
    count(*) FILTER (WHERE occurred_at IS NOT NULL AND event IN ('email_sent', 'email_send', 'send', 'sent')) AS sends,
    bool_or(event ILIKE '%open%') AS opened, bool_or(event ILIKE '%click%') AS clicked
FROM events
WHERE campaign IS NOT NULL AND lead_id IS NOT NULL
  AND ((occurred_at IS NOT NULL AND event IN ('email_sent', 'email_send', 'send', 'sent'))
       OR event ILIKE '%open%' OR event ILIKE '%click%')
GROUP BY campaign, k
HAVING sends > 0;

-- name: view-campaign-product
-- The leads' product events, keyed by view_lead_key: both of the
-- campaign days' joins look up the first one after a time in them.
CREATE OR REPLACE TEMP TABLE view_campaign_product AS
SELECT view_lead_key(lead_id) AS k, occurred_at AS t FROM events
WHERE category = 'product' AND lead_id IS NOT NULL AND occurred_at IS NOT NULL;

-- name: view-campaign-counts
-- Per campaign: recipients, sends, recipients who opened and clicked, the
-- median send and the lifecycle stage its comparable non-recipients must
-- be at (campaign-stats says who they are; none of it depends on the
-- days).
CREATE OR REPLACE TABLE %[1]sview_campaign_counts AS
WITH ref AS (
    SELECT s.campaign, quantile_disc(s.occurred_at, 0.5) AS m,
        CASE any_value(c.type)
            WHEN 'customer_onboarding' THEN 'customer' WHEN 'upsell' THEN 'customer'
            WHEN 'renewal' THEN 'customer' WHEN 'transactional' THEN 'customer'
            WHEN 'welcome' THEN 'prospect' WHEN 'onboarding' THEN 'prospect'
            WHEN 'nurture' THEN 'prospect' WHEN 'product_engagement' THEN 'prospect'
        END AS stage
    FROM events s LEFT JOIN campaigns c USING (campaign)
    WHERE s.campaign IS NOT NULL AND s.lead_id IS NOT NULL AND s.occurred_at IS NOT NULL
      AND s.event IN ('email_sent', 'email_send', 'send', 'sent')
    GROUP BY s.campaign
)
SELECT x.campaign, any_value(r.m) AS median_send, any_value(r.stage) AS stage,
    count(*) AS recipients, CAST(sum(x.sends) AS BIGINT) AS sends,
    count(*) FILTER (WHERE x.opened) AS opened, count(*) FILTER (WHERE x.clicked) AS clicked
FROM temp.view_campaign_recipients x JOIN ref r USING (campaign)
GROUP BY x.campaign;

-- name: view-campaign-days
-- Per campaign, who counts as engaged after how many days, in whole-day
-- bins: a lead whose first product event came d microseconds after the
-- reference time (for a recipient the nearest of its sends before it,
-- for a comparable non-recipient the median send) falls in bin
-- ceil(d / one day), and counts as engaged within N days exactly when its
-- bin is at most N. Bin NULL holds those with no product event after it.
-- kind: 'recipient' or 'baseline'.
CREATE OR REPLACE TABLE %[1]sview_campaign_days AS
WITH customer_since AS (
    SELECT lead_id, min(since) AS since FROM (
        SELECT d.lead_id, coalesce(d.closed_at, d.created_at) AS since
        FROM deals d WHERE d.status = 'won' AND d.kind = 'new' AND d.lead_id IS NOT NULL
        UNION ALL
        SELECT l.lead_id, coalesce(d.closed_at, d.created_at)
        FROM deals d JOIN leads l ON l.account_id = d.account_id
        WHERE d.status = 'won' AND d.kind = 'new'
    ) GROUP BY lead_id
),
keyed AS (
    SELECT view_lead_key(l.lead_id) AS k, l.created_at, cs.since
    FROM leads l LEFT JOIN customer_since cs USING (lead_id)
),
pool AS (
    SELECT r.campaign, r.median_send AS t, l.k
    FROM %[1]sview_campaign_counts r
    JOIN keyed l ON l.created_at < r.median_send
    ANTI JOIN temp.view_campaign_recipients x ON x.campaign = r.campaign AND x.k = l.k
    WHERE CASE r.stage
        WHEN 'customer' THEN l.since IS NOT NULL AND l.since <= r.median_send
        WHEN 'prospect' THEN l.since IS NULL OR l.since > r.median_send
        ELSE true END
),
sends AS (
    SELECT campaign, view_lead_key(lead_id) AS k, occurred_at AS t FROM events
    WHERE campaign IS NOT NULL AND lead_id IS NOT NULL AND occurred_at IS NOT NULL
      AND event IN ('email_sent', 'email_send', 'send', 'sent')
),
gaps AS (
    SELECT s.campaign, 'recipient' AS kind, min(epoch_us(e.t) - epoch_us(s.t)) AS gap
    FROM sends s ASOF LEFT JOIN temp.view_campaign_product e ON e.k = s.k AND e.t > s.t
    GROUP BY s.campaign, s.k
    UNION ALL
    SELECT q.campaign, 'baseline', epoch_us(e.t) - epoch_us(q.t)
    FROM pool q ASOF LEFT JOIN temp.view_campaign_product e ON e.k = q.k AND e.t > q.t
)
SELECT campaign, kind, (gap + 86400000000 - 1) // 86400000000 AS day, count(*) AS leads
FROM gaps GROUP BY ALL;

-- name: view-drop-temp
DROP TABLE IF EXISTS temp.view_account_placed;
DROP TABLE IF EXISTS temp.view_campaign_recipients;
DROP TABLE IF EXISTS temp.view_campaign_product;
DROP MACRO IF EXISTS view_lead_key;
