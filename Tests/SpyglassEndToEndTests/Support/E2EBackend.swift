import Foundation
import RedisTestSupport
import Testing

/// Where the served binary keeps its data in a scenario.
enum E2EBackend: String, Sendable, CustomTestStringConvertible {
    case sqlite = "SQLite"
    case postgres = "PostgreSQL"
    /// PostgreSQL for the data, a throw-away Redis for check jobs, live events, quotas and leadership.
    case postgresRedis = "PostgreSQL+Redis"

    var testDescription: String { rawValue }

    static let postgresVariable = "SPYGLASS_TEST_POSTGRES_URL"

    /// SQLite always; PostgreSQL when a server is given (always in CI, where a missing one fails).
    static var available: [E2EBackend] {
        let environment = ProcessInfo.processInfo.environment
        return environment[postgresVariable] != nil || environment["CI"] == "true" ? [.sqlite, .postgres] : [.sqlite]
    }

    static var postgresConfigured: Bool { available.contains(.postgres) }

    /// PostgreSQL with Redis: when both are there (on CI both must be).
    static var redisConfigured: Bool { postgresConfigured && TestRedisServer.shouldRun }

    /// `available`, plus `.postgresRedis` when it is configured.
    static var availableWithRedis: [E2EBackend] {
        available + (redisConfigured ? [.postgresRedis] : [])
    }

    var usesPostgres: Bool { self == .postgres || self == .postgresRedis }
}

/// A database made for one scenario the way an operator makes one:
/// `spyglass db bootstrap`, then `spyglass migrate up`.
struct PostgresE2EDatabase: Sendable {
    let name: String
    let adminURL: String
    let ownerURL: String
    let appURL: String

    static func create(cli: SpyglassCLI) async throws -> PostgresE2EDatabase {
        guard let admin = ProcessInfo.processInfo.environment[E2EBackend.postgresVariable], !admin.isEmpty else {
            throw E2EError(.processFailed, "\(E2EBackend.postgresVariable) is not set (scripts/test starts PostgreSQL)")
        }
        let name = "sge2e_" + String(UInt64.random(in: 0...UInt64.max), radix: 16)
        let bootstrap = try await cli.run(["db", "bootstrap", "--admin-url", admin, "--database", name])
        guard bootstrap.termination == .exit(0) else {
            throw E2EError(.processFailed, "db bootstrap ended with \(bootstrap.termination): \(bootstrap.standardError)")
        }
        func value(_ key: String) throws -> String {
            for line in bootstrap.standardOutput.split(separator: "\n") {
                let trimmed = line.trimmingCharacters(in: .whitespaces)
                if trimmed.hasPrefix(key + "=") { return String(trimmed.dropFirst(key.count + 1)) }
            }
            throw E2EError(.unexpectedResponse, "db bootstrap printed no \(key): \(bootstrap.standardOutput)")
        }
        let database = PostgresE2EDatabase(
            name: name, adminURL: admin, ownerURL: try value("SPYGLASS_MIGRATE_URL"),
            appURL: try value("SPYGLASS_DATABASE_URL"))
        let migrate = try await cli.run(["migrate", "up"], environment: ["SPYGLASS_MIGRATE_URL": database.ownerURL])
        guard migrate.termination == .exit(0) else {
            throw E2EError(.processFailed, "migrate up ended with \(migrate.termination): \(migrate.standardError)")
        }
        return database
    }

    /// The URL of this database as the cluster's superuser (for seeding and locking from tests).
    var adminDatabaseURL: String {
        guard var components = URLComponents(string: adminURL) else { return adminURL }
        components.path = "/" + name
        return components.string ?? adminURL
    }

    func drop() async {
        _ = try? await PSQL.run(
            "DROP DATABASE IF EXISTS \(name) WITH (FORCE); DROP ROLE IF EXISTS \(name)_app; DROP ROLE IF EXISTS \(name)_owner;",
            url: adminURL)
    }
}

/// `psql` (PostgreSQL's client, on the image with the server) for statements the
/// binary has no command for: seeding a million rows, holding a lock.
enum PSQL {
    @discardableResult
    static func run(_ sql: String, url: String, timeout: Duration = .seconds(300)) async throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/psql")
        process.arguments = [url, "-X", "-q", "-t", "-A", "-v", "ON_ERROR_STOP=1", "-c", sql]
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let deadline = ContinuousClock.now + timeout
        while process.isRunning {
            if ContinuousClock.now > deadline {
                process.terminate()
                throw E2EError(.timeout, "psql still ran after \(timeout): \(sql.prefix(80))")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        guard process.terminationStatus == 0 else {
            let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            throw E2EError(.processFailed, "psql failed: \(message)")
        }
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
