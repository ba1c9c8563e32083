-- name: drift-event-leads-since
-- For every event but the ones left out (the model's own, the vanity
-- signals: most of the events), the settled leads created on or after a
-- date (a model's as-of date) that did it before their exposure cutoff,
-- and how many of them won: the behaviours whose lift report drift
-- measures now. Keyed by the lead's number, as the action report's counts
-- are, which groups faster than the text id; only the newer leads are
-- joined, so most events are passed over unread. The names are left out
-- with list_contains rather than NOT IN, which DuckDB tests name by name
-- on every event: at 25 million events NOT IN made the whole query about
-- 2.5 times as costly. A NULL name is left out either way.
-- ScoringLeads must have run. Argument: the names left out, as a list of
-- literals ('' when none). Parameter: the date.
SELECT event, count(*), count(*) FILTER (WHERE won)
FROM (
    SELECT e.event, s.i, any_value(s.won) AS won
    FROM events e
    JOIN derived.score_leads s ON s.lead_id = e.lead_id
    WHERE s.outcome <> 'maturing' AND s.created_at >= CAST(? AS TIMESTAMP)
      AND e.occurred_at < s.exposure_cutoff AND NOT list_contains([%s], e.event)
    GROUP BY e.event, s.i
)
GROUP BY event
ORDER BY event;

-- name: drift-event-leads-before
-- The same for a few named events over the settled leads created before
-- the date: the lift then of the behaviours worth points now. Argument:
-- the names, as a list of literals. Parameter: the date.
SELECT event, count(*), count(*) FILTER (WHERE won)
FROM (
    SELECT e.event, s.i, any_value(s.won) AS won
    FROM events e
    JOIN derived.score_leads s ON s.lead_id = e.lead_id
    WHERE s.outcome <> 'maturing' AND s.created_at < CAST(? AS TIMESTAMP)
      AND e.occurred_at < s.exposure_cutoff AND e.event IN (%s)
    GROUP BY e.event, s.i
)
GROUP BY event
ORDER BY event;

-- name: drift-source-mix
-- The leads of each source (NULL for none), created before a date and
-- from it on: the lead mix report drift compares. Parameter: the date.
SELECT CAST(source AS VARCHAR), created_at >= CAST(? AS TIMESTAMP) AS newer, count(*)
FROM leads
WHERE created_at IS NOT NULL
GROUP BY ALL
ORDER BY 1 NULLS LAST, 2;

-- name: drift-profile-values
-- The settled dated leads with each value of each categorical profile
-- attribute, created before a date and from it on, and the won among
-- them: the profile values report drift finds new effects among. One
-- pass over the leads, a grouping set per attribute (the other keys
-- NULL; a missing value is '(missing)'). Arguments: the keys (expr AS
-- c0, ...), their names, the grouping sets. Parameter: the date.
WITH p AS (
    SELECT s.won, s.created_at >= CAST(? AS TIMESTAMP) AS newer,
        %[1]s
    FROM derived.score_leads s
    LEFT JOIN lead_profile lp ON lp.lead_id = s.lead_id
    LEFT JOIN account_profile ap ON ap.account_id = s.account_id
    WHERE s.outcome <> 'maturing' AND s.created_at IS NOT NULL
)
SELECT %[2]s, newer, count(*), count(*) FILTER (WHERE won)
FROM p
GROUP BY GROUPING SETS (%[3]s);
