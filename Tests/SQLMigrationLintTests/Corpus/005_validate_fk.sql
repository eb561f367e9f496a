-- Step 2 of 2: VALIDATE takes only a SHARE UPDATE EXCLUSIVE lock.
SET lock_timeout = '2s';
SET statement_timeout = 0;

ALTER TABLE snapshots VALIDATE CONSTRAINT snapshots_monitor_fk;
