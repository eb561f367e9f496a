SET lock_timeout = '2s';
SET statement_timeout = 0;

BEGIN;
CREATE INDEX CONCURRENTLY deliveries_pending_idx ON deliveries (next_attempt_at) WHERE status = 'pending';
COMMIT;
