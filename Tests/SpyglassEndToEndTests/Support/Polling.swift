/// Asks `probe` again and again until it answers non-nil, or fails after
/// `timeout`. An error thrown by `probe` ends the wait at once. Waits are
/// short and bounded, never a fixed long sleep.
func eventually<T: Sendable>(
    _ what: String, timeout: Duration = .seconds(30), interval: Duration = .milliseconds(100),
    _ probe: () async throws -> T?
) async throws -> T {
    let clock = ContinuousClock()
    let deadline = clock.now.advanced(by: timeout)
    while true {
        if let value = try await probe() { return value }
        if clock.now >= deadline { throw E2EError(.timeout, "waited \(timeout) for \(what)") }
        try await Task.sleep(for: interval)
    }
}
