import PostgresNIO

/// Where the runners get their one connection per run: a running `PostgresClient`
/// pool, or a function that opens a connection (closed again after the run).
public struct PostgresConnectionSource: Sendable {
    private enum Backing: Sendable {
        case client(PostgresClient)
        case factory(@Sendable () async throws -> PostgresConnection)
        case borrowed(PostgresConnection)
    }

    private let backing: Backing

    /// Leases connections from `client`, whose `run()` must be running.
    public static func client(_ client: PostgresClient) -> PostgresConnectionSource {
        PostgresConnectionSource(backing: .client(client))
    }

    /// Opens a connection with `open` for each run and closes it afterwards.
    public static func factory(
        _ open: @escaping @Sendable () async throws -> PostgresConnection
    ) -> PostgresConnectionSource {
        PostgresConnectionSource(backing: .factory(open))
    }

    /// The migrator's own session (which holds the migrator lock), lent for a back-fill.
    static func borrowing(_ connection: PostgresConnection) -> PostgresConnectionSource {
        PostgresConnectionSource(backing: .borrowed(connection))
    }

    func withConnection<Result: Sendable>(
        _ body: (PostgresConnection) async throws -> Result
    ) async throws -> Result {
        switch backing {
        case .client(let client):
            return try await client.withConnection { connection in try await body(connection) }
        case .borrowed(let connection):
            return try await body(connection)
        case .factory(let open):
            let connection = try await open()
            do {
                let result = try await body(connection)
                try? await connection.close()
                return result
            } catch {
                try? await connection.close()
                throw error
            }
        }
    }
}
