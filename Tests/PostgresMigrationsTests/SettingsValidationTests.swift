import Logging
import PostgresMigrations
import PostgresNIO
import Testing

/// Checks made before any connection is opened.
@Suite("Settings and back-fill validation")
struct SettingsValidationTests {
    /// A source that records an issue if a runner ever opens a connection.
    static let unreachable = PostgresConnectionSource.factory {
        Issue.record("validation should fail before connecting")
        throw CancellationError()
    }

    static let hostileIdentifiers = [
        "", "t; DROP TABLE x", "\"t\"", "a.b.c", "t--", "1table", "tåble", "t x", "t\u{0}", ".t", "t.",
        String(repeating: "a", count: 64), "t'", "t)", "public.t;",
    ]

    @Test(arguments: hostileIdentifiers)
    func refusesHostileHistoryTableNames(name: String) async throws {
        let error = await caught(MigrationError.self) {
            _ = try MigrationRunner(
                migrations: try MigrationSet([]), source: Self.unreachable, logger: TestPostgres.logger,
                settings: MigrationSettings(historyTable: name))
        }
        #expect(error?.code == .invalidSettings)
    }

    @Test(arguments: hostileIdentifiers)
    func refusesHostileBackfillIdentifiers(name: String) async throws {
        let runner = try BackfillRunner(source: Self.unreachable, logger: TestPostgres.logger)
        for backfill in [
            Backfill(name: "b", table: name, keyColumn: "id", update: "UPDATE t SET a = 1 WHERE id > $1 AND id <= $2"),
            Backfill(name: "b", table: "t", keyColumn: name, update: "UPDATE t SET a = 1 WHERE id > $1 AND id <= $2"),
        ] {
            let error = await caught(BackfillError.self) { _ = try await runner.run(backfill) }
            #expect(error?.code == .invalidBackfill)
        }
        let progressTable = await caught(BackfillError.self) {
            _ = try BackfillRunner(
                source: Self.unreachable, logger: TestPostgres.logger, settings: BackfillSettings(progressTable: name))
        }
        #expect(progressTable?.code == .invalidBackfill)
    }

    @Test func acceptsPlainAndSchemaQualifiedNames() throws {
        for name in ["schema_migrations", "public.history", "_x9", "Mixed_Case", String(repeating: "a", count: 63)] {
            _ = try MigrationRunner(
                migrations: try MigrationSet([]), source: Self.unreachable, logger: TestPostgres.logger,
                settings: MigrationSettings(historyTable: name))
        }
    }

    @Test(arguments: [
        ("UPDATE t SET a = 1 WHERE id > $1", "only $1"),
        ("UPDATE t SET a = 1 WHERE id > $1 AND id <= $2 AND b = $3", "a third parameter"),
        ("UPDATE t SET a = 1 WHERE id > $1 AND id <= $2 RETURNING id", "RETURNING"),
        ("UPDATE t SET a = 1 WHERE id > $1 AND id <= $2; DELETE FROM t", "two statements"),
        ("", "empty"),
        ("UPDATE t SET a = 'x WHERE id > $1 AND id <= $2", "unterminated literal"),
        ("UPDATE t SET a = '$1 $2'", "parameters only inside a literal"),
    ])
    func refusesUnusableUpdateStatements(update: String, why: String) async throws {
        let runner = try BackfillRunner(source: Self.unreachable, logger: TestPostgres.logger)
        let error = await caught(BackfillError.self) {
            _ = try await runner.run(Backfill(name: "b", table: "t", keyColumn: "id", update: update))
        }
        #expect(error?.code == .invalidBackfill, "\(why)")
    }

    @Test func refusesBadBatchSizesAndNames() async throws {
        let runner = try BackfillRunner(source: Self.unreachable, logger: TestPostgres.logger)
        let update = "UPDATE t SET a = 1 WHERE id > $1 AND id <= $2"
        for backfill in [
            Backfill(name: "b", table: "t", keyColumn: "id", batchSize: 0, update: update),
            Backfill(name: "b", table: "t", keyColumn: "id", batchSize: -5, update: update),
            Backfill(name: "b", table: "t", keyColumn: "id", batchSize: 2_000_000, update: update),
            Backfill(name: "", table: "t", keyColumn: "id", update: update),
            Backfill(name: String(repeating: "n", count: 201), table: "t", keyColumn: "id", update: update),
            Backfill(name: "b", table: "t", keyColumn: "id", pause: .seconds(-1), update: update),
        ] {
            let error = await caught(BackfillError.self) { _ = try await runner.run(backfill) }
            #expect(error?.code == .invalidBackfill)
        }
    }

    @Test func refusesNegativeRetryCounts() async throws {
        let migrations = await caught(MigrationError.self) {
            _ = try MigrationRunner(
                migrations: try MigrationSet([]), source: Self.unreachable, logger: TestPostgres.logger,
                settings: MigrationSettings(maxLockRetries: -1))
        }
        #expect(migrations?.code == .invalidSettings)
        let backfills = await caught(BackfillError.self) {
            _ = try BackfillRunner(
                source: Self.unreachable, logger: TestPostgres.logger, settings: BackfillSettings(maxLockRetries: -1))
        }
        #expect(backfills?.code == .invalidBackfill)
    }
}

@Suite("Retry back-off")
struct RetryBackoffTests {
    @Test func growsExponentiallyWithJitterUpToTheCap() {
        let backoff = RetryBackoff(base: .milliseconds(100), cap: .seconds(1))
        for _ in 0..<200 {
            let first = backoff.delay(beforeRetry: 1)
            #expect(first >= .milliseconds(50) && first <= .milliseconds(100))
            let third = backoff.delay(beforeRetry: 3)
            #expect(third >= .milliseconds(200) && third <= .milliseconds(400))
            let late = backoff.delay(beforeRetry: 1_000)
            #expect(late >= .milliseconds(500) && late <= .seconds(1))
        }
    }

    @Test func jitterSpreadsTheDelays() {
        let backoff = RetryBackoff(base: .seconds(1), cap: .seconds(1))
        let delays = Set((0..<50).map { _ in backoff.delay(beforeRetry: 1) })
        #expect(delays.count > 1)
    }

    @Test func degenerateSettingsGiveNoDelayRatherThanCrash() {
        #expect(RetryBackoff(base: .zero, cap: .seconds(1)).delay(beforeRetry: 5) == .zero)
        #expect(RetryBackoff(base: .seconds(-1), cap: .seconds(1)).delay(beforeRetry: 1) == .zero)
        #expect(RetryBackoff(base: .seconds(1), cap: .seconds(-1)).delay(beforeRetry: 1) == .zero)
        #expect(RetryBackoff(base: .seconds(1), cap: .seconds(1)).delay(beforeRetry: -3) <= .seconds(1))
        #expect(RetryBackoff(base: .seconds(Int64.max), cap: .seconds(Int64.max)).delay(beforeRetry: 70) > .zero)
    }
}
