-- name: drift-event-leads
-- For every event, the settled leads that did it before their exposure
-- cutoff, and how many of them won, apart for the leads created before a
-- date (a model's as-of date) and from it on: report drift compares each
-- behaviour's lift then and now. Keyed by the lead's number, as the
-- action report's counts are, which groups faster than the text id.
-- ScoringLeads must have run. Parameter: the date.
SELECT event, newer, count(*), count(*) FILTER (WHERE won)
FROM (
    SELECT e.event, s.i, any_value(s.won) AS won, any_value(s.created_at >= CAST(? AS TIMESTAMP)) AS newer
    FROM events e
    JOIN derived.score_leads s ON s.lead_id = e.lead_id
    WHERE s.outcome <> 'maturing' AND s.created_at IS NOT NULL AND e.occurred_at < s.exposure_cutoff
    GROUP BY e.event, s.i
)
GROUP BY event, newer
ORDER BY event, newer;

-- name: drift-source-mix
-- The leads of each source (NULL for none), created before a date and
-- from it on: the lead mix report drift compares. Parameter: the date.
SELECT CAST(source AS VARCHAR), created_at >= CAST(? AS TIMESTAMP) AS newer, count(*)
FROM leads
WHERE created_at IS NOT NULL
GROUP BY ALL
ORDER BY 1 NULLS LAST, 2;
