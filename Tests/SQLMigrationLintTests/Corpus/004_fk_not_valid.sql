-- Step 1 of 2: the foreign key is enforced for new rows at once; old rows are
-- checked by 005 without blocking writes.
SET lock_timeout = '2s';
SET statement_timeout = '30s';

ALTER TABLE snapshots
    ADD CONSTRAINT snapshots_monitor_fk
    FOREIGN KEY (monitor_id) REFERENCES monitors (id) ON DELETE CASCADE
    NOT VALID;
