-- name: load-swap
-- A load replaces the whole dataset: the tables it built under _next_
-- names take the place of the old ones in one short transaction, so a
-- reader sees either the old dataset or the new one, never a mixture.
DROP TABLE IF EXISTS accounts;
DROP TABLE IF EXISTS leads;
DROP TABLE IF EXISTS campaigns;
DROP TABLE IF EXISTS deals;
DROP TABLE IF EXISTS events;
DROP TABLE IF EXISTS spend;
DROP TABLE IF EXISTS nps;
DROP TABLE IF EXISTS _load;
DROP TABLE IF EXISTS _sources;
DROP TABLE IF EXISTS _rejects;
ALTER TABLE _next_accounts RENAME TO accounts;
ALTER TABLE _next_leads RENAME TO leads;
ALTER TABLE _next_campaigns RENAME TO campaigns;
ALTER TABLE _next_deals RENAME TO deals;
ALTER TABLE _next_events RENAME TO events;
ALTER TABLE _next_spend RENAME TO spend;
ALTER TABLE _next_nps RENAME TO nps;
ALTER TABLE _next__load RENAME TO _load;
ALTER TABLE _next__sources RENAME TO _sources;
ALTER TABLE _next__rejects RENAME TO _rejects;
ALTER TABLE _next_lead_profile RENAME TO lead_profile;
ALTER TABLE _next_account_profile RENAME TO account_profile;

-- name: load-drop-staged
-- What a failed, cancelled or crashed load leaves behind; dropped before
-- every load and after a failed one. The dataset itself is never touched.
DROP TABLE IF EXISTS _next_accounts;
DROP TABLE IF EXISTS _next_leads;
DROP TABLE IF EXISTS _next_campaigns;
DROP TABLE IF EXISTS _next_deals;
DROP TABLE IF EXISTS _next_events;
DROP TABLE IF EXISTS _next_spend;
DROP TABLE IF EXISTS _next_nps;
DROP TABLE IF EXISTS _next__load;
DROP TABLE IF EXISTS _next__sources;
DROP TABLE IF EXISTS _next__rejects;
DROP TABLE IF EXISTS _next_lead_profile;
DROP TABLE IF EXISTS _next_account_profile;

-- name: rejects-temp-create
CREATE OR REPLACE TEMP TABLE _rej_tmp (
    tbl  VARCHAR,
    file VARCHAR,
    ord  BIGINT,
    line BIGINT,
    col  VARCHAR,
    val  VARCHAR,
    why  VARCHAR
);

-- name: csv-rejects
-- The malformed lines DuckDB's CSV reader set aside, the reason in words.
-- Arguments: DuckDB's rejects table, the line size limit in MB.
SELECT line, coalesce(column_name, '') AS col,
       CASE WHEN length(coalesce(csv_line, '')) > 80 THEN left(csv_line, 80) || '…'
            ELSE coalesce(csv_line, '') END AS val,
       CASE error_type
           WHEN 'TOO MANY COLUMNS' THEN 'the line has more fields than the header: ' || error_message
           WHEN 'MISSING COLUMNS' THEN 'the line has fewer fields than the header: ' || error_message
           WHEN 'UNQUOTED VALUE' THEN 'broken quoting: ' || error_message || spanned
           WHEN 'UNTERMINATED QUOTES' THEN 'broken quoting: ' || error_message || spanned
           WHEN 'INVALID ENCODING' THEN 'the line is not UTF-8 text (save the file as UTF-8, or set encoding: latin-1 in a manifest)'
           WHEN 'INVALID UNICODE' THEN 'the line is not UTF-8 text (save the file as UTF-8, or set encoding: latin-1 in a manifest)'
           WHEN 'LINE SIZE OVER MAXIMUM' THEN 'the line is longer than %[2]d MB'
           ELSE lower(error_type) || ': ' || error_message
       END AS why,
       span
FROM (
    -- A quote opened and never closed (RFC 4180) makes the rest of the
    -- file, up to the next quote, one record: span counts the lines it
    -- swallowed, so that they count as rejected rather than vanish.
    SELECT *, CASE WHEN span > 0 THEN ' (the quoted field runs over the next ' || span ||
                   CASE WHEN span = 1 THEN ' line' ELSE ' lines' END || ', not loaded)' ELSE '' END AS spanned
    FROM (SELECT *, CASE WHEN error_type IN ('UNQUOTED VALUE', 'UNTERMINATED QUOTES')
                         THEN length(rtrim(csv_line, chr(13) || chr(10))) - length(replace(rtrim(csv_line, chr(13) || chr(10)), chr(10), ''))
                         ELSE 0 END AS span
          FROM %[1]s))
ORDER BY line, column_idx

-- name: rejects-from-csv
-- All of a file's malformed lines in one statement: one INSERT per line
-- took 98 s for a 2 MB file whose every line was malformed. Arguments:
-- table literal, file literal, the csv-rejects query.
INSERT INTO _rej_tmp
SELECT %[1]s, %[2]s, NULL, line, col, val, why FROM (%[3]s);

-- name: rejects-from-problems
-- Arguments (by position): table literal, file literal, typed table.
INSERT INTO _rej_tmp
SELECT %[1]s, %[2]s, __ord, NULL, p.col, p.val, p.why
FROM (SELECT __ord, unnest(__problems) AS p FROM %[3]s WHERE __problems IS NOT NULL);

-- name: rejects-duplicates
-- Arguments: table literal, file literal, key identifier, key literal, typed table.
INSERT INTO _rej_tmp
SELECT %[1]s, %[2]s, __ord, NULL, %[4]s, left(%[3]s, 80),
       'duplicate ' || %[4]s || ': an earlier row has the same id (the first is kept)'
FROM %[5]s
WHERE __problems IS NULL AND %[3]s IS NOT NULL
QUALIFY row_number() OVER (PARTITION BY %[3]s ORDER BY __ord) > 1;

-- name: rejects-duplicates-files
-- Duplicate ids over the files of one table, the first in manifest and
-- file order kept; a duplicate of a row of another file names that file.
-- Arguments: table literal, key identifier, key literal, the union of the
-- files' typed rows (with __file, the path, and __fname, its name).
INSERT INTO _rej_tmp
SELECT %[1]s, __file, __ord, NULL, %[3]s, left(%[2]s, 80),
       CASE WHEN __first = __file
            THEN 'duplicate ' || %[3]s || ': an earlier row has the same id (the first is kept)'
            ELSE 'duplicate ' || %[3]s || ': a row of ' || __first_name || ' has the same id (the first is kept)' END
FROM (SELECT __file, __ord, %[2]s,
             first_value(__file) OVER w AS __first, first_value(__fname) OVER w AS __first_name,
             row_number() OVER w AS __n
      FROM %[4]s
      WHERE __problems IS NULL AND %[2]s IS NOT NULL
      WINDOW w AS (PARTITION BY %[2]s ORDER BY __ord))
WHERE __n > 1;

-- name: rejects-temp-count-file
-- Arguments: table, file.
SELECT count(*) FROM (SELECT DISTINCT coalesce(ord, -line) FROM _rej_tmp WHERE tbl = ? AND file = ?);

-- name: rejects-references
-- Arguments: table literal, file literal, column literal, column identifier,
-- reason literal, typed table, referenced table, referenced key, table literal.
INSERT INTO _rej_tmp
SELECT %[1]s, %[2]s, t.__ord, NULL, %[3]s, left(t.%[4]s, 80), %[5]s
FROM %[6]s t
ANTI JOIN %[7]s r ON t.%[4]s = r.%[8]s
WHERE t.__problems IS NULL AND t.%[4]s IS NOT NULL;

-- name: rejects-temp-count
SELECT count(*) FROM (SELECT DISTINCT coalesce(ord, -line) FROM _rej_tmp WHERE tbl = ?);

-- name: rejects-temp-ords
-- Arguments: table, file.
SELECT DISTINCT ord FROM _rej_tmp WHERE tbl = ? AND file = ? AND line IS NULL ORDER BY ord;

-- name: rejects-temp-first
SELECT tbl, file, line, coalesce(col, ''), coalesce(val, ''), why FROM _rej_tmp
WHERE tbl = ? ORDER BY line, col LIMIT ?;

-- name: rejects-temp-first-all
SELECT tbl, file, line, coalesce(col, ''), coalesce(val, ''), why FROM _rej_tmp
ORDER BY tbl, line, col LIMIT ?;

-- name: rejects-save
INSERT INTO _next__rejects SELECT tbl, file, line, col, val, why FROM _rej_tmp ORDER BY tbl, file, line, col;

-- name: table-store
-- Arguments: table identifier, column list, typed table, table literal.
-- No ORDER BY: sorting tens of millions of events would cost more than
-- the whole load. The rows come out close to file order but not exactly
-- (the typed pass can move row groups); nothing reads them in stored
-- order, and rejects keep each row's place in the file as __ord.
CREATE TABLE %[1]s AS
SELECT %[2]s FROM %[3]s
WHERE __ord NOT IN (SELECT ord FROM _rej_tmp WHERE tbl = %[4]s AND ord IS NOT NULL);

-- name: extra-numeric
-- Arguments: column three times, table.
SELECT count(%[1]s),
       count(TRY_CAST(%[2]s AS DOUBLE)) FILTER (WHERE isfinite(TRY_CAST(%[2]s AS DOUBLE))),
       count(*) FILTER (WHERE regexp_matches(%[3]s, '^[+-]?0[0-9]'))
FROM %[4]s;

-- name: load-meta-insert
INSERT INTO _next__load VALUES (?, ?, ?, ?, ?);

-- name: events-missing
-- Which of the given event names no loaded event has.
SELECT name FROM unnest(CAST(? AS VARCHAR[])) AS t(name)
WHERE name NOT IN (SELECT event FROM _next_events WHERE event IS NOT NULL)
ORDER BY name;

-- name: events-distinct
SELECT DISTINCT event FROM _next_events WHERE event IS NOT NULL ORDER BY event;

-- name: sources-insert
INSERT INTO _next__sources VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?);

-- name: rejects-temp-line-from-ord
-- JSON records and Parquet rows are numbered from 1 in file order.
-- Arguments: the file's first __ord, table, file.
UPDATE _rej_tmp SET line = ord - ? + 1 WHERE tbl = ? AND file = ? AND line IS NULL;

-- name: line-map-create
CREATE OR REPLACE TEMP TABLE _line_map (ord BIGINT, line BIGINT);

-- name: rejects-temp-line-apply
-- Arguments: table, file.
UPDATE _rej_tmp SET line = m.line FROM _line_map m
WHERE _rej_tmp.tbl = ? AND _rej_tmp.file = ? AND _rej_tmp.line IS NULL AND _rej_tmp.ord = m.ord;

-- name: fast-store
-- The fast path of a clean CSV file: DuckDB types the columns as it reads
-- them, text is stored as read, and __dirty marks a row with a value the
-- careful path would have cleaned (padding, case) or with a broken rule.
-- Checking as the rows stream past costs a fraction of a scan of the
-- stored, compressed table. Arguments: table identifier, the columns, the
-- reader, the condition of a dirty row.
CREATE TABLE %[1]s AS
SELECT *, %[4]s AS __dirty
FROM (SELECT %[2]s FROM %[3]s s);

-- name: fast-dirty
-- Arguments: table identifier.
SELECT count(*) FILTER (WHERE __dirty) FROM %[1]s;

-- name: fast-drop-flag
-- Arguments: table identifier.
ALTER TABLE %[1]s DROP COLUMN __dirty;

-- name: fast-scan
-- One pass over a table the fast path stored: how many values of each
-- column still need cleaning, and how many rows break a rule. Arguments:
-- table identifier, the counts.
SELECT %[2]s FROM %[1]s;

-- name: fast-clean
-- Cleans the few values stored untrimmed or in another case, as the
-- careful path would have. Arguments: table, column (identifiers), the
-- cleaned value, which values need it.
UPDATE %[1]s SET %[2]s = %[3]s WHERE %[4]s;

-- name: fast-whole
-- Whole numbers are read as DOUBLE so that 12.5 can be told from 12; once
-- checked they become BIGINT. Arguments: table, column (identifiers).
ALTER TABLE %[1]s ALTER %[2]s SET DATA TYPE BIGINT;

-- name: fast-duplicates
-- Arguments: key identifier, table identifier.
SELECT count(%[1]s) - count(DISTINCT %[1]s) FROM %[2]s;

-- name: fast-references
-- Arguments: table, column, referenced table, referenced key (identifiers).
SELECT count(*) FROM %[1]s t
ANTI JOIN %[3]s r ON t.%[2]s = r.%[4]s
WHERE t.%[2]s IS NOT NULL;

-- name: meta-create
-- The metadata of a load in progress, under staged names until the swap.
CREATE TABLE _next__load (
    loaded_at         TIMESTAMP,
    origin            VARCHAR,
    tool              VARCHAR,
    amount_basis      VARCHAR,   -- what deals.amount is: annual or contract
    high_value_pages  VARCHAR[]  -- the funnel's high-value pages; NULL: the default
);
CREATE TABLE _next__sources (
    "table"         VARCHAR,
    file            VARCHAR,
    format          VARCHAR,
    rows_read       BIGINT,
    rows_loaded     BIGINT,
    rows_rejected   BIGINT,
    columns         VARCHAR[],
    extras          VARCHAR[],
    ignored         VARCHAR[]
);
CREATE TABLE _next__rejects (
    "table"  VARCHAR,
    file     VARCHAR,
    line     BIGINT,
    "column" VARCHAR,
    value    VARCHAR,
    reason   VARCHAR
);

-- name: table-columns
SELECT column_name FROM duckdb_columns()
WHERE database_name = ? AND table_name = ? ORDER BY column_index;
