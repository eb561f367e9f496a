import SQLiteNIO
import SpyglassPorts

/// The embedded schema, as an ordered list of migrations recorded in
/// `schema_migrations`. Applied migrations are never edited: add a new one.
enum EmbeddedSchema {
    static let migrations: [(version: Int, sql: [String])] = [
        (1, [
            """
            CREATE TABLE tenants (
                id TEXT PRIMARY KEY, name TEXT NOT NULL, created_at REAL NOT NULL)
            """,
            """
            CREATE TABLE api_keys (
                id TEXT PRIMARY KEY,
                tenant_id TEXT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
                name TEXT NOT NULL, role TEXT NOT NULL, display_prefix TEXT NOT NULL,
                secret_hash TEXT NOT NULL UNIQUE, created_at REAL NOT NULL)
            """,
            """
            CREATE TABLE competitors (
                id TEXT PRIMARY KEY,
                tenant_id TEXT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
                name TEXT NOT NULL, website TEXT, tags TEXT NOT NULL,
                created_at REAL NOT NULL, updated_at REAL NOT NULL)
            """,
            "CREATE INDEX competitors_tenant ON competitors(tenant_id, id)",
            """
            CREATE TABLE monitors (
                id TEXT PRIMARY KEY,
                tenant_id TEXT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
                competitor_id TEXT NOT NULL REFERENCES competitors(id) ON DELETE CASCADE,
                url TEXT NOT NULL, kind TEXT NOT NULL, selector TEXT,
                interval_seconds INTEGER NOT NULL, enabled INTEGER NOT NULL,
                next_check_at REAL NOT NULL, last_checked_at REAL,
                etag TEXT, last_modified TEXT, last_snapshot_id TEXT,
                created_at REAL NOT NULL, updated_at REAL NOT NULL)
            """,
            "CREATE INDEX monitors_tenant ON monitors(tenant_id, id)",
            "CREATE INDEX monitors_due ON monitors(enabled, next_check_at)",
            """
            CREATE TABLE contents (
                tenant_id TEXT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
                hash TEXT NOT NULL, byte_count INTEGER NOT NULL, compressed BLOB NOT NULL,
                PRIMARY KEY (tenant_id, hash))
            """,
            """
            CREATE TABLE snapshots (
                id TEXT PRIMARY KEY,
                tenant_id TEXT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
                monitor_id TEXT NOT NULL REFERENCES monitors(id) ON DELETE CASCADE,
                content_hash TEXT NOT NULL, byte_count INTEGER NOT NULL, captured_at REAL NOT NULL)
            """,
            "CREATE INDEX snapshots_monitor ON snapshots(tenant_id, monitor_id, id)",
            """
            CREATE TABLE changes (
                id TEXT PRIMARY KEY,
                tenant_id TEXT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
                monitor_id TEXT NOT NULL REFERENCES monitors(id) ON DELETE CASCADE,
                competitor_id TEXT NOT NULL,
                previous_snapshot_id TEXT NOT NULL, snapshot_id TEXT NOT NULL,
                added TEXT NOT NULL, removed TEXT NOT NULL, diff TEXT NOT NULL, summary TEXT NOT NULL,
                detected_at REAL NOT NULL)
            """,
            "CREATE INDEX changes_tenant ON changes(tenant_id, id)",
            "CREATE INDEX changes_monitor ON changes(tenant_id, monitor_id, id)",
            """
            CREATE TABLE check_runs (
                id TEXT PRIMARY KEY,
                tenant_id TEXT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
                monitor_id TEXT NOT NULL REFERENCES monitors(id) ON DELETE CASCADE,
                job_id TEXT, outcome TEXT NOT NULL, error_code TEXT, reason TEXT,
                snapshot_id TEXT, change_id TEXT, started_at REAL NOT NULL, finished_at REAL NOT NULL)
            """,
            "CREATE INDEX check_runs_monitor ON check_runs(tenant_id, monitor_id, id)",
            """
            CREATE TABLE channels (
                id TEXT PRIMARY KEY,
                tenant_id TEXT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
                kind TEXT NOT NULL, name TEXT NOT NULL, url TEXT NOT NULL, secret TEXT NOT NULL,
                enabled INTEGER NOT NULL, created_at REAL NOT NULL, updated_at REAL NOT NULL)
            """,
            "CREATE INDEX channels_tenant ON channels(tenant_id, id)",
            """
            CREATE TABLE deliveries (
                id TEXT PRIMARY KEY,
                tenant_id TEXT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
                channel_id TEXT NOT NULL REFERENCES channels(id) ON DELETE CASCADE,
                change_id TEXT, event_id TEXT NOT NULL UNIQUE, event_type TEXT NOT NULL,
                status TEXT NOT NULL, attempts INTEGER NOT NULL, last_error TEXT, last_status_code INTEGER,
                next_attempt_at REAL, created_at REAL NOT NULL, updated_at REAL NOT NULL)
            """,
            "CREATE INDEX deliveries_tenant ON deliveries(tenant_id, id)",
            """
            CREATE TABLE delivery_attempts (
                delivery_id TEXT NOT NULL REFERENCES deliveries(id) ON DELETE CASCADE,
                number INTEGER NOT NULL, attempted_at REAL NOT NULL, status_code INTEGER, error TEXT,
                duration_ms INTEGER NOT NULL,
                PRIMARY KEY (delivery_id, number))
            """,
            """
            CREATE TABLE jobs (
                id TEXT PRIMARY KEY,
                tenant_id TEXT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
                kind TEXT NOT NULL, subject_id TEXT NOT NULL, status TEXT NOT NULL,
                attempts INTEGER NOT NULL, max_attempts INTEGER NOT NULL, run_at REAL NOT NULL,
                leased_until REAL, lease_owner TEXT, last_error TEXT, dedupe_key TEXT,
                created_at REAL NOT NULL, updated_at REAL NOT NULL, finished_at REAL)
            """,
            "CREATE INDEX jobs_ready ON jobs(status, run_at)",
            "CREATE INDEX jobs_tenant ON jobs(tenant_id, id)",
            "CREATE UNIQUE INDEX jobs_dedupe ON jobs(dedupe_key) WHERE status IN ('queued', 'leased')",
            """
            CREATE TABLE events (
                seq INTEGER PRIMARY KEY AUTOINCREMENT,
                id TEXT NOT NULL UNIQUE, type TEXT NOT NULL, tenant_id TEXT NOT NULL,
                subject_id TEXT NOT NULL, occurred_at REAL NOT NULL, payload BLOB NOT NULL)
            """,
            """
            CREATE TABLE event_consumers (consumer TEXT PRIMARY KEY, position INTEGER NOT NULL)
            """,
        ]),
        // Intelligence: noise rules and history per monitor, facts per snapshot,
        // category/significance/deltas per change, suppressed noise per check.
        (2, [
            "ALTER TABLE monitors ADD COLUMN noise_rules TEXT",
            "ALTER TABLE monitors ADD COLUMN pinned_category TEXT",
            "ALTER TABLE monitors ADD COLUMN significance_threshold INTEGER NOT NULL DEFAULT 0",
            "ALTER TABLE monitors ADD COLUMN version_history TEXT",
            "ALTER TABLE snapshots ADD COLUMN facts TEXT NOT NULL DEFAULT '{}'",
            "ALTER TABLE changes ADD COLUMN category TEXT",
            "ALTER TABLE changes ADD COLUMN confidence REAL",
            "ALTER TABLE changes ADD COLUMN significance INTEGER NOT NULL DEFAULT 0",
            "ALTER TABLE changes ADD COLUMN reasons TEXT NOT NULL DEFAULT '[]'",
            "ALTER TABLE changes ADD COLUMN deltas TEXT NOT NULL DEFAULT '[]'",
            "ALTER TABLE changes ADD COLUMN suppressed TEXT NOT NULL DEFAULT '[]'",
            "ALTER TABLE check_runs ADD COLUMN suppressed TEXT NOT NULL DEFAULT '[]'",
            "CREATE INDEX changes_category ON changes(tenant_id, category, id)",
        ]),
        // Routing rules per channel (categories, minimum significance, competitors, tags).
        (3, [
            "ALTER TABLE channels ADD COLUMN routing TEXT",
        ]),
        // E-mail digests.
        (4, [
            "ALTER TABLE channels ADD COLUMN digest TEXT",
            "ALTER TABLE channels ADD COLUMN last_digest_at REAL",
        ]),
        // Exclude selectors per monitor.
        (5, [
            "ALTER TABLE monitors ADD COLUMN exclude_selectors TEXT NOT NULL DEFAULT '[]'",
        ]),
        // De-duplication keys are per tenant (as in PostgreSQL).
        (6, [
            "DROP INDEX jobs_dedupe",
            "CREATE UNIQUE INDEX jobs_dedupe ON jobs(tenant_id, dedupe_key) WHERE status IN ('queued', 'leased')",
        ]),
        // Resilient messaging: the event envelope; failures counted per consumer (they survive a
        // restart); parked events; events processed by idempotent consumers; weekly activity.
        (7, [
            "ALTER TABLE events ADD COLUMN version INTEGER NOT NULL DEFAULT 1",
            "ALTER TABLE events ADD COLUMN correlation_id TEXT",
            "ALTER TABLE events ADD COLUMN causation_id TEXT",
            "ALTER TABLE events ADD COLUMN traceparent TEXT",
            "ALTER TABLE events ADD COLUMN tracestate TEXT",
            "ALTER TABLE event_consumers ADD COLUMN failing_seq INTEGER",
            "ALTER TABLE event_consumers ADD COLUMN failures TEXT NOT NULL DEFAULT '[]'",
            """
            CREATE TABLE parked_events (
                id TEXT PRIMARY KEY, consumer TEXT NOT NULL,
                event_seq INTEGER NOT NULL REFERENCES events(seq) ON DELETE CASCADE,
                attempts INTEGER NOT NULL, reason TEXT NOT NULL, history TEXT NOT NULL,
                replay INTEGER NOT NULL DEFAULT 0, parked_at REAL NOT NULL,
                UNIQUE (consumer, event_seq))
            """,
            "CREATE INDEX parked_events_age ON parked_events(parked_at, event_seq)",
            """
            CREATE TABLE processed_events (
                consumer TEXT NOT NULL, event_id TEXT NOT NULL,
                tenant_id TEXT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
                processed_at REAL NOT NULL,
                PRIMARY KEY (consumer, event_id))
            """,
            """
            CREATE TABLE competitor_activity (
                tenant_id TEXT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
                competitor_id TEXT NOT NULL REFERENCES competitors(id) ON DELETE CASCADE,
                week_start TEXT NOT NULL, category TEXT NOT NULL,
                changes INTEGER NOT NULL, significant_changes INTEGER NOT NULL,
                PRIMARY KEY (tenant_id, competitor_id, week_start, category))
            """,
            "CREATE INDEX competitor_activity_week ON competitor_activity(tenant_id, week_start)",
        ]),
        // The dashboard's people: users (an e-mail address is one person on the instance), their
        // sessions (keyed by the hash of the cookie's secret) and invitations (by the hash of the token).
        (8, [
            """
            CREATE TABLE users (
                id TEXT PRIMARY KEY,
                tenant_id TEXT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
                email TEXT NOT NULL UNIQUE, password_hash TEXT NOT NULL, role TEXT NOT NULL,
                created_at REAL NOT NULL)
            """,
            "CREATE INDEX users_tenant ON users(tenant_id, id)",
            """
            CREATE TABLE sessions (
                id TEXT PRIMARY KEY,
                tenant_id TEXT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
                user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                csrf_token TEXT NOT NULL, created_at REAL NOT NULL, expires_at REAL NOT NULL, revoked_at REAL)
            """,
            "CREATE INDEX sessions_user ON sessions(tenant_id, user_id)",
            """
            CREATE TABLE invites (
                id TEXT PRIMARY KEY,
                tenant_id TEXT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
                email TEXT NOT NULL, role TEXT NOT NULL, token_hash TEXT NOT NULL UNIQUE,
                created_at REAL NOT NULL, expires_at REAL NOT NULL, accepted_at REAL)
            """,
            "CREATE INDEX invites_tenant ON invites(tenant_id, id)",
            "CREATE INDEX api_keys_tenant ON api_keys(tenant_id, id)",
        ]),
        // Feedback on changes: one current verdict per author (a user or an API key) per change.
        (9, [
            "CREATE UNIQUE INDEX changes_tenant_id ON changes(tenant_id, id)",
            """
            CREATE TABLE change_feedback (
                tenant_id TEXT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
                change_id TEXT NOT NULL,
                author_kind TEXT NOT NULL CHECK (author_kind IN ('user', 'api_key')),
                author_id TEXT NOT NULL,
                verdict TEXT NOT NULL CHECK (verdict IN ('useful', 'noise', 'acted_on')),
                created_at REAL NOT NULL,
                PRIMARY KEY (tenant_id, change_id, author_kind, author_id),
                FOREIGN KEY (tenant_id, change_id) REFERENCES changes(tenant_id, id) ON DELETE CASCADE)
            """,
            "CREATE INDEX changes_detected ON changes(tenant_id, detected_at)",
            "CREATE INDEX deliveries_change ON deliveries(tenant_id, change_id)",
        ]),
        // "Most significant first" over all of a workspace's changes.
        (10, ["CREATE INDEX changes_ranked ON changes(tenant_id, significance DESC, id DESC)"]),
        // Housekeeping forgets old handled-event ids by age.
        (11, ["CREATE INDEX processed_events_age ON processed_events(processed_at)"]),
    ]

    static func migrate(_ database: EmbeddedDatabase) async throws {
        try await database.write { session in
            try await session.execute(
                "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at REAL NOT NULL)")
            let rows = try await session.query("SELECT COALESCE(MAX(version), 0) AS v FROM schema_migrations")
            let current = rows.first?.column("v")?.integer ?? 0
            for migration in migrations where migration.version > current {
                for statement in migration.sql {
                    try await session.execute(statement)
                }
                try await session.execute(
                    "INSERT INTO schema_migrations (version, applied_at) VALUES (?, strftime('%s','now'))",
                    [.integer(migration.version)])
            }
        }
    }
}
