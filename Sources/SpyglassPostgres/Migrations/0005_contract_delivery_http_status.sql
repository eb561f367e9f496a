-- lint: contract
-- Expand/contract, step 3 of 3, shipped once no running release reads or writes
-- last_status_code (`spyglass migrate lint --code Sources/SpyglassPostgres` checks that the code
-- no longer names it): stop syncing and drop the old column.

DROP TRIGGER deliveries_sync_http_status ON deliveries;

DROP FUNCTION deliveries_sync_http_status();

ALTER TABLE deliveries DROP COLUMN last_status_code;
