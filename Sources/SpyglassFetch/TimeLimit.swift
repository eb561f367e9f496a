import SpyglassPorts

/// Runs `operation`, giving up with `failure` once `limit` has passed.
/// `onTimeout` runs first, to release whatever the operation waits on.
func withTimeLimit<Result: Sendable>(
    _ limit: Duration,
    failure: FetchFailure,
    onTimeout: @escaping @Sendable () async -> Void,
    _ operation: @escaping @Sendable () async throws -> Result
) async throws -> Result {
    let clock = ContinuousClock()
    let deadline = clock.now + limit
    do {
        return try await withThrowingTaskGroup(of: Result?.self) { group in
            group.addTask { try await operation() }
            group.addTask {
                try await Task.sleep(until: deadline, clock: clock)
                await onTimeout()
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let result = first else { throw failure }
            return result
        }
    } catch let error as FetchFailure {
        throw error
    } catch {
        // Released by `onTimeout`, the operation may fail before the timer
        // task reports: a late failure is the timeout's.
        if clock.now >= deadline { throw failure }
        throw error
    }
}
