-- The queue's age for metrics: when the longest-waiting due job became due. Cross-tenant (the
-- queue is shared), hence a SECURITY DEFINER function like the others of 0002; it returns one
-- time, nothing of any tenant's rows.
CREATE FUNCTION oldest_ready_job_at(p_now timestamptz) RETURNS timestamptz
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = spyglass, pg_temp
    AS $$ SELECT min(run_at) FROM jobs WHERE status = 'queued' AND run_at <= p_now $$;

REVOKE EXECUTE ON FUNCTION oldest_ready_job_at(timestamptz) FROM PUBLIC;
