-- name: actions-population
-- The leads every correlation is computed over: those whose outcome is
-- settled (maturing leads are left out: docs/outcomes.md), less any held out
-- for tuning's evaluation unless the parameter asks for them too; with the
-- exposure cutoff their events are judged by, whether they are among the
-- leads the bands of numeric attributes are chosen on (banding: the leads not
-- held out, so that tune's split never sees its holdout and report actions
-- cuts at the same edges), and a number (lead_no, the outcome row's) that the
-- tables made from their events are keyed by: grouping by an integer rather
-- than the text id saves a fifth. Parameter: whether the held-out leads are
-- counted.
CREATE OR REPLACE TABLE derived.action_leads AS
SELECT o.rowid AS lead_no, o.lead_id, o.won, o.account_id, o.created_at, o.exposure_cutoff,
    o.lead_id NOT IN (SELECT lead_id FROM derived.holdout) AS banding
FROM derived.lead_outcomes o
WHERE o.outcome <> 'maturing'
  AND (CAST(? AS BOOLEAN) OR o.lead_id NOT IN (SELECT lead_id FROM derived.holdout));

-- name: actions-event-counts
-- How often each settled lead did each event before its exposure cutoff,
-- and what the touch patterns (touches-per-lead) need of those events, in
-- the one pass over the events the report makes: reading them again for
-- the touches cost 2.4 s at a million leads, these aggregates 0.5 s.
-- For the first and the last touch, the earliest and the latest key:
-- the time in microseconds times 16 plus the category's place in the
-- sorted list of channels, so that touches at the same instant are
-- ordered by category, a missing category (15 or 0) last either way.
-- Then one word of bits (one aggregate costs less than two): the low
-- bits, one per week modulo their number, for regular engagement (3 or
-- more distinct weeks; weeks start on Monday, week 0 being the one of
-- 1970-01-05); above them, one per channel touched (a missing category
-- counting as other). Arguments: the channels, sorted; the place of
-- other; the number of week bits (64 less one per channel).
CREATE OR REPLACE TABLE derived.lead_event_counts AS
SELECT lead_no, event, any_value(won) AS won, count(*) AS n,
    min(t * 16 + coalesce(r, 15)) AS first_key,
    max(t * 16 + coalesce(r, 0)) AS last_key,
    bit_or((CAST(1 AS UBIGINT) << CAST((week %% %[3]d + %[3]d) %% %[3]d AS UBIGINT))
        | (CAST(1 AS UBIGINT) << CAST(%[3]d + coalesce(r, %[2]d) - 1 AS UBIGINT))) AS bits
FROM (
    SELECT a.lead_no, e.event, a.won, epoch_us(e.occurred_at) AS t,
        date_diff('week', TIMESTAMP '1970-01-05', date_trunc('week', e.occurred_at)) AS week,
        list_position(%[1]s, e.category) AS r
    FROM events e
    JOIN derived.action_leads a ON a.lead_id = e.lead_id AND e.occurred_at < a.exposure_cutoff
)
GROUP BY lead_no, event;

-- name: actions-totals
-- The settled leads and their wins, then those with no account, then
-- the leads bands are chosen on.
SELECT count(*), count(*) FILTER (WHERE won),
    count(*) FILTER (WHERE account_id IS NULL), count(*) FILTER (WHERE account_id IS NULL AND won),
    count(*) FILTER (WHERE banding)
FROM derived.action_leads;

-- name: actions-events
-- Leads that did each event at least once, and how many of them won.
SELECT event, count(*), count(*) FILTER (WHERE won)
FROM derived.lead_event_counts
GROUP BY event ORDER BY event;

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
SELECT t.event, t.k, count(*), count(*) FILTER (WHERE c.won)
FROM thresholds t
JOIN derived.lead_event_counts c ON c.event = t.event AND c.n >= t.k
WHERE t.k >= 2
GROUP BY ALL ORDER BY t.event, t.k;

-- name: actions-prebins
-- The 5th, 10th, …, 95th percentiles (values of the data), and how many
-- settled leads have a value, of each numeric attribute, over the leads
-- bands are chosen on (a.banding): where its prebins are cut
-- (bands.go). Argument: the aggregates, over the profiles lp and ap.
SELECT %s
FROM derived.action_leads a
LEFT JOIN lead_profile lp ON lp.lead_id = a.lead_id
LEFT JOIN account_profile ap ON ap.account_id = a.account_id;

-- name: actions-attributes
-- Leads and wins per value (or band) of every attribute, in one pass:
-- a grouping set per attribute, so each row has one attribute's key and
-- NULL for the others (a key is never NULL: a missing value is
-- '(missing)', a missing number's prebin -1); then the same among the
-- leads bands are chosen on. Then, for each numeric value binned on its
-- own, the smallest value above it in its group among those leads: the
-- least over all of one set's groups is the next value in the data, the
-- band's upper edge. Arguments: the keys (expr AS c0, ..., and x0, ...
-- the numbers those aggregates read), their names, the grouping sets,
-- those aggregates (each after a comma).
WITH p AS (
    SELECT a.won, a.banding,
        %[1]s
    FROM derived.action_leads a
    LEFT JOIN lead_profile lp ON lp.lead_id = a.lead_id
    LEFT JOIN account_profile ap ON ap.account_id = a.account_id
)
SELECT %[2]s, count(*), count(*) FILTER (WHERE won),
    count(*) FILTER (WHERE banding), count(*) FILTER (WHERE banding AND won)%[4]s
FROM p
GROUP BY GROUPING SETS (%[3]s);

-- name: actions-band-counts
-- Leads and wins per band of each numeric attribute whose bands were
-- chosen on fewer leads than are counted (report actions, which counts
-- the held-out leads too), among the leads the bands were not chosen on:
-- the others' counts are their prebins', which a band's test sends them
-- to as well (its edges are values of those leads), so only the held-out
-- leads are counted again, each by the test score makes, lo <= x < hi.
-- Arguments: the band keys (expr AS c0, ...), their names, the grouping
-- sets.
WITH p AS (
    SELECT a.won,
        %[1]s
    FROM derived.action_leads a
    LEFT JOIN lead_profile lp ON lp.lead_id = a.lead_id
    LEFT JOIN account_profile ap ON ap.account_id = a.account_id
    WHERE NOT a.banding
)
SELECT %[2]s, count(*), count(*) FILTER (WHERE won)
FROM p
GROUP BY GROUPING SETS (%[3]s);

-- name: actions-same-leads-fit
-- For pairs of profile factors with the same counts, the settled leads
-- with both: the pair has the same leads when that is all of them.
-- Argument: a count per pair.
SELECT %s
FROM derived.action_leads a
LEFT JOIN lead_profile lp ON lp.lead_id = a.lead_id
LEFT JOIN account_profile ap ON ap.account_id = a.account_id;

-- name: actions-same-leads-accounts
-- The same for pairs of account factors, by account: the settled leads
-- of each account (no account being one group, whose profile is all
-- NULL) where both hold. Argument: a sum per pair.
WITH per_account AS (
    SELECT account_id, count(*) AS n FROM derived.action_leads GROUP BY account_id
)
SELECT %s
FROM per_account a
LEFT JOIN account_profile ap ON ap.account_id = a.account_id;

-- name: actions-same-leads-events
-- The same for pairs of event factors, from the event counts pivoted per
-- lead. Arguments: a count per pair; the factors (e0, e1, ...); their
-- events.
SELECT %s
FROM (
    SELECT lead_no, %s
    FROM derived.lead_event_counts
    WHERE event IN (%s)
    GROUP BY lead_no
);

-- name: actions-patterns
-- The settled leads grouped by which factors they have, as bit masks of
-- 64 factors each (m0, m1, ...): leads and wins per combination. The
-- attributes come from the profiles and the events from one pass over
-- their counts, pivoted: a view and an
-- EXISTS per factor cost 1.5 s a model at a million leads. Arguments: the
-- mask columns, the event columns (lead_no, e0, e1, ...; from
-- derived.lead_event_counts), the condition that keeps a lead in the
-- sample (true for all).
SELECT %[1]s, count(*), count(*) FILTER (WHERE a.won)
FROM derived.action_leads a
LEFT JOIN lead_profile lp ON lp.lead_id = a.lead_id
LEFT JOIN account_profile ap ON ap.account_id = a.account_id
LEFT JOIN (%[2]s) ev ON ev.lead_no = a.lead_no
WHERE %[3]s
GROUP BY ALL ORDER BY ALL;

-- name: touches-per-lead
-- For settled leads with at least one exposed touch (sends and ad
-- impressions are not the lead's touches), from their event counts
-- (actions-event-counts): the channel of their first and last touch,
-- decoded from the keys (a missing category is other), which channels
-- they touched, as bits, and whether they were active in 3 or more
-- distinct weeks. With W week bits, the bits count distinct weeks
-- exactly when the touches span fewer than W weeks; over a longer span 3
-- bits still mean 3 weeks, but fewer leave it open (weeks W apart share a
-- bit): regular is NULL there, and touches-regular-exact settles it.
-- Arguments: the channels, sorted; the place of other; W.
CREATE OR REPLACE TABLE derived.lead_touches AS
WITH per_lead AS (
    SELECT lead_no, any_value(won) AS won, min(first_key) AS fk, max(last_key) AS lk, bit_or(bits) AS bits
    FROM derived.lead_event_counts
    WHERE event NOT IN ('email_sent', 'email_send', 'ad_impression', 'impression')
    GROUP BY lead_no
),
decoded AS (
    SELECT lead_no, won,
        bits & ((CAST(1 AS UBIGINT) << %[3]d) - 1) AS weeks, bits >> %[3]d AS channels,
        (fk %% 16 + 16) %% 16 AS first_r, (lk %% 16 + 16) %% 16 AS last_r,
        make_timestamp((fk - first_r) // 16) AS first_at,
        make_timestamp((lk - last_r) // 16) AS last_at
    FROM per_lead
)
SELECT lead_no, won,
    %[1]s[CASE WHEN first_r = 15 THEN %[2]d ELSE first_r END] AS first_channel,
    %[1]s[CASE WHEN last_r = 0 THEN %[2]d ELSE last_r END] AS last_channel,
    CASE
        WHEN bit_count(weeks) >= 3 THEN true
        WHEN date_diff('week', date_trunc('week', first_at), date_trunc('week', last_at)) < %[3]d THEN false
    END AS regular,
    channels
FROM decoded;

-- name: touches-regular-exact
-- Settles regular engagement for the leads touches-per-lead could not:
-- their distinct weeks, counted from the events.
UPDATE derived.lead_touches SET regular = w.weeks >= 3
FROM (
    SELECT a.lead_no, count(DISTINCT date_trunc('week', e.occurred_at)) AS weeks
    FROM events e
    JOIN derived.action_leads a ON a.lead_id = e.lead_id AND e.occurred_at < a.exposure_cutoff
    WHERE a.lead_no IN (SELECT lead_no FROM derived.lead_touches WHERE regular IS NULL)
      AND e.event NOT IN ('email_sent', 'email_send', 'ad_impression', 'impression')
    GROUP BY a.lead_no
) w
WHERE lead_touches.lead_no = w.lead_no;

-- name: touches
-- Rows: each channel any settled lead touched, won leads whose first
-- touch it was, not-won likewise, then the same for the last touch.
-- Argument: the list of channels, as for touches-per-lead.
WITH seen AS (
    SELECT ch FROM (SELECT unnest(%[1]s) AS ch, generate_subscripts(%[1]s, 1) AS i),
        (SELECT bit_or(channels) AS m FROM derived.lead_touches)
    WHERE ((m >> (i - 1)) & 1) = 1
),
firsts AS (
    SELECT first_channel AS ch, count(*) FILTER (WHERE won) AS won, count(*) FILTER (WHERE NOT won) AS not_won
    FROM derived.lead_touches GROUP BY ALL
),
lasts AS (
    SELECT last_channel AS ch, count(*) FILTER (WHERE won) AS won, count(*) FILTER (WHERE NOT won) AS not_won
    FROM derived.lead_touches GROUP BY ALL
)
SELECT s.ch, coalesce(f.won, 0), coalesce(f.not_won, 0), coalesce(l.won, 0), coalesce(l.not_won, 0)
FROM seen s LEFT JOIN firsts f USING (ch) LEFT JOIN lasts l USING (ch)
ORDER BY s.ch;

-- name: touches-regular
-- Settled leads (all of them, touched or not) by regular engagement
-- (events in at least 3 distinct weeks): won and total among the regular,
-- then among the rest; and the median days each group of won and not-won
-- leads is watched (first touch to exposure cutoff), since a longer watch
-- gives more weeks to be regular in.
SELECT count(*) FILTER (WHERE coalesce(w.regular, false) AND a.won), count(*) FILTER (WHERE coalesce(w.regular, false)),
       count(*) FILTER (WHERE NOT coalesce(w.regular, false) AND a.won), count(*) FILTER (WHERE NOT coalesce(w.regular, false)),
       median(epoch(a.exposure_cutoff - a.created_at) / 86400.0) FILTER (WHERE a.won),
       median(epoch(a.exposure_cutoff - a.created_at) / 86400.0) FILTER (WHERE NOT a.won)
FROM derived.action_leads a
LEFT JOIN derived.lead_touches w USING (lead_no);
