-- Resilient consumers. parked_events: events a consumer gave up on (or whose version it does not know), with
-- every failure, until an operator replays them; a row of the event's tenant, under row-level
-- security, reached across tenants only through the two functions below. processed_events: the
-- event ids an idempotent consumer has handled, written in the same transaction as its effect.

CREATE TABLE parked_events (
    id text PRIMARY KEY,
    tenant_id text NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    consumer text NOT NULL,
    event_seq bigint NOT NULL REFERENCES events (seq) ON DELETE CASCADE,
    attempts integer NOT NULL,
    reason text NOT NULL,
    -- JSON array of one-line failures, oldest first.
    history text NOT NULL DEFAULT '[]',
    replay_requested boolean NOT NULL DEFAULT false,
    parked_at timestamptz NOT NULL,
    UNIQUE (consumer, event_seq)
);
CREATE INDEX parked_events_tenant ON parked_events (tenant_id, parked_at);
CREATE INDEX parked_events_age ON parked_events (parked_at, event_seq);

CREATE TABLE processed_events (
    consumer text NOT NULL,
    event_id text NOT NULL,
    tenant_id text NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    processed_at timestamptz NOT NULL,
    PRIMARY KEY (consumer, event_id)
);
CREATE INDEX processed_events_tenant ON processed_events (tenant_id, processed_at);

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['parked_events', 'processed_events']
    LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY %I ON %I FOR SELECT USING (tenant_id = current_tenant())', t || '_select', t);
        EXECUTE format('CREATE POLICY %I ON %I FOR INSERT WITH CHECK (tenant_id = current_tenant())', t || '_insert', t);
        EXECUTE format('CREATE POLICY %I ON %I FOR UPDATE USING (tenant_id = current_tenant()) '
                       'WITH CHECK (tenant_id = current_tenant())', t || '_update', t);
        EXECUTE format('CREATE POLICY %I ON %I FOR DELETE USING (tenant_id = current_tenant())', t || '_delete', t);
    END LOOP;
END
$$;

-- Parked events of every tenant with their event, oldest first: of one consumer or (NULL) all,
-- and only those marked for replay when asked (what a consumer hands over at its next wakeup).
CREATE FUNCTION parked_events_of(p_consumer text, p_replay_only boolean)
    RETURNS TABLE (parked_id text, consumer text, attempts integer, reason text, history text,
                   parked_at timestamptz, seq bigint, id text, tenant_id text, type text, version integer,
                   subject_id text, occurred_at timestamptz, correlation_id text, causation_id text,
                   traceparent text, tracestate text, payload bytea)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = spyglass, pg_temp
    AS $$
        SELECT p.id, p.consumer, p.attempts, p.reason, p.history, p.parked_at, e.seq, e.id, e.tenant_id, e.type,
               e.version, e.subject_id, e.occurred_at, e.correlation_id, e.causation_id, e.traceparent,
               e.tracestate, e.payload
        FROM parked_events p JOIN events e ON e.seq = p.event_seq
        WHERE (p_consumer IS NULL OR p.consumer = p_consumer) AND (p.replay_requested OR NOT p_replay_only)
        ORDER BY p.parked_at, p.event_seq
    $$;

-- The operator's replay: marks one parked event (of any tenant) for its consumer; false when unknown.
CREATE FUNCTION request_parked_replay(p_id text) RETURNS boolean
    LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = spyglass, pg_temp
    AS $$
        WITH marked AS (UPDATE parked_events SET replay_requested = true WHERE id = p_id RETURNING 1)
        SELECT EXISTS (SELECT 1 FROM marked)
    $$;

REVOKE EXECUTE ON FUNCTION parked_events_of(text, boolean) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION request_parked_replay(text) FROM PUBLIC;
