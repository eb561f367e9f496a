import PostgresMigrations
import PostgresNIO
import Testing

@Suite("Rebuilding invalid indexes", .enabled(if: TestPostgres.shouldRun, TestPostgres.skipComment))
struct InvalidIndexTests {
    /// A unique concurrent build over duplicate rows fails and leaves an INVALID index;
    /// after the data is fixed, the rerun finds it, drops it and builds a valid one.
    @Test(arguments: [
        (
            table: "items", index: "items_code_key",
            statement: "CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS items_code_key ON items (code)"
        ),
        (
            table: "app.\"Orders\"", index: "Orders_Code_Key",
            statement:
                "CREATE  UNIQUE\n INDEX /* why */ CONCURRENTLY IF NOT EXISTS \"Orders_Code_Key\" ON ONLY app.\"Orders\" (code)"
        ),
    ])
    func aFailedConcurrentBuildIsRebuiltOnTheNextRun(table: String, index: String, statement: String) async throws {
        try await TestPostgres.withDatabase { db in
            let set = try MigrationSet.of([
                (
                    1, "create",
                    "CREATE SCHEMA IF NOT EXISTS app;\nCREATE TABLE \(table) (id int PRIMARY KEY, code text);\nINSERT INTO \(table) VALUES (1, 'a'), (2, 'a'), (3, 'b');"
                ),
                (2, "unique_code", "-- migrate: no-transaction\n\n\(statement);\n"),
            ])
            let runner = try MigrationRunner(migrations: set, source: db.pooled, logger: db.logger)

            let error = await caught(MigrationError.self) { try await runner.up() }
            #expect(error?.code == .statementFailed)
            #expect(error?.sqlState == "23505")
            #expect(error?.file == "0002_unique_code.sql")
            #expect(error?.line == 3)
            #expect(try await validity(of: index, in: db) == false)
            #expect(try await runner.status().map(\.state) == [.applied, .pending])

            // IF NOT EXISTS alone would now skip the build and keep the broken index.
            try await db.execute(PostgresQuery(unsafeSQL: "DELETE FROM \(table) WHERE id = 2"))
            let events = EventRecorder()
            #expect(try await runner.up(onEvent: events.callback).map(\.version) == [2])
            let rebuilt = events.events.compactMap { event -> String? in
                if case .rebuildingInvalidIndex(_, let name) = event { name } else { nil }
            }
            #expect(rebuilt == ["app.\(index)"] || rebuilt == ["public.\(index)"])
            #expect(try await validity(of: index, in: db) == true)
            #expect(
                try await db.count(PostgresQuery(unsafeSQL: "SELECT count(*) FROM pg_class WHERE relname = '\(index)'"))
                    == 1)

            // A valid index is left alone.
            let again = EventRecorder()
            #expect(try await runner.up(onEvent: again.callback).isEmpty)
            #expect(!again.events.contains { if case .rebuildingInvalidIndex = $0 { true } else { false } })
        }
    }

    /// A concurrent build that times out waiting for a writer's transaction leaves an
    /// invalid index; the retries drop it and, once the writer commits, build it afresh.
    @Test func aConcurrentBuildRetriedAfterALockTimeoutRebuildsItsIndex() async throws {
        try await TestPostgres.withDatabase { db in
            try await db.execute("CREATE TABLE t (id int)")
            let set = try MigrationSet.of([
                (1, "index", "-- migrate: no-transaction\nCREATE INDEX CONCURRENTLY IF NOT EXISTS t_id ON t (id);")
            ])
            let settings = MigrationSettings(
                lockTimeout: .milliseconds(200), maxLockRetries: 50,
                retryBackoff: RetryBackoff(base: .milliseconds(20), cap: .milliseconds(100)))
            let runner = try MigrationRunner(migrations: set, source: db.fresh, logger: db.logger, settings: settings)
            let events = EventRecorder()
            try await db.withSession { writer in
                try await writer.query("BEGIN", logger: db.logger)
                try await writer.query("INSERT INTO t VALUES (1)", logger: db.logger)
                async let applied = runner.up(onEvent: events.callback)
                let rebuilding = try await events.wait {
                    if case .rebuildingInvalidIndex = $0 { true } else { false }
                }
                #expect(rebuilding == .rebuildingInvalidIndex(set.migrations[0], index: "public.t_id"))
                try await writer.query("COMMIT", logger: db.logger)
                #expect(try await applied.map(\.version) == [1])
            }
            #expect(events.events.contains { if case .retryingAfterLockTimeout = $0 { true } else { false } })
            #expect(try await validity(of: "t_id", in: db) == true)
        }
    }

    private func validity(of index: String, in db: TestDatabase) async throws -> Bool? {
        try await db.value(
            "SELECT x.indisvalid FROM pg_index x JOIN pg_class c ON c.oid = x.indexrelid WHERE c.relname = \(index)",
            as: Bool.self)
    }
}
