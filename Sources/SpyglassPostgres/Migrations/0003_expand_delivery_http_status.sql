-- Expand/contract, step 1 of 3 (docs/MIGRATIONS.md): deliveries.last_status_code becomes
-- last_http_status ("status" alone is ambiguous next to the delivery's own status).
-- Expand: add the new column and keep both columns equal on every write, so the release
-- still reading/writing last_status_code and the release using last_http_status run side by side.

ALTER TABLE deliveries ADD COLUMN last_http_status integer;

CREATE FUNCTION deliveries_sync_http_status() RETURNS trigger
    LANGUAGE plpgsql SET search_path = spyglass, pg_temp
    AS $$
    BEGIN
        IF TG_OP = 'INSERT' THEN
            NEW.last_http_status := COALESCE(NEW.last_http_status, NEW.last_status_code);
            NEW.last_status_code := COALESCE(NEW.last_status_code, NEW.last_http_status);
        ELSIF NEW.last_http_status IS DISTINCT FROM OLD.last_http_status THEN
            NEW.last_status_code := NEW.last_http_status;
        ELSIF NEW.last_status_code IS DISTINCT FROM OLD.last_status_code THEN
            NEW.last_http_status := NEW.last_status_code;
        END IF;
        RETURN NEW;
    END
    $$;

CREATE TRIGGER deliveries_sync_http_status BEFORE INSERT OR UPDATE ON deliveries
    FOR EACH ROW EXECUTE FUNCTION deliveries_sync_http_status();
