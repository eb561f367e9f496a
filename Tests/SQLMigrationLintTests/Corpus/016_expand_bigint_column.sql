-- Expand step for widening changes.snapshot_id: a new column kept in sync by a
-- trigger; a back-fill job copies old rows in batches.
SET lock_timeout = '2s';
SET statement_timeout = '30s';

ALTER TABLE changes ADD COLUMN snapshot_id_v2 bigint;

CREATE OR REPLACE FUNCTION changes_sync_snapshot_id() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    -- Keep both columns equal until the contract step; the ';' here must not split.
    NEW.snapshot_id_v2 := NEW.snapshot_id;
    RETURN NEW;
END;
$$;

CREATE TRIGGER changes_sync_snapshot_id
    BEFORE INSERT OR UPDATE ON changes
    FOR EACH ROW EXECUTE FUNCTION changes_sync_snapshot_id();
