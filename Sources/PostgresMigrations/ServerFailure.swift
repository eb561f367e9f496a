import PostgresNIO

/// The parts of a database error worth showing: the server's SQLSTATE and message.
struct ServerFailure: Sendable {
    var sqlState: String?
    var message: String

    /// `lock_not_available`: `lock_timeout` expired (or `NOWAIT` failed).
    static let lockNotAvailable = "55P03"

    init(_ error: any Error) {
        if let error = error as? PSQLError {
            sqlState = error.serverInfo?[.sqlState]
            if let serverMessage = error.serverInfo?[.message] {
                message = serverMessage
            } else {
                // PSQLError's description hides details on purpose; the code is safe to show.
                message = "database error: \(error.code)"
            }
        } else {
            sqlState = nil
            message = String(describing: error)
        }
    }

    var isLockTimeout: Bool { sqlState == Self.lockNotAvailable }
}
