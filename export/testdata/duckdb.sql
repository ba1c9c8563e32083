-- a header line
-- with a?line break
--
-- DuckDB view "scoring"."lead_scores": every lead's fit, pain, score and sdr_ready (score at or above
-- the cutoff, +25 points) as of the fixed time 2025-06-30 23:59:29.25,
-- computed exactly as `leadlab score --now` computes them. It reads:
--   "crm"."Leads" (lead_id, job_title as title, email, role, source, account_id)
--   "accounts" (account_id, target, tier, relationship_score, employees)
--   "web events" (lead_id, event, ts as occurred_at)
-- Reading it scans the events the pain rules name; on a large events table an index
-- helps: CREATE INDEX ON "web events" ("event", "lead_id", "ts");

BEGIN;

CREATE OR REPLACE VIEW "scoring"."lead_scores" AS
WITH
-- The time every lead is scored as of.
clock AS (
    SELECT TIMESTAMP '2025-06-30 23:59:29.25' AS as_of
),
-- Each lead: the columns the fit rules test, and seniority (derived), and email_type (derived).
lead_profile AS (
    SELECT l."lead_id" AS "lead_id",
        l."job_title" AS "title",
        l."email" AS "email",
        l."role" AS "role",
        l."source" AS "source",
        l."account_id" AS "account_id",
        CASE
            WHEN l."job_title" IS NULL OR trim(l."job_title") = '' THEN 'unknown'
            WHEN regexp_matches(lower(l."job_title"), '(^|[^a-z])(s?vp|evp|avp|vice[ -]president)([^a-z]|$)') THEN 'vp'
            WHEN regexp_matches(lower(l."job_title"), '(^|[^a-z])(chief|ceo|cfo|cto|cmo|coo|cro|cio|ciso|cpo|founder|co-founder|cofounder|owner|president|managing director)([^a-z]|$)') THEN 'c_level'
            WHEN regexp_matches(lower(l."job_title"), '(^|[^a-z])(director|head of)([^a-z]|$)') THEN 'director'
            WHEN regexp_matches(lower(l."job_title"), '(^|[^a-z])(manager|lead|supervisor)([^a-z]|$)') THEN 'manager'
            ELSE 'individual'
        END AS "seniority",
        CASE
            WHEN l."email" IS NULL OR strpos(l."email", '@') = 0 THEN 'unknown'
            WHEN lower(split_part(trim(l."email"), '@', 2)) IN ('gmail.com', 'googlemail.com', 'hotmail.com', 'outlook.com', 'live.com', 'msn.com', 'yahoo.com', 'ymail.com', 'aol.com', 'icloud.com', 'me.com', 'mac.com', 'proton.me', 'protonmail.com', 'pm.me', 'gmx.com', 'gmx.net', 'gmx.de', 'web.de', 'mail.com', 'yandex.com', 'yandex.ru', 'mail.ru', 'qq.com', '163.com', '126.com', 'zoho.com', 'fastmail.com', 'hey.com', 'tutanota.com', 'comcast.net', 'verizon.net', 'att.net', 'orange.fr', 'free.fr', 'laposte.net', 'libero.it', 't-online.de', 'rediffmail.com', 'uol.com.br', 'bol.com.br', 'terra.com.br')
              OR regexp_matches(lower(split_part(trim(l."email"), '@', 2)), '^(yahoo|hotmail|outlook|live|gmx)\.')
            THEN 'personal'
            ELSE 'corporate'
        END AS "email_type"
    FROM "crm"."Leads" AS l
),
-- Each account: the columns the fit rules test, and size_band (derived).
account_profile AS (
    SELECT a."account_id" AS "account_id",
        a."target" AS "target",
        a."tier" AS "tier",
        a."relationship_score" AS "relationship_score",
        a."employees" AS "employees",
        CASE
            WHEN a."employees" IS NULL THEN 'unknown'
            WHEN a."employees" < 50 THEN '1-49'
            WHEN a."employees" < 200 THEN '50-199'
            WHEN a."employees" < 1000 THEN '200-999'
            WHEN a."employees" < 5000 THEN '1000-4999'
            ELSE '5000+'
        END AS "size_band"
    FROM "accounts" AS a
),
-- Fit: points for who the lead is and what its account is.
fit AS (
    SELECT lp."lead_id" AS lead_id,
        0::float8
        -- attr:seniority=vp: +8 points
        + CASE WHEN lp."seniority" = 'vp' THEN 8::float8 ELSE 0 END
        -- attr:email_type=corporate: +3 points
        + CASE WHEN lp."email_type" = 'corporate' THEN 3::float8 ELSE 0 END
        -- attr:role=(missing): -2 points
        + CASE WHEN lp."role" IS NULL THEN -2::float8 ELSE 0 END
        -- attr:source=paid_search: +2.5 points
        + CASE WHEN lp."source" = 'paid_search' THEN '2.5'::float8 ELSE 0 END
        -- account:target=true: +20 points
        + CASE WHEN ap."target" = TRUE THEN 20::float8 ELSE 0 END
        -- account:tier=1: +6 points
        + CASE WHEN ap."tier" = 1 THEN 6::float8 ELSE 0 END
        -- account:relationship_score[48,inf): +4 points
        + CASE WHEN CAST(ap."relationship_score" AS float8) >= 48::float8 THEN 4::float8 ELSE 0 END
        -- account:employees[-inf,50): -1 point
        + CASE WHEN CAST(ap."employees" AS float8) < 50::float8 THEN -1::float8 ELSE 0 END
        -- account:size_band=5000+: +0.1 points
        + CASE WHEN ap."size_band" = '5000+' THEN '0.1'::float8 ELSE 0 END
        AS fit
    FROM lead_profile lp
    LEFT JOIN account_profile ap ON ap."account_id" = lp."account_id"
),
-- The events the pain rules count: each lead's, up to the scoring time, numbered from the latest.
scored_events AS (
    SELECT e."lead_id" AS lead_id,
        e."event" AS event_name,
        row_number() OVER (PARTITION BY e."lead_id", e."event" ORDER BY e."ts" DESC) AS recency,
        CAST(epoch_us(c.as_of) - epoch_us(e."ts") AS float8) / 86400000000::float8 AS age_days
    FROM "web events" AS e
    CROSS JOIN clock c
    WHERE e."event" IN ('document_created', 'demo_request', 'login', 'email_sent')
      AND e."lead_id" IS NOT NULL
      AND e."ts" <= c.as_of
),
-- Pain: points for what the lead did.
pain AS (
    SELECT lead_id,
        0::float8
        -- event:document_created: +7 points each time, the latest 3 times at most, halving every 30 days
        + 7::float8 * coalesce(sum(power(2::float8, -(age_days / 30::float8))) FILTER (WHERE event_name = 'document_created' AND recency <= 3), 0)
        -- event:demo_request: +12 points if it happened (the latest time only)
        + 12::float8 * count(*) FILTER (WHERE event_name = 'demo_request' AND recency <= 1)
        -- event:login>=3: +5 points once it happened 3 times
        + CASE WHEN count(*) FILTER (WHERE event_name = 'login') >= 3 THEN 5::float8 ELSE 0 END
        -- event:email_sent: -0.1 points each time
        + '-0.1'::float8 * count(*) FILTER (WHERE event_name = 'email_sent')
        AS pain
    FROM scored_events
    GROUP BY lead_id
),
scores AS (
    SELECT f.lead_id, f.fit, coalesce(p.pain, 0::float8) AS pain
    FROM fit f
    LEFT JOIN pain p ON p.lead_id = f.lead_id
)
SELECT s.lead_id, s.fit, s.pain, s.fit + s.pain AS score,
    s.fit + s.pain >= 25::float8 AS sdr_ready,
    c.as_of AS scored_at
FROM scores s
CROSS JOIN clock c;

COMMENT ON VIEW "scoring"."lead_scores" IS 'leadlab scoring model "every rule kind": fit + pain; SDR-ready at +25 points';

COMMIT;
