/// Waits for `wait()` but no longer than `timeout`: when the timer (or the caller's cancellation)
/// comes first, `expire(cancelled)` is called and must make `wait()` return soon. Its result is
/// always the answer, so a value that arrives just as time runs out is never lost (for example a
/// connection lent to a waiter in the same instant it gave up). Structured: two child tasks.
/// Nil only if `wait()` never returned, which a correct `expire` rules out.
public func withDeadline<Value: Sendable>(
    _ timeout: Duration,
    wait: @escaping @Sendable () async -> Value,
    expire: @escaping @Sendable (_ cancelled: Bool) async -> Void
) async -> Value? {
    await withTaskGroup(of: Value?.self) { group in
        group.addTask { await wait() }
        group.addTask {
            try? await Task.sleep(for: timeout)
            return nil
        }
        var value: Value?
        while let next = await group.next() {
            if let next {
                value = next
                group.cancelAll()
            } else if value == nil {
                await expire(Task.isCancelled)
            }
        }
        return value
    }
}
