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

-- name: view-account-activity
-- Per account, its events as the funnel counts them when no date range
-- is set: each event placed at its account directly or through its lead,
-- sorted into exposures and engagement KPIs exactly as funnel-activity
-- does; and the touches before the account's first won new deal closed
-- (funnel-touches), for the accounts that have one. Parameter: the
-- high-value page names.
CREATE OR REPLACE TABLE %[1]sview_account_activity AS
WITH p AS (SELECT CAST(? AS VARCHAR[]) AS high_value),
placed AS (
    SELECT coalesce(e.account_id, l.account_id) AS account_id, e.event, e.category, e.occurred_at,
        CASE WHEN e.event IN ('ad_impression', 'impression') OR (e.category = 'ad' AND e.event ILIKE '%%impression%%') THEN 'ad_impression'
             WHEN e.event IN ('email_sent', 'email_send') THEN 'email_send' END AS exposure,
        list_contains(p.high_value, e.event) AS high_value
    FROM events e CROSS JOIN p
    LEFT JOIN leads l ON l.lead_id = e.lead_id
),
kinds AS (
    SELECT account_id, category, occurred_at, exposure,
        CASE WHEN exposure IS NOT NULL THEN NULL
             WHEN high_value THEN 'high_value'
             WHEN category = 'ad' AND event ILIKE '%%click%%' THEN 'ad_click'
             WHEN event ILIKE '%%chat%%' THEN 'chat'
             WHEN category = 'web' OR event ILIKE '%%visit%%' THEN 'web_visit' END AS kpi
    FROM placed WHERE account_id IS NOT NULL
),
won_at AS (
    SELECT account_id, min(closed_at) AS t FROM deals
    WHERE kind = 'new' AND status = 'won' AND account_id IS NOT NULL GROUP BY account_id
)
SELECT k.account_id,
    count(*) FILTER (WHERE exposure IS NULL) AS engagement,
    count(*) FILTER (WHERE exposure = 'ad_impression') AS ad_impressions,
    count(*) FILTER (WHERE kpi = 'ad_click') AS ad_clicks,
    count(*) FILTER (WHERE kpi = 'web_visit') AS web_visits,
    count(*) FILTER (WHERE kpi = 'high_value') AS high_value_visits,
    count(*) FILTER (WHERE kpi = 'chat') AS chats,
    count(*) FILTER (WHERE k.occurred_at < w.t AND category = 'sales' AND exposure IS NULL) AS sales_touches,
    count(*) FILTER (WHERE k.occurred_at < w.t AND category IN ('marketing', 'email', 'web', 'ad') AND exposure IS NULL) AS marketing_touches,
    count(*) FILTER (WHERE k.occurred_at < w.t AND exposure = 'ad_impression') AS impression_touches,
    count(*) FILTER (WHERE k.occurred_at < w.t AND exposure = 'email_send') AS send_touches
FROM kinds k LEFT JOIN won_at w USING (account_id)
GROUP BY k.account_id;

-- name: view-account-leads
-- The leads with an engagement event (one that is not an exposure, as
-- funnel-activity sorts them) placed at each account, once per pair:
-- what funnel-opportunity counts as engaged leads.
CREATE OR REPLACE TABLE %[1]sview_account_leads AS
WITH placed AS (
    SELECT coalesce(e.account_id, l.account_id) AS account_id, e.lead_id,
        CASE WHEN e.event IN ('ad_impression', 'impression') OR (e.category = 'ad' AND e.event ILIKE '%%impression%%') THEN 'ad_impression'
             WHEN e.event IN ('email_sent', 'email_send') THEN 'email_send' END AS exposure
    FROM events e LEFT JOIN leads l ON l.lead_id = e.lead_id
    WHERE e.lead_id IS NOT NULL
)
SELECT DISTINCT account_id, lead_id FROM placed
WHERE account_id IS NOT NULL AND exposure IS NULL;

-- name: view-campaign-sends
-- Per campaign and recipient: the sends, whether the recipient opened
-- and clicked it, and the shortest time from a send to the recipient's
-- next product event, in microseconds (NULL: none followed): a recipient
-- counts as engaged within N days exactly when it is at most N days.
-- Kept in a temporary table, only for the two summaries below.
CREATE OR REPLACE TEMP TABLE view_campaign_recipients AS
WITH sends AS (
    SELECT campaign, lead_id, occurred_at FROM events
    WHERE campaign IS NOT NULL AND lead_id IS NOT NULL AND occurred_at IS NOT NULL
      AND event IN ('email_sent', 'email_send', 'send', 'sent')
),
product AS (SELECT lead_id, occurred_at FROM events WHERE category = 'product' AND lead_id IS NOT NULL AND occurred_at IS NOT NULL),
gaps AS (
    SELECT s.campaign, s.lead_id, epoch_us(e.occurred_at) - epoch_us(s.occurred_at) AS gap
    FROM sends s ASOF LEFT JOIN product e ON e.lead_id = s.lead_id AND e.occurred_at > s.occurred_at
),
opened AS (SELECT DISTINCT campaign, lead_id FROM events WHERE campaign IS NOT NULL AND event ILIKE '%open%'),
clicked AS (SELECT DISTINCT campaign, lead_id FROM events WHERE campaign IS NOT NULL AND event ILIKE '%click%')
SELECT g.campaign, g.lead_id, count(*) AS sends, min(g.gap) AS gap,
    bool_or(o.lead_id IS NOT NULL) AS opened, bool_or(k.lead_id IS NOT NULL) AS clicked
FROM gaps g
LEFT JOIN opened o ON o.campaign = g.campaign AND o.lead_id = g.lead_id
LEFT JOIN clicked k ON k.campaign = g.campaign AND k.lead_id = g.lead_id
GROUP BY g.campaign, g.lead_id;

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
-- reference time (a send for a recipient, the median send for a
-- comparable non-recipient) falls in bin ceil(d / one day), and counts as
-- engaged within N days exactly when its bin is at most N. Bin NULL holds
-- those with no product event after it. kind: 'recipient' or 'baseline'.
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
pool AS (
    SELECT r.campaign, r.median_send AS m, l.lead_id
    FROM %[1]sview_campaign_counts r
    JOIN leads l ON l.created_at < r.median_send
    LEFT JOIN customer_since cs ON cs.lead_id = l.lead_id
    ANTI JOIN temp.view_campaign_recipients x ON x.campaign = r.campaign AND x.lead_id = l.lead_id
    WHERE CASE r.stage
        WHEN 'customer' THEN cs.since IS NOT NULL AND cs.since <= r.median_send
        WHEN 'prospect' THEN cs.since IS NULL OR cs.since > r.median_send
        ELSE true END
),
product AS (SELECT lead_id, occurred_at FROM events WHERE category = 'product' AND lead_id IS NOT NULL AND occurred_at IS NOT NULL),
pool_gaps AS (
    SELECT q.campaign, epoch_us(e.occurred_at) - epoch_us(q.m) AS gap
    FROM pool q ASOF LEFT JOIN product e ON e.lead_id = q.lead_id AND e.occurred_at > q.m
),
gaps AS (
    SELECT campaign, 'recipient' AS kind, gap FROM temp.view_campaign_recipients
    UNION ALL
    SELECT campaign, 'baseline', gap FROM pool_gaps
)
SELECT campaign, kind, (gap + 86400000000 - 1) // 86400000000 AS day, count(*) AS leads
FROM gaps GROUP BY ALL;

-- name: view-campaign-drop-temp
DROP TABLE IF EXISTS temp.view_campaign_recipients;
