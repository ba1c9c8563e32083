-- name: floor-load-csv
-- The floor of a load: DuckDB's own ingest of one file, types sniffed,
-- with none of leadlab's checks. Arguments: table identifier, path literal.
CREATE TABLE %[1]s AS SELECT * FROM read_csv(%[2]s);
