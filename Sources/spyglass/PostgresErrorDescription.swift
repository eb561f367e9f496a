import PostgresNIO

/// A database failure as one readable line: the server's message when there is
/// one (postgres-nio's own description hides it), the error otherwise.
func describePostgresError(_ error: any Error) -> String {
    if let error = error as? PSQLError {
        if let message = error.serverInfo?[.message] {
            return message + (error.serverInfo?[.sqlState].map { " (SQLSTATE \($0))" } ?? "")
        }
        return "\(error.code)"
    }
    return "\(error)"
}
