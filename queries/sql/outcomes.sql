-- name: as-of-days
-- Every timestamp of the data counted by day; one row with a NULL day
-- counts those after the load's clock (the parameter). asof.go reads the
-- stray rule's quantiles from it. Grouping by day keeps this one cheap
-- hash aggregate over millions of events, where an exact quantile would
-- sort them; the rule's margins are whole days, so nothing is lost.
WITH stamps AS (
    SELECT created_at AS t FROM leads UNION ALL SELECT occurred_at FROM events
    UNION ALL SELECT created_at FROM deals UNION ALL SELECT closed_at FROM deals
    UNION ALL SELECT responded_at FROM nps UNION ALL SELECT date FROM spend
)
SELECT CASE WHEN t > CAST(? AS TIMESTAMP) THEN NULL ELSE CAST(t AS DATE) END AS d, count(*) AS n
FROM stamps WHERE t IS NOT NULL
GROUP BY d ORDER BY d NULLS FIRST;

-- name: as-of-latest
-- The data's as-of date when nothing is set aside: the latest timestamp
-- anywhere in it (per-table maxima, which DuckDB answers from its
-- statistics without a scan).
SELECT max(t) FROM (
    SELECT max(created_at) AS t FROM leads
    UNION ALL SELECT max(occurred_at) FROM events
    UNION ALL SELECT max(greatest(created_at, closed_at)) FROM deals
    UNION ALL SELECT max(responded_at) FROM nps
    UNION ALL SELECT max(date) FROM spend
);

-- name: as-of-kept
-- The data's as-of date when something is set aside: the latest
-- timestamp neither after the load's clock (first parameter) nor at or
-- past the stray cutoff (second; NULL for none).
WITH params AS (SELECT CAST(? AS TIMESTAMP) AS clock, CAST(? AS TIMESTAMP) AS cutoff)
SELECT max(t)
FROM (
    SELECT created_at AS t FROM leads UNION ALL SELECT occurred_at FROM events
    UNION ALL SELECT created_at FROM deals UNION ALL SELECT closed_at FROM deals
    UNION ALL SELECT responded_at FROM nps UNION ALL SELECT date FROM spend
) CROSS JOIN params p
WHERE t <= p.clock AND (p.cutoff IS NULL OR t < p.cutoff);

-- name: as-of-set-aside
-- The timestamps left out of the as-of date, by table, column and value,
-- latest first: after the load's clock (first parameter), or at or past
-- the stray cutoff (second; NULL for none). total and values count them
-- all, before the LIMIT.
WITH stamps AS (
    SELECT 'leads' AS tbl, 'created_at' AS col, created_at AS t FROM leads
    UNION ALL SELECT 'events', 'occurred_at', occurred_at FROM events
    UNION ALL SELECT 'deals', 'created_at', created_at FROM deals
    UNION ALL SELECT 'deals', 'closed_at', closed_at FROM deals
    UNION ALL SELECT 'nps', 'responded_at', responded_at FROM nps
    UNION ALL SELECT 'spend', 'date', date FROM spend
),
params AS (SELECT CAST(? AS TIMESTAMP) AS clock, CAST(? AS TIMESTAMP) AS cutoff),
aside AS (
    SELECT tbl, col, t, t > p.clock AS after_clock, count(*) AS n
    FROM stamps CROSS JOIN params p
    WHERE t > p.clock OR t >= p.cutoff
    GROUP BY ALL
)
SELECT tbl, col, t, after_clock, n,
    CAST(sum(n) FILTER (WHERE after_clock) OVER () AS BIGINT) AS after_clock_total,
    CAST(sum(n) OVER () AS BIGINT) AS total
FROM aside
ORDER BY t DESC, tbl, col
LIMIT 20;

-- name: lead-wins
-- Every (lead, won-at) pair of docs/outcomes.md, before any window: a won new
-- deal linked by lead_id, or a won new deal with no lead_id on the lead's
-- account, when the lead was created before the deal. won_at is the close
-- date, or the creation date when a won deal has no close date.
CREATE OR REPLACE TABLE derived.lead_wins AS
SELECT d.lead_id, coalesce(d.closed_at, d.created_at) AS won_at
FROM deals d
WHERE d.status = 'won' AND d.kind = 'new' AND d.lead_id IS NOT NULL
UNION ALL
SELECT l.lead_id, coalesce(d.closed_at, d.created_at) AS won_at
FROM deals d
JOIN leads l ON l.account_id = d.account_id
WHERE d.status = 'won' AND d.kind = 'new' AND d.lead_id IS NULL
  AND l.created_at < coalesce(d.created_at, d.closed_at);

-- name: mean-cycle-days
-- The average sales cycle: mean days from created_at to the first win,
-- over won leads with both dates. It sets the default window. A pair with
-- a date set aside from the as-of date (later than the parameter, the
-- data's as-of; NULL for none) is left out, and so is a first win before
-- the lead was created: both are data errors, and either would drag the
-- mean far from any real cycle (one lead created in 2999 made it -110.9
-- days). Returns the mean, the pairs it is over, and the two left-out
-- counts.
WITH pairs AS (
    SELECT l.created_at, w.won_at,
        CAST(? AS TIMESTAMP) IS NOT NULL
            AND greatest(l.created_at, w.won_at) > CAST(? AS TIMESTAMP) AS set_aside
    FROM (SELECT lead_id, min(won_at) AS won_at FROM derived.lead_wins GROUP BY lead_id) w
    JOIN leads l USING (lead_id)
    WHERE l.created_at IS NOT NULL AND w.won_at IS NOT NULL
)
SELECT avg(epoch(won_at - created_at) / 86400.0) FILTER (WHERE NOT set_aside AND won_at >= created_at),
    count(*) FILTER (WHERE NOT set_aside AND won_at >= created_at),
    count(*) FILTER (WHERE NOT set_aside AND won_at < created_at),
    count(*) FILTER (WHERE set_aside)
FROM pairs;

-- name: lead-outcomes
-- One row per lead: won (inside the window), maturing (the window still
-- open at the as-of date, whether or not the lead has already won), the
-- outcome that close rates use (won, not_won, or maturing: left out), and
-- the exposure cutoff: events
-- strictly before it may be used. Parameters: window days (0 = none),
-- as-of timestamp, and whether the outcome comes from leads.converted.
CREATE OR REPLACE TABLE derived.lead_outcomes AS
WITH params AS (
    SELECT CAST(? AS INTEGER) AS window_days, CAST(? AS TIMESTAMP) AS as_of, CAST(? AS BOOLEAN) AS use_converted
),
first_win AS (
    SELECT lead_id, min(won_at) AS won_at, count(*) AS wins FROM derived.lead_wins GROUP BY lead_id
),
opps AS (
    -- A lead's opportunities: deals linked to it, and new deals of its
    -- account that name no lead.
    SELECT d.lead_id, coalesce(d.created_at, d.closed_at) AS opened_at FROM deals d WHERE d.lead_id IS NOT NULL
    UNION ALL
    SELECT l.lead_id, coalesce(d.created_at, d.closed_at)
    FROM deals d JOIN leads l ON l.account_id = d.account_id
    WHERE d.lead_id IS NULL AND d.kind = 'new'
),
first_opp AS (
    SELECT lead_id, min(opened_at) AS opened_at FROM opps GROUP BY lead_id
),
base AS (
    SELECT l.lead_id, l.account_id, l.created_at,
        CASE WHEN p.use_converted THEN NULL ELSE w.won_at END AS won_at,
        CASE WHEN p.use_converted THEN coalesce(l.converted, false) ELSE w.wins IS NOT NULL END AS won_ever,
        o.opened_at AS first_opp_at,
        CASE WHEN p.window_days > 0 AND l.created_at IS NOT NULL
             THEN l.created_at + to_days(p.window_days) END AS window_end,
        p.as_of
    FROM leads l
    CROSS JOIN params p
    LEFT JOIN first_win w USING (lead_id)
    LEFT JOIN first_opp o USING (lead_id)
),
judged AS (
    SELECT *,
        -- Won only inside the window; a win with no date cannot be placed
        -- and counts as won.
        won_ever AND (window_end IS NULL OR won_at IS NULL OR won_at <= window_end) AS won
    FROM base
)
SELECT lead_id, account_id, created_at, won_at, won,
    -- Maturing: the window is still open at the as-of date, won or not.
    -- Leaving out only the leads that are not yet won would keep
    -- recent wins while dropping their not-won peers, which conditions on
    -- the outcome and inflates every close rate and lift. Judging only
    -- leads whose whole window is over is the unbiased rule.
    window_end IS NOT NULL AND window_end > as_of AS maturing,
    CASE WHEN window_end IS NOT NULL AND window_end > as_of THEN 'maturing'
         WHEN won THEN 'won'
         ELSE 'not_won' END AS outcome,
    first_opp_at, window_end,
    -- Exclusive bound on usable events: the first opportunity or the end
    -- of the window, whichever comes first; with neither, everything up to
    -- and including the as-of date.
    CASE WHEN first_opp_at IS NULL AND window_end IS NULL THEN as_of + INTERVAL 1 MICROSECOND
         ELSE least(first_opp_at, window_end) END AS exposure_cutoff
FROM judged;

-- name: exposed-events
-- The events each lead may be judged by: linked by lead_id, timestamped,
-- strictly before its exposure cutoff, so no post-opportunity activity
-- leaks. The action report applies the same rule in its own joins
-- (actions-event-counts, touches-regular-exact: e.occurred_at <
-- a.exposure_cutoff), which saves a second join to lead_outcomes; keep
-- them in step with this view.
CREATE OR REPLACE VIEW derived.exposed_events AS
SELECT e.*
FROM events e
JOIN derived.lead_outcomes o ON o.lead_id = e.lead_id
WHERE e.occurred_at IS NOT NULL AND e.occurred_at < o.exposure_cutoff;

-- name: outcome-counts
SELECT count(*), count(*) FILTER (WHERE outcome = 'won'), count(*) FILTER (WHERE maturing),
       count(*) FILTER (WHERE outcome = 'not_won'), count(*) FILTER (WHERE maturing AND won)
FROM derived.lead_outcomes;
