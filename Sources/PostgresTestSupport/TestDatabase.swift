import Foundation
import Logging
import PostgresNIO
import SpyglassPostgres

/// A throw-away database for one test: created and bootstrapped with its own
/// roles, migrated, and reachable as the application role through `app`.
public final class TestDatabase: Sendable {
    public let name: String
    public let adminURL: PostgresURL
    public let ownerURL: PostgresURL
    public let appURL: PostgresURL
    /// Connected as the application role (row-level security applies); running.
    public let app: PostgresPool
    private let runner: Task<Void, Never>

    /// Creates a migrated database, or nil when no server is configured (the caller skips).
    public static func make(migrated: Bool = true) async throws -> TestDatabase? {
        guard let admin = try TestPostgresServer.adminURL() else { return nil }
        var logger = Logger(label: "spyglass.test.postgres")
        // A pool used the moment it is created warns that run() has not started yet; it has, a moment later.
        logger.logLevel = .error
        let name = "sgtest_" + String(UInt64.random(in: 0...UInt64.max), radix: 16)
        let bootstrap = try DatabaseBootstrap(adminURL: admin, database: name, logger: logger)
        let result = try await bootstrap.run()
        if migrated {
            try await SchemaMigrations.up(url: result.ownerURL, logger: logger)
        }
        let app = PostgresPool(url: result.appURL, logger: logger, maximumConnections: 8)
        return TestDatabase(
            name: name, adminURL: admin, ownerURL: result.ownerURL, appURL: result.appURL, app: app)
    }

    private init(name: String, adminURL: PostgresURL, ownerURL: PostgresURL, appURL: PostgresURL, app: PostgresPool) {
        self.name = name
        self.adminURL = adminURL
        self.ownerURL = ownerURL
        self.appURL = appURL
        self.app = app
        // The pool runs for the database's lifetime; `drop()` (or deinit) ends it.
        self.runner = Task { await app.run() }
    }

    /// Runs `body` on one connection as the given URL's role (the tests' way to act
    /// as an attacker holding the application role, or as the owner).
    public func withConnection<T: Sendable>(
        as url: PostgresURL, _ body: @Sendable (PostgresConnection) async throws -> T
    ) async throws -> T {
        var logger = Logger(label: "spyglass.test.postgres")
        logger.logLevel = .error
        return try await PostgresClient.withRunning(url, logger: logger) { client in
            try await client.withConnection { connection in try await body(connection) }
        }
    }

    /// Ends the pool and drops the database and its roles.
    public func drop() async {
        runner.cancel()
        _ = await runner.value
        let name = self.name
        _ = try? await withConnection(as: adminURL) { admin in
            let logger = Logger(label: "spyglass.test.postgres")
            for statement in [
                "DROP DATABASE IF EXISTS \(name) WITH (FORCE)",
                "DROP ROLE IF EXISTS \(name)_app",
                "DROP ROLE IF EXISTS \(name)_owner",
            ] {
                _ = try? await admin.query(PostgresQuery(unsafeSQL: statement), logger: logger)
            }
        }
    }

    deinit { runner.cancel() }
}
