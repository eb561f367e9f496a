-- migrate: no-transaction
-- "Most significant first" over all of a workspace's changes, built without
-- blocking writes to changes. An invalid index left by an interrupted build is
-- found and rebuilt by the migrator (docs/POSTGRES.md).
CREATE INDEX CONCURRENTLY IF NOT EXISTS changes_ranked ON changes (tenant_id, significance DESC, id DESC);
