import RESP

/// When a failed request may be sent once more on another connection.
enum RedisRetryPolicy {
    /// - Closed before anything was written: nothing can have run, always retried.
    /// - An idle pooled connection that the server had closed (restart, idle timeout) before the
    ///   client noticed, so not a single reply came back. The server cannot have answered; in the
    ///   rare case that it ran the command and then died, it runs twice, hence the opt-out.
    static func shouldRetry(
        _ results: [Result<RESPValue, RedisError>], fromIdleConnection: Bool, retryOnStaleConnection: Bool
    ) -> Bool {
        let errors = results.compactMap { result -> RedisError? in
            guard case .failure(let error) = result else { return nil }
            return error
        }
        if errors.contains(where: { $0.commandWasNotSent && $0.code == .connectionClosed }) { return true }
        guard fromIdleConnection, retryOnStaleConnection, !results.isEmpty, errors.count == results.count else {
            return false
        }
        return errors.allSatisfy { $0.code == .connectionClosed && !$0.commandWasNotSent }
    }
}
