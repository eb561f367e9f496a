import Foundation
import Logging
import PostgresNIO
import ServiceLifecycle
import SpyglassDomain
import SpyglassPorts

/// The pooled connection to Spyglass's PostgreSQL database, as the application
/// role. Every unit of work is one transaction that first sets `app.tenant_id`
/// with `set_config(…, true)`: the setting dies with the transaction, so a pooled
/// connection never carries a tenant into the next one.
public final class PostgresPool: Service, Sendable {
    let client: PostgresClient
    let logger: Logger
    /// Rings in this process when events were appended to the log (by a bus, or by a
    /// check's transaction); other processes hear of them through `NOTIFY spyglass_events`.
    let eventWrites = WakeupBroadcaster()

    public init(url: PostgresURL, logger: Logger, maximumConnections: Int = 20) {
        var configuration = url.configuration
        configuration.options.maximumConnections = maximumConnections
        self.client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        self.logger = logger
    }

    /// Runs the pool until the task is cancelled; nothing can be queried unless this runs.
    public func run() async {
        await client.run()
    }

    /// One transaction in the tenant's context: row-level security shows it its own rows only.
    func withTenant<T: Sendable>(
        _ tenant: Tenant.ID, _ body: (PostgresConnection) async throws -> T
    ) async throws -> T {
        try await transaction { connection in
            try await connection.query(
                "SELECT set_config('app.tenant_id', \(tenant.rawValue), true)", logger: logger)
            return try await body(connection)
        }
    }

    /// One transaction with no tenant: tables show nothing, only the narrow
    /// cross-tenant functions of the schema reach across tenants.
    func withoutTenant<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        try await transaction(body)
    }

    private func transaction<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        do {
            return try await client.withConnection { connection in
                try await connection.query("BEGIN", logger: logger)
                do {
                    let result = try await body(connection)
                    try await connection.query("COMMIT", logger: logger)
                    return result
                } catch {
                    _ = try? await connection.query("ROLLBACK", logger: logger)
                    throw error
                }
            }
        } catch let error as PSQLError {
            throw StorageError(error)
        }
    }
}

extension StorageError {
    /// A server error as the port's error: conflicts are the caller's to handle,
    /// everything else is the database being unavailable.
    init(_ error: PSQLError) {
        let state = error.serverInfo?[.sqlState]
        let message = error.serverInfo?[.message] ?? "\(error.code)"
        switch state {
        case "23505", "23503", "40001", "40P01":
            self.init(.conflict, "database conflict: \(message)")
        default:
            self.init(.unavailable, "database error: \(message)")
        }
    }
}
