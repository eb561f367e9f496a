-- The dashboard's people. users: an e-mail address is one person on the whole instance (so signing
-- in needs no workspace name); passwords are stored as self-describing PBKDF2 hashes. sessions: keyed
-- by the SHA-256 of the cookie's secret, with the session's CSRF token. invites: keyed by the SHA-256
-- of the link's token. Tenant rows under row-level security like every other; the lookups made before
-- a tenant is known (setup, sign-in, a session cookie, an invitation link) are the narrow SECURITY
-- DEFINER functions below.

CREATE TABLE users (
    id text PRIMARY KEY,
    tenant_id text NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    email text NOT NULL UNIQUE,
    password_hash text NOT NULL,
    role text NOT NULL CHECK (role IN ('owner', 'admin', 'member', 'viewer')),
    created_at timestamptz NOT NULL,
    UNIQUE (tenant_id, id)
);

CREATE TABLE sessions (
    id text PRIMARY KEY,
    tenant_id text NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    user_id text NOT NULL,
    csrf_token text NOT NULL,
    created_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL,
    revoked_at timestamptz,
    FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX sessions_user ON sessions (tenant_id, user_id);

CREATE TABLE invites (
    id text PRIMARY KEY,
    tenant_id text NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    email text NOT NULL,
    role text NOT NULL CHECK (role IN ('owner', 'admin', 'member', 'viewer')),
    token_hash text NOT NULL UNIQUE,
    created_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL,
    accepted_at timestamptz,
    UNIQUE (tenant_id, id)
);

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['users', 'sessions', 'invites']
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

-- Whether the setup page is open (no person on the instance yet).
CREATE FUNCTION user_count() RETURNS bigint
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = spyglass, pg_temp
    AS $$ SELECT count(*) FROM users $$;

-- The workspace the setup page gives its first owner: the oldest one.
CREATE FUNCTION first_tenant() RETURNS SETOF tenants
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = spyglass, pg_temp
    AS $$ SELECT * FROM tenants ORDER BY created_at, id LIMIT 1 $$;

-- The instance's first person, only while there is none: a transaction-scoped advisory lock makes
-- two setups at once queue, and the second finds the first one's owner and inserts nothing.
CREATE FUNCTION insert_first_user(p_id text, p_tenant_id text, p_email text, p_password_hash text, p_role text,
                                  p_created_at timestamptz) RETURNS boolean
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = spyglass, pg_temp
    AS $$
    BEGIN
        PERFORM pg_advisory_xact_lock(hashtext('spyglass.insert_first_user'));
        IF EXISTS (SELECT 1 FROM users) THEN
            RETURN false;
        END IF;
        INSERT INTO users (id, tenant_id, email, password_hash, role, created_at)
        VALUES (p_id, p_tenant_id, p_email, p_password_hash, p_role, p_created_at);
        RETURN true;
    END
    $$;

-- Sign-in: a person by e-mail address, before the workspace is known.
CREATE FUNCTION user_by_email(p_email text) RETURNS SETOF users
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = spyglass, pg_temp
    AS $$ SELECT * FROM users WHERE email = p_email $$;

-- A request's session cookie: the session by the hash of its secret.
CREATE FUNCTION session_by_id(p_id text) RETURNS SETOF sessions
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = spyglass, pg_temp
    AS $$ SELECT * FROM sessions WHERE id = p_id $$;

-- An invitation link: the invitation by the hash of its token.
CREATE FUNCTION invite_by_token_hash(p_token_hash text) RETURNS SETOF invites
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = spyglass, pg_temp
    AS $$ SELECT * FROM invites WHERE token_hash = p_token_hash $$;

REVOKE EXECUTE ON FUNCTION user_count() FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION first_tenant() FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION insert_first_user(text, text, text, text, text, timestamptz) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION user_by_email(text) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION session_by_id(text) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION invite_by_token_hash(text) FROM PUBLIC;
