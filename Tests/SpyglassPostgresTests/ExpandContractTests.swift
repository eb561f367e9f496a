import Logging
import PostgresMigrations
import PostgresNIO
import PostgresTestSupport
import SpyglassPostgres
import Testing

/// The three steps of `deliveries.last_status_code` → `last_http_status`
/// (docs/POSTGRES.md), with the old and the new release using the database
/// at the same time, as they do during a rolling deploy.
@Suite("Expand and contract", .enabled(if: postgresConfigured, "\(TestPostgresServer.skipMessage)"))
struct ExpandContractTests {
    static func up(_ db: TestDatabase, to version: Int) async throws {
        let logger = Logger(label: "spyglass.test.migrate")
        try await PostgresClient.withRunning(db.ownerURL, logger: logger) { client in
            _ = try await SchemaMigrations.runner(client: client, logger: logger).up(to: version)
        }
    }

    /// One delivery written by a release, as the application role in its tenant.
    static func asTenant(_ connection: PostgresConnection, _ sql: String) async throws -> [PostgresRow] {
        try await connection.run("BEGIN")
        try await connection.run("SELECT set_config('app.tenant_id', 'ten_a', true)")
        let rows = try await connection.run(sql)
        try await connection.run("COMMIT")
        return rows
    }

    /// The old release's insert: it knows only `last_status_code`.
    static func insertOld(_ id: String, status: String) -> String {
        """
        INSERT INTO deliveries (id, tenant_id, channel_id, event_id, event_type, status, attempts, last_status_code,
            created_at, updated_at)
        VALUES ('\(id)', 'ten_a', 'chn_a', 'evt_\(id)', 'change.detected', 'failed', 1, \(status), now(), now())
        """
    }

    @Test("old rows are back-filled, old and new releases see each other's writes, and the contract drops the old column")
    func renameInThreeSteps() async throws {
        guard let db = try await TestDatabase.make(migrated: false) else { return }
        do {
            try await Self.up(db, to: 2)
            try await db.withConnection(as: db.appURL) { connection in
                try await Self.asTenant(connection, "INSERT INTO tenants VALUES ('ten_a', 'A', now())")
                try await Self.asTenant(connection, """
                    INSERT INTO channels (id, tenant_id, kind, name, url, secret, enabled, created_at, updated_at)
                    VALUES ('chn_a', 'ten_a', 'webhook', 'hook', 'https://hooks.example', 's', true, now(), now())
                    """)
                // Written before the expand step by the old release.
                try await Self.asTenant(connection, """
                    INSERT INTO deliveries (id, tenant_id, channel_id, event_id, event_type, status, attempts,
                        last_status_code, created_at, updated_at)
                    SELECT 'dlv_old_' || n, 'ten_a', 'chn_a', 'evt_old_' || n, 'change.detected', 'failed', 1,
                        CASE WHEN n % 2 = 0 THEN 503 END, now(), now()
                    FROM generate_series(1, 2500) AS n
                    """)
            }

            try await Self.up(db, to: 4)   // expand + back-fill
            let (missed, copied) = try await db.withConnection(as: db.appURL) { connection in
                let missed = try await Self.asTenant(connection, """
                    SELECT count(*) FROM deliveries WHERE last_http_status IS DISTINCT FROM last_status_code
                    """).first?.decode(Int.self) ?? -1
                let copied = try await Self.asTenant(
                    connection, "SELECT count(*) FROM deliveries WHERE last_http_status = 503"
                ).first?.decode(Int.self) ?? -1
                return (missed, copied)
            }
            #expect(missed == 0)
            #expect(copied == 1_250)

            // Between the back-fill and the contract, both releases run.
            let (newSeesOld, oldSeesNew) = try await db.withConnection(as: db.appURL) { connection in
                try await Self.asTenant(connection, Self.insertOld("dlv_o", status: "410"))
                let newSeesOld = try await Self.asTenant(
                    connection, "SELECT last_http_status FROM deliveries WHERE id = 'dlv_o'"
                ).first?.decode(Int?.self)
                try await Self.asTenant(connection, """
                    INSERT INTO deliveries (id, tenant_id, channel_id, event_id, event_type, status, attempts,
                        last_http_status, created_at, updated_at)
                    VALUES ('dlv_n', 'ten_a', 'chn_a', 'evt_n', 'change.detected', 'failed', 1, 502, now(), now())
                    """)
                try await Self.asTenant(connection, "UPDATE deliveries SET last_http_status = 504 WHERE id = 'dlv_o'")
                let oldSeesNew = try await Self.asTenant(
                    connection, "SELECT last_status_code FROM deliveries WHERE id IN ('dlv_n', 'dlv_o') ORDER BY id"
                ).map { try $0.decode(Int?.self) }
                return (newSeesOld, oldSeesNew)
            }
            #expect(newSeesOld == 410)
            #expect(oldSeesNew == [502, 504])

            try await Self.up(db, to: 5)   // contract
            let columns = try await db.withConnection(as: db.ownerURL) { connection in
                try await connection.run("""
                    SELECT column_name FROM information_schema.columns
                    WHERE table_schema = 'spyglass' AND table_name = 'deliveries' AND column_name LIKE 'last_%status%'
                    """).map { try $0.decode(String.self) }
            }
            #expect(columns == ["last_http_status"])
        } catch {
            await db.drop()
            throw error
        }
        await db.drop()
    }
}
