import Logging
import PostgresNIO

extension PostgresConnection {
    /// Runs `query` and reads (and drops) any rows, so the connection is ready for the next one.
    func execute(_ query: PostgresQuery, logger: Logger) async throws {
        let rows = try await self.query(query, logger: logger)
        for try await _ in rows {}
    }

    /// The first column of the first row decoded as `Value`, or nil when there are no rows.
    func firstValue<Value: PostgresDecodable & Sendable>(
        _ query: PostgresQuery, as type: Value.Type, logger: Logger
    ) async throws -> Value? where Value._DecodableType == Value {
        var result: Value?
        for try await row in try await self.query(query, logger: logger).decode(Value?.self) where result == nil {
            result = row
        }
        return result
    }

    /// Sets `lock_timeout` and `statement_timeout` for the current transaction
    /// (`local`) or for the session. `set_config` takes them as bound values.
    func setTimeouts(lock: Duration, statement: Duration, local: Bool, logger: Logger) async throws {
        let lockValue = "\(lock.postgresTimeoutMilliseconds)ms"
        let statementValue = "\(statement.postgresTimeoutMilliseconds)ms"
        try await execute(
            "SELECT set_config('lock_timeout', \(lockValue), \(local)), set_config('statement_timeout', \(statementValue), \(local))",
            logger: logger)
    }

    /// Returns both timeouts to the server's defaults for this session.
    func resetTimeouts(logger: Logger) async throws {
        try await execute("RESET lock_timeout", logger: logger)
        try await execute("RESET statement_timeout", logger: logger)
    }
}
