import Foundation
import Logging
import PostgresMigrations
import PostgresNIO
import Testing

/// The PostgreSQL server for integration tests, from `SPYGLASS_TEST_POSTGRES_URL`
/// (an admin URL). Each test gets its own throw-away database, so tests run in parallel.
enum TestPostgres {
    static let adminURL = ProcessInfo.processInfo.environment["SPYGLASS_TEST_POSTGRES_URL"]
    static let isCI = ProcessInfo.processInfo.environment["CI"] == "true"
    /// Run when a server is configured, and always in CI, where a missing server is a failure.
    static let shouldRun = adminURL != nil || isCI
    static let skipComment: Comment =
        "PostgreSQL tests skipped: run scripts/test (it starts PostgreSQL), or start PostgreSQL 15+ and set SPYGLASS_TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:5440/postgres"

    static let logger = Logger(label: "postgres-migrations-tests") { _ in SwiftLogNoOpLogHandler() }

    /// Creates `mig_<random>`, runs `body` with a running client for it, then drops it.
    static func withDatabase(_ body: (TestDatabase) async throws -> Void) async throws {
        guard let adminURL else {
            Issue.record("CI=true but SPYGLASS_TEST_POSTGRES_URL is unset: the PostgreSQL tests cannot run")
            return
        }
        let server = try #require(
            ServerAddress(url: adminURL), "SPYGLASS_TEST_POSTGRES_URL must be a postgres:// URL to a loopback host")
        let name = "mig_" + String(UInt64.random(in: 0...UInt64.max), radix: 16)
        try await server.admin { try await $0.query("CREATE DATABASE \(unescaped: name)", logger: logger) }

        let database = TestDatabase(name: name, server: server)
        let client = PostgresClient(configuration: database.clientConfiguration, backgroundLogger: logger)
        do {
            try await withThrowingDiscardingTaskGroup { group in
                group.addTask { await client.run() }
                try await body(database.with(client))
                group.cancelAll()
            }
        } catch {
            try? await server.admin {
                try await $0.query("DROP DATABASE IF EXISTS \(unescaped: name) WITH (FORCE)", logger: logger)
            }
            throw error
        }
        try await server.admin {
            try await $0.query("DROP DATABASE IF EXISTS \(unescaped: name) WITH (FORCE)", logger: logger)
        }
    }
}

/// Host, port and credentials of the test server.
struct ServerAddress: Sendable {
    var host: String
    var port: Int
    var username: String
    var password: String?
    var database: String

    /// Nil unless `url` is a postgres URL to a loopback address: tests talk to nothing else.
    init?(url: String) {
        guard let components = URLComponents(string: url),
            components.scheme == "postgres" || components.scheme == "postgresql",
            let host = components.host?.trimmingCharacters(in: CharacterSet(charactersIn: "[]")),
            host == "localhost" || host == "::1" || host.hasPrefix("127.")
        else { return nil }
        self.host = host
        self.port = components.port ?? 5432
        self.username = components.user ?? "postgres"
        self.password = components.password
        let path = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        self.database = path.isEmpty ? "postgres" : path
    }

    func configuration(database: String) -> PostgresConnection.Configuration {
        PostgresConnection.Configuration(
            host: host, port: port, username: username, password: password, database: database, tls: .disable)
    }

    func admin(_ body: (PostgresConnection) async throws -> Void) async throws {
        let connection = try await PostgresConnection.connect(
            configuration: configuration(database: database), id: 0, logger: TestPostgres.logger)
        do {
            try await body(connection)
            try await connection.close()
        } catch {
            try? await connection.close()
            throw error
        }
    }
}

/// One throw-away database and a running client for it.
struct TestDatabase: Sendable {
    let name: String
    let server: ServerAddress
    private(set) var client: PostgresClient?

    init(name: String, server: ServerAddress) {
        self.name = name
        self.server = server
    }

    func with(_ client: PostgresClient) -> TestDatabase {
        var copy = self
        copy.client = client
        return copy
    }

    var logger: Logger { TestPostgres.logger }

    var clientConfiguration: PostgresClient.Configuration {
        var configuration = PostgresClient.Configuration(
            host: server.host, port: server.port, username: server.username, password: server.password,
            database: name, tls: .disable)
        configuration.options.maximumConnections = 4
        return configuration
    }

    /// Leases from the running client.
    var pooled: PostgresConnectionSource {
        get throws { .client(try #require(client)) }
    }

    /// Opens a fresh session per run: the runners of one test never share a session.
    var fresh: PostgresConnectionSource {
        let configuration = server.configuration(database: name)
        return .factory {
            try await PostgresConnection.connect(configuration: configuration, id: 1, logger: TestPostgres.logger)
        }
    }

    /// A dedicated session for a test to hold locks or transactions on, closed after `body`.
    func withSession<Result>(_ body: (PostgresConnection) async throws -> Result) async throws -> Result {
        let connection = try await PostgresConnection.connect(
            configuration: server.configuration(database: name), id: 2, logger: logger)
        do {
            let result = try await body(connection)
            try await connection.close()
            return result
        } catch {
            try? await connection.close()
            throw error
        }
    }

    func execute(_ query: PostgresQuery) async throws {
        let client = try #require(client)
        try await client.withConnection { connection in
            let rows = try await connection.query(query, logger: logger)
            for try await _ in rows {}
        }
    }

    /// The first column of the first row.
    func value<Value: PostgresDecodable & Sendable>(_ query: PostgresQuery, as type: Value.Type) async throws -> Value?
    where Value._DecodableType == Value {
        let client = try #require(client)
        return try await client.withConnection { connection in
            var result: Value?
            for try await value in try await connection.query(query, logger: logger).decode(Value?.self)
            where result == nil {
                result = value
            }
            return result
        }
    }

    func count(_ query: PostgresQuery) async throws -> Int64 {
        try await value(query, as: Int64.self) ?? -1
    }
}

/// Records runner events from any thread.
// @unchecked Sendable: `events` is only touched while holding `lock`.
final class EventRecorder: @unchecked Sendable {
    private let lock = NSLock()
    private var recorded: [MigrationEvent] = []

    var callback: @Sendable (MigrationEvent) -> Void {
        { [self] event in lock.withLock { recorded.append(event) } }
    }

    var events: [MigrationEvent] { lock.withLock { recorded } }

    /// Waits (up to `timeout`) until an event matches `predicate`.
    func wait(timeout: Duration = .seconds(30), for predicate: (MigrationEvent) -> Bool) async throws -> MigrationEvent?
    {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let event = events.first(where: predicate) { return event }
            try await Task.sleep(for: .milliseconds(10))
        }
        return nil
    }
}

/// The error `body` throws, if it is an `E`.
func caught<E: Error>(_ type: E.Type, _ body: () async throws -> Void) async -> E? {
    do {
        try await body()
        return nil
    } catch let error as E {
        return error
    } catch {
        Issue.record("expected \(E.self), got \(String(reflecting: error))")
        return nil
    }
}

/// A directory of migration files that deletes itself.
struct MigrationDirectory: ~Copyable {
    let url: URL

    init(_ files: [String: String]) throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("migrations-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        for (name, text) in files {
            try Data(text.utf8).write(to: url.appendingPathComponent(name))
        }
    }

    func write(_ name: String, bytes: [UInt8]) throws {
        try Data(bytes).write(to: url.appendingPathComponent(name))
    }

    deinit { try? FileManager.default.removeItem(at: url) }
}

extension MigrationSet {
    /// In-memory migrations from (version, name, sql).
    static func of(_ items: [(Int, String, String)]) throws -> MigrationSet {
        try MigrationSet(items.map { try Migration(version: $0.0, name: $0.1, sql: $0.2) })
    }
}
