import Logging
import PostgresNIO

extension PostgresClient {
    /// A client for `url` that runs only while `body` does: for one-shot work
    /// (bootstrap, migrations, a CLI command, a test) rather than a serving pool.
    public static func withRunning<T: Sendable>(
        _ url: PostgresURL, logger: Logger, _ body: (PostgresClient) async throws -> T
    ) async throws -> T {
        let client = PostgresClient(configuration: url.configuration, backgroundLogger: logger)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            return try await body(client)
        }
    }
}
