import Foundation
import PostgresNIO

/// A `postgres://user:password@host:port/database` URL as a client configuration.
/// TLS follows `sslmode` (`disable`, `prefer` (the default) or `require`).
public struct PostgresURL: Sendable, Equatable, CustomStringConvertible {
    public var host: String
    public var port: Int
    public var username: String
    public var password: String?
    public var database: String
    public var sslMode: String

    public init(_ text: String) throws(PostgresURLError) {
        guard let components = URLComponents(string: text),
              let scheme = components.scheme, ["postgres", "postgresql"].contains(scheme.lowercased())
        else { throw PostgresURLError("not a postgres:// URL") }
        guard let host = components.host, !host.isEmpty else { throw PostgresURLError("the URL has no host") }
        guard let user = components.user, !user.isEmpty else { throw PostgresURLError("the URL has no user") }
        let database = String(components.path.drop(while: { $0 == "/" }))
        guard !database.isEmpty, !database.contains("/") else { throw PostgresURLError("the URL names no database") }
        let mode = components.queryItems?.first(where: { $0.name == "sslmode" })?.value ?? "prefer"
        guard ["disable", "prefer", "require"].contains(mode) else {
            throw PostgresURLError("sslmode must be disable, prefer or require")
        }
        self.host = host
        self.port = components.port ?? 5432
        self.username = user
        self.password = components.password
        self.database = database
        self.sslMode = mode
    }

    public init(host: String, port: Int, username: String, password: String?, database: String, sslMode: String) {
        self.host = host
        self.port = port
        self.username = username
        self.password = password
        self.database = database
        self.sslMode = sslMode
    }

    /// The same server and credentials, another database.
    public func with(database: String) -> PostgresURL {
        var copy = self
        copy.database = database
        return copy
    }

    /// The same server and database, another role.
    public func with(username: String, password: String?) -> PostgresURL {
        var copy = self
        copy.username = username
        copy.password = password
        return copy
    }

    public var configuration: PostgresClient.Configuration {
        let tls: PostgresClient.Configuration.TLS = switch sslMode {
        case "disable": .disable
        case "require": .require(.makeClientConfiguration())
        default: .prefer(.makeClientConfiguration())
        }
        return PostgresClient.Configuration(
            host: host, port: port, username: username, password: password, database: database, tls: tls)
    }

    /// The full URL, password included: for the operator who asked for it, never for a log.
    public var connectionString: String {
        var components = URLComponents()
        components.scheme = "postgres"
        components.host = host
        components.port = port
        components.user = username
        components.password = password
        components.path = "/" + database
        if sslMode != "prefer" { components.queryItems = [URLQueryItem(name: "sslmode", value: sslMode)] }
        return components.string ?? ""
    }

    /// The URL with the password masked, safe to log.
    public var description: String {
        var masked = self
        masked.password = password == nil ? nil : "***"
        return masked.connectionString
    }
}

public struct PostgresURLError: Error, Sendable, CustomStringConvertible {
    public var message: String
    init(_ message: String) { self.message = message }
    public var description: String { "bad database URL: \(message)" }
}
