-- name: profiles-create
-- The profiles: each lead's and account's columns with the derived attributes
-- of the README's Data format. Built with the staged tables and swapped in
-- with them, so they always follow the loaded data; tables, not views,
-- because every analysis reads them and the title and email patterns cost a
-- second a read at a million leads. Arguments: the lead and the account
-- attributes, built by profileTables from DerivedColumns (derived.go), which
-- the exported scoring view shares.
CREATE TABLE _next_lead_profile AS
SELECT l.*,
    %s
FROM _next_leads l;
CREATE TABLE _next_account_profile AS
SELECT a.*,
    %s
FROM _next_accounts a;

-- name: profiles-existing
-- The profiles the dataset being replaced has, and whether each is a table
-- or (in a workspace from before they were tables) a view.
SELECT view_name, 'VIEW' FROM duckdb_views()
WHERE database_name = current_database() AND NOT internal AND view_name IN ('lead_profile', 'account_profile')
UNION ALL
SELECT table_name, 'TABLE' FROM duckdb_tables()
WHERE database_name = current_database() AND table_name IN ('lead_profile', 'account_profile');
