-- The baseline schema. Every tenant-owned table:
--   * has tenant_id NOT NULL with a foreign key to tenants and a unique index leading with it;
--   * refers to its parents by (tenant_id, parent_id), so a row can never point into another tenant;
--   * has ENABLE + FORCE ROW LEVEL SECURITY and one policy per command on app.tenant_id.
-- With app.tenant_id unset every policy compares with NULL: nothing is visible (fail closed).
-- Cross-tenant work (authentication, the scheduler, the job queue, the event relay) goes through the
-- SECURITY DEFINER functions of 0002, never through a role that bypasses these policies.

CREATE FUNCTION current_tenant() RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$ SELECT NULLIF(current_setting('app.tenant_id', true), '') $$;

CREATE TABLE tenants (
    id text PRIMARY KEY CHECK (id <> ''),
    name text NOT NULL,
    created_at timestamptz NOT NULL
);

CREATE TABLE api_keys (
    id text PRIMARY KEY,
    tenant_id text NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    name text NOT NULL,
    role text NOT NULL,
    display_prefix text NOT NULL,
    secret_hash text NOT NULL UNIQUE,
    created_at timestamptz NOT NULL,
    UNIQUE (tenant_id, id)
);

CREATE TABLE competitors (
    id text PRIMARY KEY,
    tenant_id text NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    name text NOT NULL,
    website text,
    tags text NOT NULL,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    UNIQUE (tenant_id, id)
);

CREATE TABLE monitors (
    id text PRIMARY KEY,
    tenant_id text NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    competitor_id text NOT NULL,
    url text NOT NULL,
    kind text NOT NULL,
    selector text,
    interval_seconds integer NOT NULL,
    enabled boolean NOT NULL,
    next_check_at timestamptz NOT NULL,
    last_checked_at timestamptz,
    etag text,
    last_modified text,
    last_snapshot_id text,
    noise_rules text,
    pinned_category text,
    significance_threshold integer NOT NULL DEFAULT 0,
    version_history text,
    exclude_selectors text NOT NULL DEFAULT '[]',
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    UNIQUE (tenant_id, id),
    FOREIGN KEY (tenant_id, competitor_id) REFERENCES competitors (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX monitors_due ON monitors (next_check_at) WHERE enabled;
CREATE INDEX monitors_competitor ON monitors (tenant_id, competitor_id, id);

CREATE TABLE contents (
    tenant_id text NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    hash text NOT NULL,
    byte_count integer NOT NULL,
    compressed bytea NOT NULL,
    PRIMARY KEY (tenant_id, hash)
);

CREATE TABLE snapshots (
    id text PRIMARY KEY,
    tenant_id text NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    monitor_id text NOT NULL,
    content_hash text NOT NULL,
    byte_count integer NOT NULL,
    captured_at timestamptz NOT NULL,
    facts text NOT NULL DEFAULT '{}',
    UNIQUE (tenant_id, id),
    FOREIGN KEY (tenant_id, monitor_id) REFERENCES monitors (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX snapshots_monitor ON snapshots (tenant_id, monitor_id, id);

CREATE TABLE changes (
    id text PRIMARY KEY,
    tenant_id text NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    monitor_id text NOT NULL,
    competitor_id text NOT NULL,
    previous_snapshot_id text NOT NULL,
    snapshot_id text NOT NULL,
    added text NOT NULL,
    removed text NOT NULL,
    diff text NOT NULL,
    summary text NOT NULL,
    detected_at timestamptz NOT NULL,
    category text,
    confidence double precision,
    significance integer NOT NULL DEFAULT 0,
    reasons text NOT NULL DEFAULT '[]',
    deltas text NOT NULL DEFAULT '[]',
    suppressed text NOT NULL DEFAULT '[]',
    UNIQUE (tenant_id, id),
    FOREIGN KEY (tenant_id, monitor_id) REFERENCES monitors (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX changes_monitor ON changes (tenant_id, monitor_id, id);
CREATE INDEX changes_competitor ON changes (tenant_id, competitor_id, id);
CREATE INDEX changes_category ON changes (tenant_id, category, id);

CREATE TABLE check_runs (
    id text PRIMARY KEY,
    tenant_id text NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    monitor_id text NOT NULL,
    job_id text,
    outcome text NOT NULL,
    error_code text,
    reason text,
    snapshot_id text,
    change_id text,
    suppressed text NOT NULL DEFAULT '[]',
    started_at timestamptz NOT NULL,
    finished_at timestamptz NOT NULL,
    UNIQUE (tenant_id, id),
    FOREIGN KEY (tenant_id, monitor_id) REFERENCES monitors (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX check_runs_monitor ON check_runs (tenant_id, monitor_id, id);

CREATE TABLE channels (
    id text PRIMARY KEY,
    tenant_id text NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    kind text NOT NULL,
    name text NOT NULL,
    url text NOT NULL,
    secret text NOT NULL,
    enabled boolean NOT NULL,
    routing text,
    digest text,
    last_digest_at timestamptz,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    UNIQUE (tenant_id, id)
);
CREATE INDEX channels_digest ON channels (id) WHERE kind = 'email' AND enabled AND digest IS NOT NULL;

CREATE TABLE deliveries (
    id text PRIMARY KEY,
    tenant_id text NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    channel_id text NOT NULL,
    change_id text,
    event_id text NOT NULL UNIQUE,
    event_type text NOT NULL,
    status text NOT NULL,
    attempts integer NOT NULL,
    last_error text,
    last_status_code integer,
    next_attempt_at timestamptz,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    UNIQUE (tenant_id, id),
    FOREIGN KEY (tenant_id, channel_id) REFERENCES channels (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX deliveries_channel ON deliveries (tenant_id, channel_id, id);
CREATE INDEX deliveries_change ON deliveries (tenant_id, change_id, id);

CREATE TABLE delivery_attempts (
    tenant_id text NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    delivery_id text NOT NULL,
    number integer NOT NULL,
    attempted_at timestamptz NOT NULL,
    status_code integer,
    error text,
    duration_ms integer NOT NULL,
    PRIMARY KEY (tenant_id, delivery_id, number),
    FOREIGN KEY (tenant_id, delivery_id) REFERENCES deliveries (tenant_id, id) ON DELETE CASCADE
);

CREATE TABLE jobs (
    id text PRIMARY KEY,
    tenant_id text NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    kind text NOT NULL,
    subject_id text NOT NULL,
    status text NOT NULL,
    attempts integer NOT NULL,
    max_attempts integer NOT NULL,
    run_at timestamptz NOT NULL,
    leased_until timestamptz,
    lease_owner text,
    last_error text,
    dedupe_key text,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    finished_at timestamptz,
    UNIQUE (tenant_id, id)
);
CREATE INDEX jobs_ready ON jobs (run_at, id) WHERE status = 'queued';
CREATE INDEX jobs_leased ON jobs (leased_until) WHERE status = 'leased';
CREATE INDEX jobs_tenant_status ON jobs (tenant_id, status, id);
CREATE UNIQUE INDEX jobs_dedupe ON jobs (tenant_id, dedupe_key) WHERE status IN ('queued', 'leased');

CREATE TABLE events (
    seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id text NOT NULL UNIQUE,
    tenant_id text NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    type text NOT NULL,
    subject_id text NOT NULL,
    occurred_at timestamptz NOT NULL,
    payload bytea NOT NULL
);
CREATE INDEX events_tenant ON events (tenant_id, seq);

-- Read positions of event consumers: service state, not tenant data.
CREATE TABLE event_consumers (
    consumer text PRIMARY KEY,
    position bigint NOT NULL
);

-- Row-level security, the same four policies on every tenant-owned table.
DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['api_keys', 'competitors', 'monitors', 'contents', 'snapshots', 'changes',
                             'check_runs', 'channels', 'deliveries', 'delivery_attempts', 'jobs', 'events']
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

-- The tenants table is keyed by id: a tenant sees (and creates) only itself.
ALTER TABLE tenants ENABLE ROW LEVEL SECURITY;
ALTER TABLE tenants FORCE ROW LEVEL SECURITY;
CREATE POLICY tenants_select ON tenants FOR SELECT USING (id = current_tenant());
CREATE POLICY tenants_insert ON tenants FOR INSERT WITH CHECK (id = current_tenant());
CREATE POLICY tenants_update ON tenants FOR UPDATE USING (id = current_tenant()) WITH CHECK (id = current_tenant());
CREATE POLICY tenants_delete ON tenants FOR DELETE USING (id = current_tenant());
