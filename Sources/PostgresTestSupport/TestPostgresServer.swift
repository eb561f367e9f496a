import Foundation
import Logging
import PostgresNIO
import SpyglassPostgres

/// The PostgreSQL server the tests use, named by `SPYGLASS_TEST_POSTGRES_URL`
/// (a superuser URL; `scripts/test` starts one). Without it, a test fails in CI
/// and is skipped on a laptop.
public enum TestPostgresServer {
    public static let variable = "SPYGLASS_TEST_POSTGRES_URL"

    /// The admin URL, or nil when no server was given (and this is not CI).
    public static func adminURL() throws -> PostgresURL? {
        let environment = ProcessInfo.processInfo.environment
        guard let text = environment[variable], !text.isEmpty else {
            if environment["CI"] == "true" {
                throw TestPostgresUnavailable(
                    message: "\(variable) is not set; in CI the PostgreSQL tests must run (scripts/test starts the server)")
            }
            return nil
        }
        return try PostgresURL(text)
    }

    /// True when the PostgreSQL tests can run; the message says what to start when not.
    public static var isConfigured: Bool {
        let environment = ProcessInfo.processInfo.environment
        return environment[variable] != nil || environment["CI"] == "true"
    }

    public static let skipMessage =
        "PostgreSQL tests skipped: set \(variable)=postgres://postgres@127.0.0.1:5440/postgres (scripts/test starts one)"
}

public struct TestPostgresUnavailable: Error, CustomStringConvertible {
    public var message: String
    public init(message: String) { self.message = message }
    public var description: String { message }
}
