-- name: actions-population
-- The leads every correlation is computed over: those whose outcome is
-- settled (maturing leads are left out, SPEC §3), less any held out for
-- tuning's evaluation.
CREATE OR REPLACE TABLE derived.action_leads AS
SELECT o.lead_id, o.won, o.account_id
FROM derived.lead_outcomes o
WHERE o.outcome <> 'maturing'
  AND o.lead_id NOT IN (SELECT lead_id FROM derived.holdout);

-- name: actions-event-counts
-- How often each settled lead did each event before its exposure cutoff.
CREATE OR REPLACE TABLE derived.lead_event_counts AS
SELECT e.lead_id, e.event, count(*) AS n
FROM derived.exposed_events e
WHERE e.lead_id IN (SELECT lead_id FROM derived.action_leads)
GROUP BY ALL;

-- name: actions-totals
SELECT count(*), count(*) FILTER (WHERE won) FROM derived.action_leads;

-- name: actions-events
-- Leads that did each event at least once, and how many of them won.
SELECT c.event, count(*), count(*) FILTER (WHERE a.won)
FROM derived.lead_event_counts c JOIN derived.action_leads a USING (lead_id)
GROUP BY c.event ORDER BY c.event;

-- name: actions-event-repeats
-- "At least N times" factors for repeated events: N is each distinct
-- quartile (50th, 75th, 90th percentile) of the counts among leads that did
-- the event, when it is 2 or more.
WITH q AS (
    SELECT event, quantile_disc(n, [0.5, 0.75, 0.9]) AS qs FROM derived.lead_event_counts GROUP BY event
),
thresholds AS (
    SELECT DISTINCT event, unnest(qs) AS k FROM q
)
SELECT t.event, t.k, count(*), count(*) FILTER (WHERE a.won)
FROM thresholds t
JOIN derived.lead_event_counts c ON c.event = t.event AND c.n >= t.k
JOIN derived.action_leads a ON a.lead_id = c.lead_id
WHERE t.k >= 2
GROUP BY ALL ORDER BY t.event, t.k;

-- name: actions-categorical
-- Leads and wins per value of one attribute. Arguments: the value
-- expression and the relation holding it (lead or account profile).
SELECT coalesce(CAST(%[1]s AS VARCHAR), '(missing)') AS v, count(*), count(*) FILTER (WHERE a.won)
FROM derived.action_leads a
LEFT JOIN %[2]s p ON p.%[3]s = a.%[3]s
GROUP BY v ORDER BY count(*) DESC, v;

-- name: actions-quartiles
-- Quartile edges of a numeric attribute over the settled leads.
SELECT quantile_cont(CAST(%[1]s AS DOUBLE), [0.25, 0.5, 0.75]), count(%[1]s)
FROM derived.action_leads a
LEFT JOIN %[2]s p ON p.%[3]s = a.%[3]s;

-- name: actions-bands
-- Leads and wins per numeric band. Arguments: the band expression (a CASE
-- over the quartile edges giving 0..k, or -1 when missing), the relation
-- and its key.
SELECT b, count(*), count(*) FILTER (WHERE won)
FROM (
    SELECT a.won, %[1]s AS b
    FROM derived.action_leads a
    LEFT JOIN %[2]s p ON p.%[3]s = a.%[3]s
)
GROUP BY b ORDER BY b;

-- name: actions-matrix
-- One row per settled lead: won, then one 0/1 column per factor. Argument:
-- the column list.
SELECT %[1]s
FROM derived.action_leads a
LEFT JOIN lead_profile lp ON lp.lead_id = a.lead_id
LEFT JOIN account_profile ap ON ap.account_id = a.account_id
ORDER BY a.lead_id;

-- name: touches
-- For settled leads with at least one exposed event: the channel (event
-- category) of their first and last touch before the exposure cutoff
-- (sends and ad impressions are not the lead's touches), and
-- whether they engaged regularly (events in at least 3 distinct weeks).
-- Rows: channel, won leads whose first touch it was, not-won likewise,
-- then the same for the last touch.
WITH ev AS (
    SELECT e.lead_id, coalesce(e.category, 'other') AS channel, e.occurred_at,
        row_number() OVER (PARTITION BY e.lead_id ORDER BY e.occurred_at, e.category, e.event) AS first_rank,
        row_number() OVER (PARTITION BY e.lead_id ORDER BY e.occurred_at DESC, e.category DESC, e.event DESC) AS last_rank
    FROM derived.exposed_events e
    WHERE e.lead_id IN (SELECT lead_id FROM derived.action_leads)
      AND e.event NOT IN ('email_sent', 'email_send', 'ad_impression', 'impression')
),
per_lead AS (
    SELECT lead_id,
        any_value(channel) FILTER (WHERE first_rank = 1) AS first_channel,
        any_value(channel) FILTER (WHERE last_rank = 1) AS last_channel
    FROM ev GROUP BY lead_id
)
SELECT ch,
    count(*) FILTER (WHERE p.first_channel = ch AND a.won),
    count(*) FILTER (WHERE p.first_channel = ch AND NOT a.won),
    count(*) FILTER (WHERE p.last_channel = ch AND a.won),
    count(*) FILTER (WHERE p.last_channel = ch AND NOT a.won)
FROM per_lead p
JOIN derived.action_leads a USING (lead_id)
CROSS JOIN (SELECT DISTINCT channel AS ch FROM ev) c
GROUP BY ch ORDER BY ch;

-- name: touches-regular
-- Settled leads (all of them, touched or not) by regular engagement: won
-- and total among the regular, then among the rest; and the median days
-- each group of won and not-won leads is watched (first touch to exposure
-- cutoff), since a longer watch gives more weeks to be regular in.
WITH weeks AS (
    SELECT lead_id, count(DISTINCT date_trunc('week', occurred_at)) AS n
    FROM derived.exposed_events
    WHERE lead_id IN (SELECT lead_id FROM derived.action_leads)
      AND event NOT IN ('email_sent', 'email_send', 'ad_impression', 'impression')
    GROUP BY lead_id
)
SELECT count(*) FILTER (WHERE coalesce(w.n, 0) >= 3 AND a.won), count(*) FILTER (WHERE coalesce(w.n, 0) >= 3),
       count(*) FILTER (WHERE coalesce(w.n, 0) < 3 AND a.won), count(*) FILTER (WHERE coalesce(w.n, 0) < 3),
       median(epoch(o.exposure_cutoff - o.created_at) / 86400.0) FILTER (WHERE a.won),
       median(epoch(o.exposure_cutoff - o.created_at) / 86400.0) FILTER (WHERE NOT a.won)
FROM derived.action_leads a
JOIN derived.lead_outcomes o USING (lead_id)
LEFT JOIN weeks w USING (lead_id);
