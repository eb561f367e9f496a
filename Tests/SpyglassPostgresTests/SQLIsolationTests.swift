import PostgresNIO
import PostgresTestSupport
import SpyglassPostgres
import Testing

/// Row-level security tried as an attacker holding the application role's password would:
/// plain SQL, no application code in between.
@Suite("Isolation in SQL", .enabled(if: postgresConfigured, "\(TestPostgresServer.skipMessage)"))
struct SQLIsolationTests {
    /// Two tenants with a competitor, monitor, change and channel each, written as the application role.
    static func seed(_ connection: PostgresConnection) async throws {
        for tenant in ["ten_a", "ten_b"] {
            try await connection.run("BEGIN")
            try await connection.run("SELECT set_config('app.tenant_id', '\(tenant)', true)")
            try await connection.run("INSERT INTO tenants VALUES ('\(tenant)', '\(tenant)', now())")
            try await connection.run("""
                INSERT INTO api_keys VALUES ('key_\(tenant)', '\(tenant)', 'owner', 'owner', 'sg_', 'hash_\(tenant)', now())
                """)
            try await connection.run(
                "INSERT INTO competitors VALUES ('cmp_\(tenant)', '\(tenant)', 'Rival', NULL, '[]', now(), now())")
            try await connection.run("""
                INSERT INTO monitors (id, tenant_id, competitor_id, url, kind, interval_seconds, enabled, next_check_at,
                    created_at, updated_at)
                VALUES ('mon_\(tenant)', '\(tenant)', 'cmp_\(tenant)', 'https://rival.example', 'html', 3600, true,
                    now(), now(), now())
                """)
            try await connection.run("""
                INSERT INTO changes (id, tenant_id, monitor_id, competitor_id, previous_snapshot_id, snapshot_id, added,
                    removed, diff, summary, detected_at)
                VALUES ('chg_\(tenant)', '\(tenant)', 'mon_\(tenant)', 'cmp_\(tenant)', 's1', 's2', '[]', '[]', '', 'x', now())
                """)
            try await connection.run("""
                INSERT INTO channels (id, tenant_id, kind, name, url, secret, enabled, created_at, updated_at)
                VALUES ('chn_\(tenant)', '\(tenant)', 'webhook', 'hook', 'https://hooks.example', 's', true, now(), now())
                """)
            try await connection.run("COMMIT")
        }
    }

    static let tables = ["tenants", "competitors", "monitors", "changes", "channels", "change_feed"]

    @Test("without app.tenant_id nothing is visible and nothing can be written")
    func failsClosed() async throws {
        try await withTestDatabase { db in
            try await db.withConnection(as: db.appURL) { connection in
                try await Self.seed(connection)
                for table in Self.tables {
                    let visible = try await connection.count("SELECT count(*) FROM \(table)")
                    #expect(visible == 0, "\(table) leaks")
                }
                #expect(await connection.failure(
                    "INSERT INTO competitors VALUES ('cmp_x', 'ten_a', 'X', NULL, '[]', now(), now())") == "42501")
                #expect(try await connection.count(
                    "WITH d AS (DELETE FROM competitors RETURNING 1) SELECT count(*) FROM d") == 0)
            }
            // The rows are there: the owner (who bypasses RLS) sees them.
            let stored = try await db.withConnection(as: db.ownerURL) { connection in
                try await connection.count("SELECT count(*) FROM competitors")
            }
            #expect(stored == 2)
        }
    }

    @Test("with tenant A set, no row of B can be read, inserted, updated or deleted")
    func tenantCannotReachAnother() async throws {
        try await withTestDatabase { db in
            try await db.withConnection(as: db.appURL) { connection in
                try await Self.seed(connection)
                try await connection.run("BEGIN")
                try await connection.run("SELECT set_config('app.tenant_id', 'ten_a', true)")
                for table in Self.tables {
                    let visible = try await connection.count("SELECT count(*) FROM \(table)")
                    #expect(visible == 1, "\(table)")
                }
                #expect(try await connection.count("SELECT count(*) FROM competitors WHERE tenant_id = 'ten_b'") == 0)
                #expect(try await connection.count("SELECT count(*) FROM monitors WHERE id = 'mon_ten_b'") == 0)
                let updated = try await connection.count(
                    "WITH u AS (UPDATE competitors SET name = 'Hijacked' WHERE id = 'cmp_ten_b' RETURNING 1) SELECT count(*) FROM u")
                #expect(updated == 0)
                let deleted = try await connection.count(
                    "WITH d AS (DELETE FROM changes WHERE tenant_id = 'ten_b' RETURNING 1) SELECT count(*) FROM d")
                #expect(deleted == 0)
                try await connection.run("SAVEPOINT s")
                #expect(await connection.failure(
                    "INSERT INTO competitors VALUES ('cmp_evil', 'ten_b', 'Evil', NULL, '[]', now(), now())") == "42501")
                try await connection.run("ROLLBACK TO SAVEPOINT s")
                // Moving one's own row into another tenant is refused by WITH CHECK.
                #expect(await connection.failure(
                    "UPDATE competitors SET tenant_id = 'ten_b' WHERE id = 'cmp_ten_a'") == "42501")
                try await connection.run("ROLLBACK TO SAVEPOINT s")
                // A monitor of A cannot point at B's competitor: the foreign keys carry the tenant.
                #expect(await connection.failure("""
                    INSERT INTO monitors (id, tenant_id, competitor_id, url, kind, interval_seconds, enabled,
                        next_check_at, created_at, updated_at)
                    VALUES ('mon_evil', 'ten_a', 'cmp_ten_b', 'https://x.example', 'html', 60, true, now(), now(), now())
                    """) == "23503")
                try await connection.run("ROLLBACK TO SAVEPOINT s")
                // Spoofing the tenant from SQL text needs the setting itself; set_config is transaction-local.
                try await connection.run("COMMIT")
                #expect(try await connection.count("SELECT count(*) FROM competitors") == 0)
            }
            let (hijacked, changes) = try await db.withConnection(as: db.ownerURL) { connection in
                (try await connection.count("SELECT count(*) FROM competitors WHERE name = 'Hijacked'"),
                 try await connection.count("SELECT count(*) FROM changes"))
            }
            #expect(hijacked == 0 && changes == 2)
        }
    }

    @Test("a pooled connection never carries a tenant into the next transaction")
    func poolDoesNotLeakTenant() async throws {
        try await withTestDatabase { db in
            try await db.withConnection(as: db.appURL) { connection in
                try await Self.seed(connection)
                for _ in 0..<3 {
                    try await connection.run("BEGIN")
                    try await connection.run("SELECT set_config('app.tenant_id', 'ten_a', true)")
                    #expect(try await connection.count("SELECT count(*) FROM competitors") == 1)
                    try await connection.run("COMMIT")
                    #expect(try await connection.count("SELECT count(*) FROM competitors") == 0)
                    try await connection.run("BEGIN")
                    try await connection.run("SELECT set_config('app.tenant_id', 'ten_b', true)")
                    _ = await connection.failure("SELECT 1/0")
                    try await connection.run("ROLLBACK")
                    #expect(try await connection.count("SELECT count(*) FROM competitors") == 0)
                }
            }
        }
    }

    @Test("the cross-tenant functions do their one thing and nothing more")
    func crossTenantPathsAreNarrow() async throws {
        try await withTestDatabase { db in
            try await db.withConnection(as: db.appURL) { connection in
                try await Self.seed(connection)
                // The scheduler's path sees due monitors of every tenant…
                try await connection.run("BEGIN")
                #expect(try await connection.count(
                    "SELECT count(*) FROM claim_due_monitors(now() + interval '1 minute', 10)") == 2)
                try await connection.run("COMMIT")
                #expect(try await connection.count("SELECT tenant_count()") == 2)
                // …but the application role still cannot read the tables themselves.
                #expect(try await connection.count("SELECT count(*) FROM monitors") == 0)
                // Authentication finds a key by its exact hash only, and only that key.
                let found = try await connection.run("SELECT id, tenant_id FROM api_key_by_secret_hash('hash_ten_b')")
                    .map { try $0.decode((String, String).self) }
                #expect(found.map(\.0) == ["key_ten_b"] && found.map(\.1) == ["ten_b"])
                for guess in ["", "hash_", "hash_ten_%", "HASH_TEN_B"] {
                    let matches = try await connection.count("SELECT count(*) FROM api_key_by_secret_hash('\(guess)')")
                    #expect(matches == 0, "\(guess) matched a key")
                }
                #expect(try await connection.count("SELECT count(*) FROM api_keys") == 0)
                // The application role cannot change the schema or its policies.
                #expect(await connection.failure("ALTER TABLE competitors DISABLE ROW LEVEL SECURITY") == "42501")
                #expect(await connection.failure("DROP POLICY competitors_select ON competitors") == "42501")
                #expect(await connection.failure("CREATE TABLE spyglass.evil (id int)") == "42501")
                #expect(await connection.failure("SET ROLE \(db.ownerURL.username)") == "42501")
            }
        }
    }
}
