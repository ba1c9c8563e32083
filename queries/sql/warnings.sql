-- name: warnings
-- Dates that cannot be right, and data the outcome rules must pass over.
-- Parameters: the as-of date (twice) and the wall-clock time of the check.
WITH stamps AS (
    SELECT created_at AS t FROM leads UNION ALL SELECT occurred_at FROM events
    UNION ALL SELECT created_at FROM deals UNION ALL SELECT closed_at FROM deals
    UNION ALL SELECT responded_at FROM nps UNION ALL SELECT date FROM spend
)
SELECT code, n, message FROM (
    SELECT 'won_before_created' AS code, count(*) AS n,
           'won deals closed before their lead was created (first contact)' AS message
    FROM deals d JOIN leads l ON l.lead_id = d.lead_id
    WHERE d.status = 'won' AND coalesce(d.closed_at, d.created_at) < l.created_at
    UNION ALL
    SELECT 'closed_before_opened', count(*), 'deals closed before they were created'
    FROM deals WHERE closed_at < created_at
    UNION ALL
    SELECT 'closed_without_date', count(*), 'won or lost deals with no closed_at (windows cannot be checked for them)'
    FROM deals WHERE status IN ('won', 'lost') AND closed_at IS NULL
    UNION ALL
    SELECT 'open_with_close_date', count(*), 'open deals that have a closed_at'
    FROM deals WHERE status = 'open' AND closed_at IS NOT NULL
    UNION ALL
    SELECT 'after_as_of', count(*), 'timestamps later than the as-of date (they are ignored by outcome rules)'
    FROM stamps WHERE t > CAST(? AS TIMESTAMP)
    UNION ALL
    SELECT 'in_the_future', count(*), 'timestamps in the future of today'
    FROM stamps WHERE t > CAST(? AS TIMESTAMP)
    UNION ALL
    SELECT 'events_without_time', count(*), 'events with no occurred_at: never counted in lead statistics'
    FROM events WHERE occurred_at IS NULL
    UNION ALL
    SELECT 'account_events', count(*), 'events with an account but no lead: used at account level only'
    FROM events WHERE lead_id IS NULL
    UNION ALL
    SELECT 'leads_without_created_at', count(*), 'leads with no created_at: no window applies to them and they are never maturing'
    FROM leads WHERE created_at IS NULL
) WHERE n > 0
ORDER BY code;
