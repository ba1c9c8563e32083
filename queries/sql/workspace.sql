-- name: workspace-loaded
-- Whether a load has completed: the load metadata table exists and has a row.
SELECT count(*) FROM duckdb_tables() WHERE database_name = current_database() AND table_name = '_load';

-- name: rejects-list
SELECT "table", file, line, coalesce("column", ''), coalesce(value, ''), reason
FROM _rejects ORDER BY "table", file, line, "column" LIMIT ?;

-- name: rejects-count
SELECT count(*) FROM _rejects;

-- name: sources-list
SELECT "table", file, format, rows_read, rows_loaded, rows_rejected, columns, extras, ignored
FROM _sources ORDER BY rowid;

-- name: load-info
SELECT loaded_at, origin, tool FROM _load LIMIT 1;

-- name: load-settings-present
-- Whether the load recorded its settings: a workspace loaded by an older
-- leadlab has no such columns, and reads as the defaults.
SELECT count(*) FROM duckdb_columns()
WHERE database_name = current_database() AND table_name = '_load' AND column_name = 'amount_basis';

-- name: load-settings
SELECT coalesce(amount_basis, 'annual'), high_value_pages IS NOT NULL, coalesce(high_value_pages, []) FROM _load LIMIT 1;

-- name: table-ranges
-- Rows and time span of every canonical table. Tables without a time
-- column report no span.
SELECT 'accounts' AS t, count(*) AS n, NULL::TIMESTAMP AS lo, NULL::TIMESTAMP AS hi FROM accounts
UNION ALL SELECT 'leads', count(*), min(created_at), max(created_at) FROM leads
UNION ALL SELECT 'events', count(*), min(occurred_at), max(occurred_at) FROM events
UNION ALL SELECT 'deals', count(*), least(min(created_at), min(closed_at)), greatest(max(created_at), max(closed_at)) FROM deals
UNION ALL SELECT 'campaigns', count(*), NULL, NULL FROM campaigns
UNION ALL SELECT 'spend', count(*), min(date), max(date) FROM spend
UNION ALL SELECT 'nps', count(*), min(responded_at), max(responded_at) FROM nps;

-- name: deal-counts
-- Deals by kind and status, the first thing to compare with a CRM's own
-- pipeline report.
SELECT kind, status, count(*) FROM deals GROUP BY ALL ORDER BY kind, status;

-- name: column-types
SELECT column_name, data_type FROM duckdb_columns()
WHERE database_name = current_database() AND schema_name = 'main' AND table_name = ?;

-- name: function-exists
-- Whether DuckDB knows a function of this name (the SQL box's check).
SELECT count(*) > 0 FROM duckdb_functions() WHERE function_name = lower(?);
