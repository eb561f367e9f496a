-- migrate: no-transaction
-- The pruning reads processed_events by age across tenants; built without blocking the consumers
-- that write it.
CREATE INDEX CONCURRENTLY IF NOT EXISTS processed_events_age ON processed_events (processed_at);
