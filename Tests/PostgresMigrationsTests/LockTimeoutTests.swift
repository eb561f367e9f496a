import PostgresMigrations
import PostgresNIO
import Testing

@Suite("Lock timeouts and retries", .enabled(if: TestPostgres.shouldRun, TestPostgres.skipComment))
struct LockTimeoutTests {
    static let alter = try? MigrationSet.of([
        (1, "add_column", "CREATE TABLE side_effect (a int);\nALTER TABLE t ADD COLUMN c int;\n")
    ])

    @Test func retriesUntilTheHolderCommitsThenSucceeds() async throws {
        try await TestPostgres.withDatabase { db in
            try await db.execute("CREATE TABLE t (id int)")
            try await db.withSession { holder in
                try await holder.query("BEGIN", logger: db.logger)
                try await holder.query("LOCK TABLE t IN ACCESS SHARE MODE", logger: db.logger)

                let settings = MigrationSettings(
                    lockTimeout: .milliseconds(200), maxLockRetries: 30,
                    retryBackoff: RetryBackoff(base: .milliseconds(50), cap: .milliseconds(200)))
                let runner = try MigrationRunner(
                    migrations: try #require(Self.alter), source: db.fresh, logger: db.logger, settings: settings)
                let events = EventRecorder()
                async let applied = runner.up(onEvent: events.callback)

                let retry = try await events.wait { if case .retryingAfterLockTimeout = $0 { true } else { false } }
                guard case .retryingAfterLockTimeout(let migration, let line, let statement, let number, _) = retry
                else {
                    Issue.record("no retry event")
                    return
                }
                #expect(migration.fileName == "0001_add_column.sql")
                #expect(line == 2)
                #expect(statement == "ALTER TABLE t ADD COLUMN c int")
                #expect(number == 1)
                try await holder.query("COMMIT", logger: db.logger)

                #expect(try await applied.map(\.version) == [1])
                #expect(
                    try await db.count(
                        "SELECT count(*) FROM information_schema.columns WHERE table_name = 't' AND column_name = 'c'")
                        == 1)
                #expect(try await db.count("SELECT count(*) FROM side_effect") == 0)
                let attempts = events.events.filter { if case .started = $0 { true } else { false } }.count
                #expect(attempts >= 2)
            }
        }
    }

    @Test func givesUpWithALockErrorAndLeavesNothingAppliedWithoutStallingReaders() async throws {
        try await TestPostgres.withDatabase { db in
            try await db.execute("CREATE TABLE t (id int)")
            try await db.execute("INSERT INTO t SELECT generate_series(1, 10)")
            try await db.withSession { holder in
                try await db.withSession { reader in
                    try await reader.query("SELECT 1", logger: db.logger)
                    try await holder.query("BEGIN", logger: db.logger)
                    try await holder.query("SELECT count(*) FROM t", logger: db.logger)  // ACCESS SHARE until COMMIT

                    let lockTimeout = Duration.milliseconds(200)
                    let settings = MigrationSettings(
                        lockTimeout: lockTimeout, maxLockRetries: 8,
                        retryBackoff: RetryBackoff(base: .milliseconds(200), cap: .milliseconds(400)))
                    let runner = try MigrationRunner(
                        migrations: try #require(Self.alter), source: db.fresh, logger: db.logger, settings: settings)
                    let events = EventRecorder()
                    async let outcome = caught(MigrationError.self) { try await runner.up(onEvent: events.callback) }

                    // While the ALTER waits for its lock, readers queue behind it — but only
                    // until its lock timeout fires, not for as long as the holder holds on.
                    try await waitUntilAlterWaitsForItsLock(db)
                    let clock = ContinuousClock()
                    let readTime = try await clock.measure {
                        let rows = try await reader.query("SELECT count(*) FROM t", logger: db.logger)
                        for try await _ in rows {}
                    }
                    #expect(readTime < lockTimeout + .seconds(1.5), "a reader waited \(readTime) behind the migration")

                    let error = await outcome
                    #expect(error?.code == .lockTimeout)
                    #expect(error?.file == "0001_add_column.sql")
                    #expect(error?.line == 2)
                    #expect(error?.sqlState == "55P03")
                    #expect(error?.message.contains("ALTER TABLE t ADD COLUMN c int") == true)
                    #expect(error?.message.contains("9 attempts") == true)
                    let retries = events.events.filter {
                        if case .retryingAfterLockTimeout = $0 { true } else { false }
                    }
                    #expect(retries.count == 8)

                    #expect(try await db.count("SELECT count(*) FROM schema_migrations") == 0)
                    #expect(try await db.value("SELECT to_regclass('side_effect')::text", as: String.self) == nil)
                    #expect(
                        try await db.count(
                            "SELECT count(*) FROM information_schema.columns WHERE table_name = 't' AND column_name = 'c'"
                        ) == 0)
                    try await holder.query("ROLLBACK", logger: db.logger)
                }
            }
        }
    }

    private func waitUntilAlterWaitsForItsLock(_ db: TestDatabase) async throws {
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline {
            let waiting = try await db.count(
                """
                SELECT count(*) FROM pg_stat_activity
                WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE 'ALTER TABLE t%'
                """)
            if waiting > 0 { return }
            try await Task.sleep(for: .milliseconds(5))
        }
        Issue.record("the migration never waited for its lock")
    }
}
