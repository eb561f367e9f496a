-- The only ways across tenants. Each function is SECURITY DEFINER (it runs as the schema owner, who
-- is not subject to row-level security), has a pinned search_path so a caller cannot shadow a table,
-- and does one narrow thing. EXECUTE is revoked from PUBLIC; `spyglass db bootstrap` grants it to
-- the application role only.

-- Authentication: an API key is found by the hash of its secret, before any tenant is known.
CREATE FUNCTION api_key_by_secret_hash(p_secret_hash text) RETURNS SETOF api_keys
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = spyglass, pg_temp
    AS $$ SELECT * FROM api_keys WHERE secret_hash = p_secret_hash $$;

-- Whether the instance is new (the first start creates a tenant).
CREATE FUNCTION tenant_count() RETURNS bigint
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = spyglass, pg_temp
    AS $$ SELECT count(*) FROM tenants $$;

-- The scheduler: due monitors, locked until the caller's transaction ends so two schedulers never
-- take the same one; the caller then moves each one's next check with reschedule_monitor.
CREATE FUNCTION claim_due_monitors(p_now timestamptz, p_limit integer) RETURNS SETOF monitors
    LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = spyglass, pg_temp
    AS $$
        SELECT * FROM monitors WHERE enabled AND next_check_at <= p_now
        ORDER BY next_check_at LIMIT p_limit FOR UPDATE SKIP LOCKED
    $$;

CREATE FUNCTION reschedule_monitor(p_id text, p_next timestamptz) RETURNS void
    LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = spyglass, pg_temp
    AS $$ UPDATE monitors SET next_check_at = p_next WHERE id = p_id $$;

-- The digest service: e-mail channels whose daily or weekly digest is due.
CREATE FUNCTION due_digest_channels(p_now timestamptz, p_limit integer) RETURNS SETOF channels
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = spyglass, pg_temp
    AS $$
        SELECT * FROM channels
        WHERE kind = 'email' AND enabled AND digest IS NOT NULL
          AND COALESCE(last_digest_at, created_at)
              + CASE digest WHEN 'weekly' THEN interval '7 days' ELSE interval '1 day' END <= p_now
        ORDER BY id LIMIT p_limit
    $$;

-- The job queue: workers take jobs of every tenant; each job then runs in its own tenant's context.
CREATE FUNCTION lease_job(p_owner text, p_now timestamptz, p_until timestamptz) RETURNS SETOF jobs
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = spyglass, pg_temp
    AS $$
    DECLARE
        candidate jobs;
    BEGIN
        LOOP
            SELECT * INTO candidate FROM jobs
            WHERE (status = 'queued' AND run_at <= p_now) OR (status = 'leased' AND leased_until <= p_now)
            ORDER BY run_at, id LIMIT 1
            FOR UPDATE SKIP LOCKED;
            IF NOT FOUND THEN
                RETURN;
            END IF;
            IF candidate.status = 'leased' AND candidate.attempts >= candidate.max_attempts THEN
                -- Its worker vanished during the last allowed attempt.
                UPDATE jobs SET status = 'dead', lease_owner = NULL, leased_until = NULL,
                    last_error = format('lease expired during attempt %s of %s', candidate.attempts,
                                        candidate.max_attempts),
                    updated_at = p_now, finished_at = p_now
                WHERE id = candidate.id;
                CONTINUE;
            END IF;
            RETURN QUERY
                UPDATE jobs SET status = 'leased', attempts = attempts + 1, lease_owner = p_owner,
                    leased_until = p_until, updated_at = p_now
                WHERE id = candidate.id
                RETURNING *;
            RETURN;
        END LOOP;
    END
    $$;

CREATE FUNCTION renew_job_lease(p_id text, p_owner text, p_now timestamptz, p_until timestamptz) RETURNS boolean
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = spyglass, pg_temp
    AS $$
    BEGIN
        UPDATE jobs SET leased_until = p_until, updated_at = p_now
        WHERE id = p_id AND status = 'leased' AND lease_owner = p_owner;
        RETURN FOUND;
    END
    $$;

CREATE FUNCTION complete_job(p_id text, p_owner text, p_now timestamptz) RETURNS void
    LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = spyglass, pg_temp
    AS $$
        UPDATE jobs SET status = 'succeeded', lease_owner = NULL, leased_until = NULL, updated_at = p_now,
            finished_at = p_now
        WHERE id = p_id AND status = 'leased' AND lease_owner = p_owner
    $$;

-- A failed attempt: queued again at p_retry_at, or dead when attempts are spent or p_retry_at is NULL.
CREATE FUNCTION fail_job(p_id text, p_owner text, p_error text, p_now timestamptz, p_retry_at timestamptz)
    RETURNS void
    LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = spyglass, pg_temp
    AS $$
        UPDATE jobs SET
            status = CASE WHEN p_retry_at IS NOT NULL AND attempts < max_attempts THEN 'queued' ELSE 'dead' END,
            run_at = CASE WHEN p_retry_at IS NOT NULL AND attempts < max_attempts THEN p_retry_at ELSE run_at END,
            finished_at = CASE WHEN p_retry_at IS NOT NULL AND attempts < max_attempts THEN NULL ELSE p_now END,
            lease_owner = NULL, leased_until = NULL, last_error = left(p_error, 1000), updated_at = p_now
        WHERE id = p_id AND status = 'leased' AND lease_owner = p_owner
    $$;

CREATE FUNCTION job_depth() RETURNS TABLE (status text, jobs bigint)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = spyglass, pg_temp
    AS $$ SELECT status, count(*) FROM jobs GROUP BY status $$;

-- The event relay: consumers read the log of every tenant in order.
CREATE FUNCTION events_after(p_seq bigint, p_limit integer) RETURNS SETOF events
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = spyglass, pg_temp
    AS $$ SELECT * FROM events WHERE seq > p_seq ORDER BY seq LIMIT p_limit $$;

REVOKE EXECUTE ON ALL FUNCTIONS IN SCHEMA spyglass FROM PUBLIC;
