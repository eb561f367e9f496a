import Logging
import PostgresNIO

/// The session-level advisory lock that lets one migrator run at a time.
///
/// It is taken by polling `pg_try_advisory_lock` rather than blocking in
/// `pg_advisory_lock`: a blocked statement keeps a snapshot open, and the holder's
/// `CREATE INDEX CONCURRENTLY` waits for every older snapshot — a deadlock.
struct AdvisoryLock: Sendable {
    let key: Int64
    let pollInterval: Duration

    /// Returns once this session holds the lock; calls `onWait` once if it has to wait.
    func acquire(on connection: PostgresConnection, logger: Logger, onWait: () -> Void) async throws {
        var waited = false
        while try await connection.firstValue("SELECT pg_try_advisory_lock(\(key))", as: Bool.self, logger: logger)
            != true
        {
            if !waited {
                waited = true
                onWait()
            }
            try await Task.sleep(for: pollInterval)
        }
    }

    /// Releases the lock. If that fails the connection is closed, which releases it
    /// too, so a pooled connection never goes back to the pool still holding it.
    func release(on connection: PostgresConnection, logger: Logger) async {
        let released = try? await connection.firstValue(
            "SELECT pg_advisory_unlock(\(key))", as: Bool.self, logger: logger)
        if released != true {
            logger.warning("could not release the migrator lock; closing the connection", metadata: ["key": "\(key)"])
            try? await connection.close()
        }
    }
}
