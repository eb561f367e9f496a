import Logging
import PostgresNIO
import PostgresTestSupport
import Testing

let testLogger = Logger(label: "spyglass.test")

/// A migrated throw-away database for one test, dropped afterwards.
func withTestDatabase(_ body: (TestDatabase) async throws -> Void) async throws {
    guard let database = try await TestDatabase.make() else {
        Issue.record("\(TestPostgresServer.skipMessage)")
        return
    }
    do {
        try await body(database)
    } catch {
        await database.drop()
        throw error
    }
    await database.drop()
}

extension PostgresConnection {
    /// Runs a statement built from fixed SQL (test-only: the text is a literal in the test).
    @discardableResult
    func run(_ sql: String) async throws -> [PostgresRow] {
        try await query(PostgresQuery(unsafeSQL: sql), logger: testLogger).collect()
    }

    func count(_ sql: String) async throws -> Int {
        guard let row = try await run(sql).first else { return 0 }
        return try row.decode(Int.self)
    }

    /// The SQLSTATE a statement fails with, or nil when it succeeds.
    func failure(_ sql: String) async -> String? {
        do {
            try await run(sql)
            return nil
        } catch let error as PSQLError {
            return error.serverInfo?[.sqlState] ?? "unknown"
        } catch {
            return "\(error)"
        }
    }
}

let postgresConfigured = TestPostgresServer.isConfigured
