-- migrate: backfill table=deliveries key=id key-type=text batch=1000 pause-ms=20
-- Expand/contract, step 2 of 3: copy the old column into the new one for rows written before
-- step 1, in short batches by key range ($1 < id <= $2), resumable (docs/MIGRATIONS.md).
UPDATE deliveries SET last_http_status = last_status_code
WHERE id > $1 AND id <= $2 AND last_http_status IS NULL AND last_status_code IS NOT NULL
