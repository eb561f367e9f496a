-- A short maintenance window on a small table, guarded by a lock timeout.
SET lock_timeout = '1s';
SET statement_timeout = '10s';

BEGIN;
LOCK TABLE plan_tiers IN SHARE ROW EXCLUSIVE MODE;
UPDATE plan_tiers SET position = position + 1 WHERE position >= 3;
INSERT INTO plan_tiers (code, name, position) VALUES ('team', 'Team', 3);
COMMIT;
