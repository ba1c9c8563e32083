-- name: score-leads
-- Every lead, numbered in lead_id order, with what scoring needs: when it
-- was created, its outcome and its exposure cutoff (events strictly before
-- it are history), from the outcome rules. ComputeOutcomes must have run.
CREATE OR REPLACE TABLE derived.score_leads AS
SELECT CAST(row_number() OVER (ORDER BY o.lead_id) - 1 AS INTEGER) AS i,
    o.lead_id, o.account_id, o.created_at, o.won, o.outcome, o.exposure_cutoff,
    o.first_opp_at IS NOT NULL AS has_opp
FROM derived.lead_outcomes o;

-- name: score-leads-read
-- Times are microseconds since 1970; NULL when unknown.
SELECT lead_id, account_id, epoch_us(created_at), epoch_us(exposure_cutoff), won, outcome, has_opp
FROM derived.score_leads ORDER BY i;

-- name: score-factor-leads
-- The leads with one profile factor. Argument: the condition, over the
-- lead's profile lp and its account's profile ap.
SELECT s.i
FROM derived.score_leads s
LEFT JOIN lead_profile lp ON lp.lead_id = s.lead_id
LEFT JOIN account_profile ap ON ap.account_id = s.account_id
WHERE %s
ORDER BY s.i;

-- name: score-events
-- Every timestamped occurrence, up to and including the as-of date, of the
-- events the pain rules name, by lead and time. Arguments: a CASE giving
-- each event name its number, and the list of names. Parameter: as-of.
SELECT s.i, CAST(%[1]s AS SMALLINT) AS k, epoch_us(e.occurred_at) AS t
FROM events e
JOIN derived.score_leads s ON s.lead_id = e.lead_id
WHERE e.event IN (%[2]s) AND e.occurred_at IS NOT NULL AND e.occurred_at <= CAST(? AS TIMESTAMP)
ORDER BY s.i, t, k;

-- name: score-profile-columns
-- The columns a profile factor may name: the lead profile's and the
-- account profile's.
SELECT table_name, column_name, data_type FROM duckdb_columns()
WHERE database_name = current_database() AND schema_name = 'main'
  AND table_name IN ('lead_profile', 'account_profile')
ORDER BY table_name, column_index;

-- name: lead-event-names
-- Every event name lead events use.
SELECT DISTINCT event FROM events WHERE lead_id IS NOT NULL;

-- name: score-event-names
-- Every event name lead events use, with how many leads did it.
SELECT event, count(DISTINCT lead_id) FROM events WHERE lead_id IS NOT NULL GROUP BY event;

-- name: score-value-count
-- How many leads have a value of a profile column. Argument: the condition.
SELECT count(*)
FROM derived.score_leads s
LEFT JOIN lead_profile lp ON lp.lead_id = s.lead_id
LEFT JOIN account_profile ap ON ap.account_id = s.account_id
WHERE %s;

-- name: holdout-reset
-- No holdout: every settled lead is tuning data.
CREATE OR REPLACE TABLE derived.holdout (lead_id VARCHAR);

-- name: holdout-by-time
-- The latest share of settled leads by created_at (ties broken by lead_id)
-- are held out: the first round(n × share) of them by created_at and
-- lead_id, both descending, which DuckDB takes as a top-k rather than
-- numbering every lead in a window (0.18 s at a million leads). Leads with
-- no created_at cannot be placed in time and stay with the tuning data.
-- Parameter: how many are held out.
CREATE OR REPLACE TABLE derived.holdout AS
SELECT lead_id FROM derived.lead_outcomes
WHERE outcome <> 'maturing' AND created_at IS NOT NULL
ORDER BY created_at DESC, lead_id DESC
LIMIT ?;

-- name: holdout-random
-- With no dates, a seeded random share of the settled leads is held out:
-- the same seed and data give the same split. Parameters: share, seed.
CREATE OR REPLACE TABLE derived.holdout AS
SELECT lead_id FROM derived.lead_outcomes
WHERE outcome <> 'maturing'
  AND hash(lead_id, CAST(? AS UBIGINT)) % 1000000 < round(CAST(? AS DOUBLE) * 1000000);

-- name: holdout-summary
-- The first created_at of the held-out leads (NULL for a random split),
-- and how many there are.
SELECT min(o.created_at), count(*)
FROM derived.holdout h JOIN derived.lead_outcomes o USING (lead_id);

-- name: holdout-read
-- The held-out leads by their scoring numbers.
SELECT s.i FROM derived.holdout h JOIN derived.score_leads s USING (lead_id) ORDER BY s.i;

-- name: settled-dated
-- How many settled leads have a created_at.
SELECT count(*) FILTER (WHERE created_at IS NOT NULL) FROM derived.lead_outcomes WHERE outcome <> 'maturing';

-- name: table-fingerprint
-- A table's row count and the sum of its rows' hashes: equal for equal
-- contents in any order. Argument: the table.
SELECT count(*), coalesce(CAST(sum(hash(t)) AS VARCHAR), '0') FROM %s t;

-- name: table-fingerprint-as-of
-- The same, then the same over the rows dated at or before a date (and
-- the undated ones), in one scan: a history fingerprint. Each row is
-- hashed once (written in both sums, DuckDB hashed it twice: a quarter
-- more time on the events). Arguments: the table, the column that dates
-- its rows. Parameter: the date.
SELECT count(*), coalesce(CAST(sum(h) AS VARCHAR), '0'),
    count(*) FILTER (WHERE old),
    coalesce(CAST(sum(h) FILTER (WHERE old) AS VARCHAR), '0')
FROM (
    SELECT hash(t) AS h, coalesce(t.%[2]s <= CAST($1 AS TIMESTAMP), true) AS old
    FROM %[1]s t
);

-- name: csv-to-parquet
-- Rewrite a CSV file leadlab wrote as Parquet, with its column types.
-- Arguments: the CSV path, the columns struct, the Parquet path.
COPY (SELECT * FROM read_csv(%[1]s, header = true, auto_detect = false, columns = %[2]s))
TO %[3]s (FORMAT parquet);

-- name: mark-ready
-- The SDR-ready leads, from a string of one character per lead in
-- scoring order, '1' for ready. The lead funnel reads it.
CREATE OR REPLACE TABLE derived.sdr_ready AS
SELECT lead_id FROM derived.score_leads WHERE substr(CAST(? AS VARCHAR), i + 1, 1) = '1';

-- name: lead-funnel-ready
-- The lead funnel's SDR-ready stages, each within the one before: ready
-- leads of the scope, those of them with an opportunity, those won.
SELECT count(r.lead_id), count(r.lead_id) FILTER (WHERE o.first_opp_at IS NOT NULL OR o.won),
       count(r.lead_id) FILTER (WHERE o.won)
FROM derived.lead_outcomes o
LEFT JOIN derived.sdr_ready r USING (lead_id)
WHERE CAST(? AS BOOLEAN) OR o.account_id IN (SELECT account_id FROM derived.funnel_scope);
