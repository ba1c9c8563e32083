-- name: campaign-stats
-- Per drip campaign: recipients (leads sent it), sends, recipients who
-- opened and who clicked, recipients with a product event within N days
-- after a send; and a baseline of comparable non-recipients — leads created
-- before the campaign's median send, never sent it — with a product event
-- within N days after that median send. Parameter: N (days).
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
ref AS (SELECT campaign, quantile_disc(occurred_at, 0.5) AS m FROM sends GROUP BY campaign),
baseline AS (
    SELECT r.campaign, count(*) AS n,
        count(*) FILTER (WHERE EXISTS (
            SELECT 1 FROM product e WHERE e.lead_id = l.lead_id AND e.occurred_at > r.m AND e.occurred_at <= r.m + to_days(p.days))) AS engaged
    FROM ref r CROSS JOIN p
    JOIN leads l ON l.created_at < r.m
    WHERE NOT EXISTS (SELECT 1 FROM recipients x WHERE x.campaign = r.campaign AND x.lead_id = l.lead_id)
    GROUP BY r.campaign
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
