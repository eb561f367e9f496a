SET lock_timeout = '2s';
SET statement_timeout = '30s';

-- Snapshot ids are running out of int range.
ALTER TABLE changes ALTER COLUMN snapshot_id TYPE bigint;
