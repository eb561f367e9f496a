-- Housekeeping: forgets the ids of handled events recorded before a cutoff, of every tenant,
-- a bounded batch at a time (the caller repeats while a batch comes back full).
CREATE FUNCTION prune_processed_events(p_before timestamptz, p_limit integer) RETURNS integer
    LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = spyglass, pg_temp
    AS $$
        WITH gone AS (
            DELETE FROM processed_events
            WHERE (consumer, event_id) IN (
                SELECT consumer, event_id FROM processed_events
                WHERE processed_at < p_before ORDER BY processed_at LIMIT p_limit)
            RETURNING 1)
        SELECT count(*)::integer FROM gone
    $$;

REVOKE EXECUTE ON FUNCTION prune_processed_events(timestamptz, integer) FROM PUBLIC;
