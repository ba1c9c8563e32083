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

-- name: actions-profile
-- The attribute columns of every settled lead's profile (or its
-- account's), computed once for all the attribute counts below: joining
-- the profile view again for each of a dozen attributes took 2.5 s at a
-- million leads. Arguments: the copy to make, its columns (p.name, ...),
-- the profile view, its key.
CREATE OR REPLACE TABLE %[1]s AS
SELECT a.lead_id AS __lead_id, a.won AS __won, %[2]s
FROM derived.action_leads a
LEFT JOIN %[3]s p ON p.%[4]s = a.%[4]s;

-- name: actions-categorical
-- Leads and wins per value of one attribute. Arguments: the value
-- expression and the settled leads' profile (actions-profiles).
SELECT coalesce(CAST(%[1]s AS VARCHAR), '(missing)') AS v, count(*), count(*) FILTER (WHERE p.__won)
FROM %[2]s p
GROUP BY v ORDER BY count(*) DESC, v;

-- name: actions-quartiles
-- Quartile edges of a numeric attribute over the settled leads.
SELECT quantile_cont(CAST(%[1]s AS DOUBLE), [0.25, 0.5, 0.75]), count(%[1]s)
FROM %[2]s p;

-- name: actions-bands
-- Leads and wins per numeric band. Arguments: the band expression (a CASE
-- over the quartile edges giving 0..k, or -1 when missing) and the
-- settled leads' profile.
SELECT b, count(*), count(*) FILTER (WHERE __won)
FROM (
    SELECT p.__won, %[1]s AS b
    FROM %[2]s p
)
GROUP BY b ORDER BY b;

-- name: actions-patterns
-- The settled leads grouped by which factors they have, as bit masks of
-- 64 factors each (m0, m1, ...): leads and wins per combination. The
-- attributes come from the settled leads' profiles (actions-profile) and
-- the events from one pass over their counts, pivoted: a view and an
-- EXISTS per factor cost 1.5 s a model at a million leads. Arguments: the
-- mask columns, the event columns (lead_id, e0, e1, ...; from
-- derived.lead_event_counts).
SELECT %[1]s, count(*), count(*) FILTER (WHERE a.won)
FROM derived.action_leads a
LEFT JOIN derived.action_lead_profile lp ON lp.__lead_id = a.lead_id
LEFT JOIN derived.action_account_profile ap ON ap.__lead_id = a.lead_id
LEFT JOIN (%[2]s) ev ON ev.lead_id = a.lead_id
GROUP BY ALL ORDER BY ALL;

-- name: touches-per-lead
-- For settled leads with at least one exposed event (sends and ad
-- impressions are not the lead's touches): the channel (event category)
-- of their first and last touch before the exposure cutoff, the distinct
-- weeks they were active in, and which channels they touched at all, as
-- bits. A channel is its place in the sorted list of channels, a missing
-- category counting as other. Touches at the same instant are ordered by
-- category, a missing one last either way: the key is the time in
-- microseconds, times 16, plus the category's place. One aggregate of
-- integers in one pass: two window sorts and a second pass took 4.3 s at a
-- million leads, this 1.7 s. Arguments: the channels, sorted; the place
-- of other.
CREATE OR REPLACE TABLE derived.lead_touches AS
SELECT lead_id,
    %[1]s[arg_min(ch, t * 16 + coalesce(r, 15))] AS first_channel,
    %[1]s[arg_max(ch, t * 16 + coalesce(r, 0))] AS last_channel,
    count(DISTINCT date_trunc('week', ts)) AS weeks,
    bit_or(CAST(1 AS BIGINT) << (ch - 1)) AS channels
FROM (
    SELECT e.lead_id, e.occurred_at AS ts, epoch_us(e.occurred_at) AS t,
        list_position(%[1]s, e.category) AS r,
        coalesce(list_position(%[1]s, e.category), %[2]d) AS ch
    FROM derived.exposed_events e
    WHERE e.lead_id IN (SELECT lead_id FROM derived.action_leads)
      AND e.event NOT IN ('email_sent', 'email_send', 'ad_impression', 'impression')
)
GROUP BY lead_id;

-- name: touches
-- Rows: each channel any settled lead touched, won leads whose first
-- touch it was, not-won likewise, then the same for the last touch.
-- Argument: the list of channels, as for touches-per-lead.
WITH seen AS (SELECT bit_or(channels) AS m FROM derived.lead_touches),
channels AS (
    SELECT ch FROM (SELECT unnest(%[1]s) AS ch, generate_subscripts(%[1]s, 1) AS i), seen
    WHERE ((m >> (i - 1)) & 1) = 1
)
SELECT c.ch,
    count(*) FILTER (WHERE p.first_channel = c.ch AND a.won),
    count(*) FILTER (WHERE p.first_channel = c.ch AND NOT a.won),
    count(*) FILTER (WHERE p.last_channel = c.ch AND a.won),
    count(*) FILTER (WHERE p.last_channel = c.ch AND NOT a.won)
FROM derived.lead_touches p
JOIN derived.action_leads a USING (lead_id)
CROSS JOIN channels c
GROUP BY c.ch ORDER BY c.ch;

-- name: touches-regular
-- Settled leads (all of them, touched or not) by regular engagement
-- (events in at least 3 distinct weeks): won and total among the regular,
-- then among the rest; and the median days each group of won and not-won
-- leads is watched (first touch to exposure cutoff), since a longer watch
-- gives more weeks to be regular in.
SELECT count(*) FILTER (WHERE coalesce(w.weeks, 0) >= 3 AND a.won), count(*) FILTER (WHERE coalesce(w.weeks, 0) >= 3),
       count(*) FILTER (WHERE coalesce(w.weeks, 0) < 3 AND a.won), count(*) FILTER (WHERE coalesce(w.weeks, 0) < 3),
       median(epoch(o.exposure_cutoff - o.created_at) / 86400.0) FILTER (WHERE a.won),
       median(epoch(o.exposure_cutoff - o.created_at) / 86400.0) FILTER (WHERE NOT a.won)
FROM derived.action_leads a
JOIN derived.lead_outcomes o USING (lead_id)
LEFT JOIN derived.lead_touches w USING (lead_id);
