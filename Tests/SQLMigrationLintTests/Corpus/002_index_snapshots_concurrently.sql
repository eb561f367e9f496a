-- Snapshots already holds millions of rows: build the index without blocking writes.
SET lock_timeout = '2s';
SET statement_timeout = 0;

CREATE INDEX CONCURRENTLY IF NOT EXISTS snapshots_monitor_captured_idx
    ON snapshots (monitor_id, captured_at DESC);
