import Foundation
import Logging
import PostgresMigrations
import PostgresNIO
import Testing

@Suite("Migration runner", .enabled(if: TestPostgres.shouldRun, TestPostgres.skipComment))
struct MigrationRunnerTests {
    static let three = [
        (1, "create_items", "CREATE TABLE items (id bigserial PRIMARY KEY, code text NOT NULL);\n"),
        (
            2, "add_price",
            "ALTER TABLE items ADD COLUMN price int;\n\n-- seed\nINSERT INTO items (code, price) VALUES ('a;b', 1), ($$x;y$$, 2);\n"
        ),
        (
            3, "add_index",
            "-- migrate: no-transaction\nCREATE INDEX CONCURRENTLY IF NOT EXISTS items_code ON items (code);\n"
        ),
    ]

    @Test func statusPlanUpAndAnIdempotentSecondUp() async throws {
        try await TestPostgres.withDatabase { db in
            let runner = try MigrationRunner(
                migrations: try .of(Self.three), client: try #require(db.client), logger: db.logger)

            let before = try await runner.status()
            #expect(before.map(\.state) == [.pending, .pending, .pending])
            #expect(before.allSatisfy { $0.appliedAt == nil && $0.duration == nil })
            #expect(try await runner.plan().map(\.version) == [1, 2, 3])

            let events = EventRecorder()
            let applied = try await runner.up(onEvent: events.callback)
            #expect(applied.map(\.version) == [1, 2, 3])
            let appliedEvents = events.events.compactMap { event -> Int? in
                if case .applied(let migration, _) = event { migration.version } else { nil }
            }
            #expect(appliedEvents == [1, 2, 3])
            #expect(events.events.first == .acquiredMigratorLock(key: MigrationSettings.defaultAdvisoryLockKey))

            let after = try await runner.status()
            #expect(after.map(\.state) == [.applied, .applied, .applied])
            #expect(after.map(\.name) == ["create_items", "add_price", "add_index"])
            #expect(after.allSatisfy { $0.appliedAt != nil && $0.duration != nil })
            #expect(try await runner.plan().isEmpty)
            #expect(try await db.count("SELECT count(*) FROM items WHERE code IN ('a;b', 'x;y')") == 2)
            #expect(
                try await db.count(
                    "SELECT count(*) FROM pg_index WHERE indexrelid = 'items_code'::regclass AND indisvalid") == 1)
            let checksums = try await db.value(
                "SELECT string_agg(checksum, ',' ORDER BY version) FROM schema_migrations", as: String.self)
            #expect(checksums == runner.migrations.migrations.map(\.checksum).joined(separator: ","))

            let second = EventRecorder()
            #expect(try await runner.up(onEvent: second.callback).isEmpty)
            #expect(second.events.contains(.upToDate))
            #expect(try await db.count("SELECT count(*) FROM schema_migrations") == 3)
        }
    }

    @Test func upToATargetVersionStopsThere() async throws {
        try await TestPostgres.withDatabase { db in
            let runner = try MigrationRunner(migrations: try .of(Self.three), source: db.fresh, logger: db.logger)
            #expect(try await runner.up(to: 2).map(\.version) == [1, 2])
            #expect(try await runner.status().map(\.state) == [.applied, .applied, .pending])
            #expect(try await runner.up(to: 2).isEmpty)
            #expect(try await runner.up().map(\.version) == [3])
        }
    }

    @Test func refusesAMigrationChangedAfterItWasApplied() async throws {
        try await TestPostgres.withDatabase { db in
            let original = try MigrationRunner(
                migrations: try .of(Array(Self.three.prefix(2))), source: db.pooled, logger: db.logger)
            try await original.up()

            var edited = Self.three
            edited[1].2 += "-- a harmless edit is still an edit\n"
            let runner = try MigrationRunner(migrations: try .of(edited), source: db.pooled, logger: db.logger)

            let error = await caught(MigrationError.self) { try await runner.up() }
            #expect(error?.code == .checksumMismatch)
            #expect(error?.file == "0002_add_price.sql")
            #expect(error?.message.contains("0002_add_price.sql") == true)
            let planError = await caught(MigrationError.self) { _ = try await runner.plan() }
            #expect(planError?.code == .checksumMismatch)

            let status = try await runner.status()
            #expect(status[0].state == .applied)
            #expect(status[1].state == .changed(recordedChecksum: original.migrations.migrations[1].checksum))
            #expect(status[2].state == .pending)
            // The pending migration was not applied either.
            #expect(try await db.count("SELECT count(*) FROM pg_class WHERE relname = 'items_code'") == 0)
        }
    }

    @Test func refusesADatabaseWithAVersionTheFilesDoNotKnow() async throws {
        try await TestPostgres.withDatabase { db in
            try await MigrationRunner(migrations: try .of(Self.three), source: db.pooled, logger: db.logger).up()
            let older = try MigrationRunner(
                migrations: try .of(Array(Self.three.prefix(2))), source: db.pooled, logger: db.logger)

            let error = await caught(MigrationError.self) { try await older.up() }
            #expect(error?.code == .unknownAppliedVersion)
            #expect(error?.message.contains("3") == true)
            #expect(error?.message.contains("add_index") == true)
            #expect(try await older.status().map(\.state) == [.applied, .applied, .unknown])
            let planError = await caught(MigrationError.self) { _ = try await older.plan() }
            #expect(planError?.code == .unknownAppliedVersion)
        }
    }

    @Test func aFailingStatementNamesFileLineAndServerMessageAndRollsBack() async throws {
        try await TestPostgres.withDatabase { db in
            let set = try MigrationSet.of([
                (1, "ok", "CREATE TABLE ok (a int);"),
                (2, "broken", "CREATE TABLE half (a int);\n\nINSERT INTO\n  missing_table VALUES (1);\n"),
            ])
            let runner = try MigrationRunner(migrations: set, source: db.pooled, logger: db.logger)
            let error = await caught(MigrationError.self) { try await runner.up() }
            #expect(error?.code == .statementFailed)
            #expect(error?.file == "0002_broken.sql")
            #expect(error?.line == 3)
            #expect(error?.sqlState == "42P01")
            #expect(error?.message.contains("0002_broken.sql line 3") == true)
            #expect(error?.message.contains("missing_table") == true)
            // Migration 1 stays applied; migration 2 left nothing behind.
            #expect(try await runner.status().map(\.state) == [.applied, .pending])
            #expect(try await db.value("SELECT to_regclass('half')::text", as: String.self) == nil)
        }
    }

    @Test func aConcurrentIndexBuildInATransactionalFileFails() async throws {
        try await TestPostgres.withDatabase { db in
            let set = try MigrationSet.of([
                (1, "t", "CREATE TABLE t (a int);"),
                (2, "index", "CREATE INDEX CONCURRENTLY t_a ON t (a);"),
            ])
            let error = await caught(MigrationError.self) {
                try await MigrationRunner(migrations: set, source: db.pooled, logger: db.logger).up()
            }
            #expect(error?.code == .statementFailed)
            #expect(error?.sqlState == "25001")  // active_sql_transaction
        }
    }

    @Test func twoConcurrentRunnersApplyEachMigrationOnce() async throws {
        try await TestPostgres.withDatabase { db in
            let set = try MigrationSet.of([
                (1, "slow", "CREATE TABLE runs (n int);\nINSERT INTO runs VALUES (1);\nSELECT pg_sleep(1);"),
                // A concurrent build waits for older snapshots: the waiting runner must not hold one.
                (2, "index", "-- migrate: no-transaction\nCREATE INDEX CONCURRENTLY IF NOT EXISTS runs_n ON runs (n);"),
                (3, "more", "INSERT INTO runs VALUES (3);"),
            ])
            let settings = MigrationSettings(advisoryLockPollInterval: .milliseconds(50))
            let first = try MigrationRunner(migrations: set, source: db.fresh, logger: db.logger, settings: settings)
            let second = try MigrationRunner(migrations: set, source: db.fresh, logger: db.logger, settings: settings)
            let firstEvents = EventRecorder()
            let secondEvents = EventRecorder()

            async let a = first.up(onEvent: firstEvents.callback)
            async let b = second.up(onEvent: secondEvents.callback)
            let results = try await [a.map(\.version), b.map(\.version)]

            #expect(results.sorted { $0.count < $1.count } == [[], [1, 2, 3]])
            let loserEvents = results[0].isEmpty ? firstEvents.events : secondEvents.events
            #expect(loserEvents.contains(.waitingForMigratorLock(key: settings.advisoryLockKey)))
            #expect(loserEvents.contains(.upToDate))
            #expect(try await db.count("SELECT count(*) FROM runs") == 2)
            #expect(try await db.count("SELECT count(*) FROM schema_migrations") == 3)
        }
    }

    @Test func aCustomSchemaQualifiedHistoryTable() async throws {
        try await TestPostgres.withDatabase { db in
            try await db.execute("CREATE SCHEMA ops")
            let settings = MigrationSettings(historyTable: "ops.migration_history")
            let runner = try MigrationRunner(
                migrations: try .of(Self.three), source: db.fresh, logger: db.logger, settings: settings)
            try await runner.up()
            #expect(try await db.count("SELECT count(*) FROM ops.migration_history") == 3)
            #expect(try await db.value("SELECT to_regclass('schema_migrations')::text", as: String.self) == nil)
        }
    }

    @Test func anEmptySetAgainstAnEmptyDatabaseIsUpToDate() async throws {
        try await TestPostgres.withDatabase { db in
            let runner = try MigrationRunner(migrations: try MigrationSet([]), source: db.pooled, logger: db.logger)
            #expect(try await runner.status().isEmpty)
            #expect(try await runner.plan().isEmpty)
            #expect(try await runner.up().isEmpty)
        }
    }
}
