-- name: floor-actions
-- The floor of the actions report: a bare count of each lead's events by
-- name, kept in memory as actions-event-counts keeps its own.
CREATE OR REPLACE TABLE derived.floor_event_counts AS
SELECT lead_id, event, count(*) AS n
FROM events
GROUP BY lead_id, event;
