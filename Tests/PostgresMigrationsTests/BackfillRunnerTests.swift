import Foundation
import PostgresMigrations
import PostgresNIO
import Testing

@Suite("Back-fills", .enabled(if: TestPostgres.shouldRun, TestPostgres.skipComment))
struct BackfillRunnerTests {
    /// `touched` counts updates per row, so a row updated twice shows.
    static let copyColumn = Backfill(
        name: "copy_a_to_b", table: "big", keyColumn: "id", keyType: .bigint, batchSize: 5_000, pause: .zero,
        update: "UPDATE big SET b = a, touched = touched + 1 WHERE id > $1 AND id <= $2")

    static func createBig(_ db: TestDatabase, rows: Int) async throws {
        try await db.execute(
            "CREATE TABLE big (id bigserial PRIMARY KEY, a int NOT NULL, b int, touched int NOT NULL DEFAULT 0)")
        try await db.execute("INSERT INTO big (a) SELECT g FROM generate_series(1, \(rows)) g")
    }

    @Test func cancelledHalfWayThenResumedUpdatesEveryRowExactlyOnce() async throws {
        try await TestPostgres.withDatabase { db in
            try await Self.createBig(db, rows: 200_000)
            let runner = try BackfillRunner(source: try db.pooled, logger: db.logger)

            // Cancel the running task from its own progress callback after 20 of 40 batches.
            let first = try await Task {
                try await runner.run(Self.copyColumn) { progress in
                    if progress.batches == 20 { withUnsafeCurrentTask { $0?.cancel() } }
                }
            }.value
            #expect(first.state == .cancelled)
            #expect(first.progress.batches == 20)
            #expect(first.progress.rowsDone == 100_000)
            #expect(first.progress.lastKey == "100000")
            #expect(try await db.count("SELECT count(*) FROM big WHERE touched = 1") == 100_000)
            #expect(try await db.count("SELECT count(*) FROM big WHERE b IS NULL") == 100_000)
            let recorded = try await runner.progress(of: Self.copyColumn.name)
            #expect(recorded?.rowsDone == 100_000 && recorded?.finished == false)

            let reports = ProgressLog()
            let second = try await runner.run(Self.copyColumn, onProgress: reports.callback)
            #expect(second.state == .finished)
            #expect(second.progress.rowsDone == 200_000)
            #expect(second.progress.batches == 40)
            #expect(second.progress.lastKey == "200000")
            #expect(second.progress.finished)
            #expect(reports.all.first?.batches == 21)
            #expect(reports.all.allSatisfy { $0.rowsPerSecond >= 0 })
            #expect(try await db.count("SELECT count(*) FROM big WHERE touched = 1 AND b = a") == 200_000)
            #expect(try await db.count("SELECT count(*) FROM big WHERE touched <> 1") == 0)
            #expect(
                try await db.count(
                    "SELECT count(*) FROM schema_backfills WHERE finished_at IS NOT NULL AND rows_done = 200000 AND batches = 40"
                ) == 1)

            let third = try await runner.run(Self.copyColumn)
            #expect(third.state == .alreadyFinished)
            #expect(try await db.count("SELECT count(*) FROM big WHERE touched <> 1") == 0)
        }
    }

    @Test func concurrentInsertsDoNotBreakIt() async throws {
        try await TestPostgres.withDatabase { db in
            try await Self.createBig(db, rows: 50_000)
            let backfill = Backfill(
                name: "copy_a_to_b", table: "big", keyColumn: "id", batchSize: 1_000, pause: .milliseconds(1),
                update: Self.copyColumn.update)
            let runner = try BackfillRunner(source: db.fresh, logger: db.logger)

            // The application writes b itself for new rows, as expand/contract requires.
            let outcome = try await withThrowingTaskGroup(of: BackfillOutcome?.self) { group in
                group.addTask { try await runner.run(backfill) }
                group.addTask {
                    try await db.withSession { inserter in
                        for _ in 0..<100 {
                            try await inserter.query(
                                "INSERT INTO big (a, b) SELECT g, g FROM generate_series(1, 50) g", logger: db.logger)
                        }
                    }
                    return nil
                }
                var outcome: BackfillOutcome?
                for try await result in group { outcome = outcome ?? result }
                return outcome
            }

            #expect(outcome?.state == .finished)
            #expect(try await db.count("SELECT count(*) FROM big") == 55_000)
            #expect(try await db.count("SELECT count(*) FROM big WHERE b IS DISTINCT FROM a") == 0)
            #expect(try await db.count("SELECT count(*) FROM big WHERE touched > 1") == 0)
            #expect(try await db.count("SELECT count(*) FROM big WHERE id <= 50000 AND touched = 1") == 50_000)
            let rowsDone = try #require(outcome?.progress.rowsDone)
            #expect(rowsDone == (try await db.count("SELECT count(*) FROM big WHERE touched = 1")))
        }
    }

    @Test func textKeysIncludingAwkwardOnes() async throws {
        try await TestPostgres.withDatabase { db in
            try await db.execute("CREATE TABLE docs (slug text PRIMARY KEY, title text NOT NULL, upper_title text)")
            try await db.execute(
                """
                INSERT INTO docs (slug, title) SELECT 'doc-' || lpad(g::text, 4, '0'), 'title ' || g FROM generate_series(1, 997) g
                """)
            try await db.execute(
                "INSERT INTO docs (slug, title) VALUES (' ', 'space'), ('O''Brien', 'quote'), ('ünïcødé', 'u'), ('$1', 'dollar'), ('zz\\z', 'bs')"
            )
            let backfill = Backfill(
                name: "upper titles", table: "public.docs", keyColumn: "slug", keyType: .text, batchSize: 64,
                pause: .zero, update: "UPDATE docs SET upper_title = upper(title) WHERE slug > $1 AND slug <= $2")
            let runner = try BackfillRunner(source: try db.pooled, logger: db.logger)

            let outcome = try await runner.run(backfill)
            #expect(outcome.state == .finished)
            #expect(outcome.progress.rowsDone == 1_002)
            #expect(outcome.progress.batches == 16)  // ceil(1002 / 64)
            #expect(
                try await db.count("SELECT count(*) FROM docs WHERE upper_title IS DISTINCT FROM upper(title)") == 0)
        }
    }

    @Test func refusesAnEmptyTextKey() async throws {
        try await TestPostgres.withDatabase { db in
            try await db.execute("CREATE TABLE k (id text PRIMARY KEY, v int)")
            try await db.execute("INSERT INTO k VALUES (''), ('a')")
            let runner = try BackfillRunner(source: try db.pooled, logger: db.logger)
            let error = await caught(BackfillError.self) {
                _ = try await runner.run(
                    Backfill(
                        name: "k", table: "k", keyColumn: "id", keyType: .text,
                        update: "UPDATE k SET v = 1 WHERE id > $1 AND id <= $2"))
            }
            #expect(error?.code == .unsupportedKey)
        }
    }

    @Test func anEmptyTableFinishesAtOnce() async throws {
        try await TestPostgres.withDatabase { db in
            try await Self.createBig(db, rows: 0)
            let outcome = try await BackfillRunner(source: db.fresh, logger: db.logger).run(Self.copyColumn)
            #expect(outcome.state == .finished)
            #expect(outcome.progress.rowsDone == 0 && outcome.progress.batches == 0)
        }
    }

    @Test func aBatchThatCannotGetItsLockGivesUpWithATypedError() async throws {
        try await TestPostgres.withDatabase { db in
            try await Self.createBig(db, rows: 100)
            let settings = BackfillSettings(
                lockTimeout: .milliseconds(100), maxLockRetries: 2,
                retryBackoff: RetryBackoff(base: .milliseconds(20), cap: .milliseconds(50)))
            let runner = try BackfillRunner(source: db.fresh, logger: db.logger, settings: settings)
            try await db.withSession { holder in
                try await holder.query("BEGIN", logger: db.logger)
                try await holder.query("LOCK TABLE big IN EXCLUSIVE MODE", logger: db.logger)
                let error = await caught(BackfillError.self) { _ = try await runner.run(Self.copyColumn) }
                #expect(error?.code == .lockTimeout)
                #expect(error?.sqlState == "55P03")
                try await holder.query("ROLLBACK", logger: db.logger)
            }

            let outcome = try await runner.run(Self.copyColumn)
            #expect(outcome.state == .finished)
            #expect(try await db.count("SELECT count(*) FROM big WHERE touched = 1") == 100)
        }
    }

    @Test func aFailingUpdateIsReportedWithTheServerMessage() async throws {
        try await TestPostgres.withDatabase { db in
            try await Self.createBig(db, rows: 10)
            let runner = try BackfillRunner(source: db.fresh, logger: db.logger)
            let error = await caught(BackfillError.self) {
                _ = try await runner.run(
                    Backfill(
                        name: "bad", table: "big", keyColumn: "id",
                        update: "UPDATE big SET no_such_column = 1 WHERE id > $1 AND id <= $2"))
            }
            #expect(error?.code == .batchFailed)
            #expect(error?.sqlState == "42703")
            #expect(error?.message.contains("no_such_column") == true)
            #expect(try await runner.progress(of: "bad")?.batches == 0)
        }
    }
}

/// Progress reports from any thread.
// @unchecked Sendable: `reports` is only touched while holding `lock`.
final class ProgressLog: @unchecked Sendable {
    private let lock = NSLock()
    private var reports: [BackfillProgress] = []

    var callback: @Sendable (BackfillProgress) -> Void {
        { [self] progress in lock.withLock { reports.append(progress) } }
    }

    var all: [BackfillProgress] { lock.withLock { reports } }
}
