-- name: campaign-stats
-- Per drip campaign: recipients (leads sent it), sends, recipients who
-- opened and who clicked, recipients with a product event within N days
-- after a send; and a baseline of comparable non-recipients with a product
-- event within N days after the campaign's median send. Comparable means
-- created before that median send, never sent the campaign, and at the
-- same lifecycle stage then: customers (a won new deal closed by then,
-- for the lead or its account) for customer_onboarding, upsell, renewal
-- and transactional campaigns; prospects for welcome, onboarding, nurture
-- and product_engagement; anyone when the type is unknown. Parameter: N
-- (days).
WITH p AS (SELECT CAST(? AS INTEGER) AS days),
sends AS (
    SELECT campaign, lead_id, occurred_at FROM events
    WHERE campaign IS NOT NULL AND lead_id IS NOT NULL AND occurred_at IS NOT NULL
      AND event IN ('email_sent', 'email_send', 'send', 'sent')
),
recipients AS (SELECT DISTINCT campaign, lead_id FROM sends),
opened AS (SELECT DISTINCT campaign, lead_id FROM events WHERE campaign IS NOT NULL AND event ILIKE '%open%'),
clicked AS (SELECT DISTINCT campaign, lead_id FROM events WHERE campaign IS NOT NULL AND event ILIKE '%click%'),
product AS (SELECT lead_id, occurred_at FROM events WHERE category = 'product' AND lead_id IS NOT NULL AND occurred_at IS NOT NULL),
engaged AS (
    SELECT DISTINCT s.campaign, s.lead_id
    FROM sends s CROSS JOIN p
    JOIN product e ON e.lead_id = s.lead_id
    WHERE e.occurred_at > s.occurred_at AND e.occurred_at <= s.occurred_at + to_days(p.days)
),
ref AS (
    SELECT s.campaign, quantile_disc(s.occurred_at, 0.5) AS m,
        CASE any_value(c.type)
            WHEN 'customer_onboarding' THEN 'customer' WHEN 'upsell' THEN 'customer'
            WHEN 'renewal' THEN 'customer' WHEN 'transactional' THEN 'customer'
            WHEN 'welcome' THEN 'prospect' WHEN 'onboarding' THEN 'prospect'
            WHEN 'nurture' THEN 'prospect' WHEN 'product_engagement' THEN 'prospect'
        END AS stage
    FROM sends s LEFT JOIN campaigns c USING (campaign)
    GROUP BY s.campaign
),
customer_since AS (
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
    SELECT r.campaign, l.lead_id
    FROM ref r
    JOIN leads l ON l.created_at < r.m
    LEFT JOIN customer_since cs ON cs.lead_id = l.lead_id
    ANTI JOIN recipients x ON x.campaign = r.campaign AND x.lead_id = l.lead_id
    WHERE CASE r.stage
        WHEN 'customer' THEN cs.since IS NOT NULL AND cs.since <= r.m
        WHEN 'prospect' THEN cs.since IS NULL OR cs.since > r.m
        ELSE true END
),
pool_engaged AS (
    SELECT DISTINCT r.campaign, e.lead_id
    FROM ref r CROSS JOIN p
    JOIN product e ON e.occurred_at > r.m AND e.occurred_at <= r.m + to_days(p.days)
),
baseline AS (
    SELECT q.campaign, count(*) AS n, count(g.lead_id) AS engaged
    FROM pool q LEFT JOIN pool_engaged g USING (campaign, lead_id)
    GROUP BY q.campaign
)
SELECT c.campaign, coalesce(c.type, ''), coalesce(c.segmented, false), coalesce(c.segment, ''),
    (SELECT count(*) FROM recipients x WHERE x.campaign = c.campaign),
    (SELECT count(*) FROM sends x WHERE x.campaign = c.campaign),
    (SELECT count(*) FROM recipients x JOIN opened o USING (campaign, lead_id) WHERE x.campaign = c.campaign),
    (SELECT count(*) FROM recipients x JOIN clicked k USING (campaign, lead_id) WHERE x.campaign = c.campaign),
    (SELECT count(*) FROM engaged x WHERE x.campaign = c.campaign),
    coalesce(b.n, 0), coalesce(b.engaged, 0)
FROM campaigns c LEFT JOIN baseline b USING (campaign)
ORDER BY c.type, c.campaign;

-- name: campaign-stats-summary
-- campaign-stats from the campaign summaries (views.sql): the days pick
-- the day bins counted as engaged. Parameter: N (days). Argument: the
-- summaries' schema prefix, "" or "derived.".
WITH p AS (SELECT CAST(? AS INTEGER) AS days),
d AS (
    SELECT campaign,
        CAST(sum(leads) FILTER (WHERE kind = 'recipient' AND day <= p.days) AS BIGINT) AS engaged,
        CAST(sum(leads) FILTER (WHERE kind = 'baseline') AS BIGINT) AS n,
        CAST(sum(leads) FILTER (WHERE kind = 'baseline' AND day <= p.days) AS BIGINT) AS n_engaged
    FROM %[1]sview_campaign_days CROSS JOIN p
    GROUP BY campaign
)
SELECT c.campaign, coalesce(c.type, ''), coalesce(c.segmented, false), coalesce(c.segment, ''),
    coalesce(k.recipients, 0), coalesce(k.sends, 0), coalesce(k.opened, 0), coalesce(k.clicked, 0),
    coalesce(d.engaged, 0), coalesce(d.n, 0), coalesce(d.n_engaged, 0)
FROM campaigns c
LEFT JOIN %[1]sview_campaign_counts k USING (campaign)
LEFT JOIN d USING (campaign)
ORDER BY c.type, c.campaign;
