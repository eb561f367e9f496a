SET lock_timeout = '2s';
SET statement_timeout = '30s';

ALTER TABLE changes
    ADD CONSTRAINT changes_snapshot_fk
    FOREIGN KEY (snapshot_id) REFERENCES snapshots (id);
