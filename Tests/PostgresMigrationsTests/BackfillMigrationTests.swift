import Foundation
import PostgresMigrations
import PostgresNIO
import Synchronization
import Testing

/// Back-fills as migrations (`-- migrate: backfill …`): parsed strictly, run in
/// batches by `up`, recorded only once the table is done.
@Suite("Back-fill migrations")
struct BackfillMigrationTests {
    static let header = "-- migrate: backfill table=items key=id batch=100 pause-ms=0\n"
    static let update = "UPDATE items SET b = a * 2 WHERE id > $1 AND id <= $2 AND b IS NULL"

    @Test func directiveBecomesABackfill() throws {
        let migration = try Migration(version: 3, name: "fill_b", sql: Self.header + Self.update)
        let backfill = try #require(migration.backfill)
        #expect(backfill.table == "items")
        #expect(backfill.keyColumn == "id")
        #expect(backfill.keyType == .bigint)
        #expect(backfill.batchSize == 100)
        #expect(backfill.pause == .zero)
        #expect(backfill.update == Self.update)
        #expect(!migration.transactional)
        #expect(try Migration(version: 4, name: "plain", sql: "SELECT 1").backfill == nil)
    }

    @Test(arguments: [
        "-- migrate: backfill key=id\nUPDATE t SET a = 1 WHERE id > $1 AND id <= $2",
        "-- migrate: backfill table=t\nUPDATE t SET a = 1 WHERE id > $1 AND id <= $2",
        "-- migrate: backfill table=t key=id batch=0\nUPDATE t SET a = 1 WHERE id > $1 AND id <= $2",
        "-- migrate: backfill table=t key=id batch=many\nUPDATE t SET a = 1 WHERE id > $1 AND id <= $2",
        "-- migrate: backfill table=t key=id key-type=uuid\nUPDATE t SET a = 1 WHERE id > $1 AND id <= $2",
        "-- migrate: backfill table=t key=id pause-ms=-5\nUPDATE t SET a = 1 WHERE id > $1 AND id <= $2",
        "-- migrate: backfill table=t key=id speed=fast\nUPDATE t SET a = 1 WHERE id > $1 AND id <= $2",
        "-- migrate: backfill table=t key=id\nUPDATE t SET a = 1 WHERE id > $1 AND id <= $2; SELECT 1",
        "-- migrate: backfill table\nUPDATE t SET a = 1",
    ])
    func badDirectivesAreRefused(sql: String) {
        #expect(throws: MigrationSetError.self) { try Migration(version: 1, name: "bad", sql: sql) }
    }

    @Test func upRunsTheBackfillInBatchesAndRecordsItOnce() async throws {
        try await TestPostgres.withDatabase { db in
            let set = try MigrationSet.of([
                (1, "items", """
                    CREATE TABLE items (id bigint PRIMARY KEY, a int NOT NULL, b int);
                    INSERT INTO items SELECT n, n FROM generate_series(1, 1050) AS n;
                    """),
                (2, "fill_b", Self.header + Self.update),
            ])
            let events = EventLog()
            let runner = try MigrationRunner(migrations: set, source: db.pooled, logger: db.logger)
            #expect(try await runner.up { events.append($0) }.map(\.version) == [1, 2])
            #expect(try await db.count("SELECT count(*) FROM items WHERE b IS DISTINCT FROM a * 2") == 0)
            let batches = events.all.compactMap { event -> Int64? in
                if case .backfillProgress(_, let progress) = event { return progress.batches }
                return nil
            }
            #expect(batches.last == 11)
            #expect(try await runner.status().map(\.state) == [.applied, .applied])
            #expect(try await runner.up().isEmpty)
        }
    }
}

/// Events collected from the runner's callback.
final class EventLog: Sendable {
    private let events = Mutex<[MigrationEvent]>([])
    func append(_ event: MigrationEvent) { events.withLock { $0.append(event) } }
    var all: [MigrationEvent] { events.withLock { $0 } }
}
