import ClientSupport

/// How long to wait before the next connection attempt after failures: exponential from `base`,
/// capped at `cap`, with "equal jitter" (half fixed, half random) so that many clients restarted
/// together do not reconnect in lock-step. The arithmetic is `ReconnectBackoff`'s; this type keeps
/// the Redis client's public configuration API and defaults.
public struct RedisReconnectBackoff: Sendable, Hashable {
    public var base: Duration
    public var cap: Duration

    public init(base: Duration = .milliseconds(50), cap: Duration = .seconds(5)) {
        self.base = base
        self.cap = cap
    }

    /// The wait after `failures` consecutive failed attempts (1 = the first failure).
    public func delay(afterFailures failures: Int) -> Duration {
        schedule.delay(afterFailures: failures)
    }

    var schedule: ReconnectBackoff { ReconnectBackoff(base: base, cap: cap) }
}
