/// Exponential back-off with jitter between retries after a lock timeout.
/// Jitter spreads retries of several waiters so they do not queue up again together.
public struct RetryBackoff: Sendable, Hashable {
    /// The delay before the first retry (before jitter).
    public var base: Duration
    /// No delay exceeds this.
    public var cap: Duration

    public init(base: Duration = .milliseconds(200), cap: Duration = .seconds(5)) {
        self.base = base
        self.cap = cap
    }

    /// The delay before retry number `retry` (1-based): a random point in
    /// [d/2, d] where d = min(cap, base · 2^(retry-1)).
    public func delay(beforeRetry retry: Int) -> Duration {
        var generator = SystemRandomNumberGenerator()
        return delay(beforeRetry: retry, using: &generator)
    }

    public func delay(beforeRetry retry: Int, using generator: inout some RandomNumberGenerator) -> Duration {
        let capNanos = max(0, cap.nanoseconds)
        var nanos = min(capNanos, max(0, base.nanoseconds))
        for _ in 1..<max(1, min(retry, 63)) where nanos < capNanos {
            nanos = min(capNanos, nanos * 2)
        }
        guard nanos > 0 else { return .zero }
        return .nanoseconds(Int64.random(in: (nanos / 2)...nanos, using: &generator))
    }
}

extension Duration {
    /// Whole nanoseconds, saturating at Int64's bounds.
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        let (scaled, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        if overflow { return seconds < 0 ? .min : .max }
        let (sum, overflow2) = scaled.addingReportingOverflow(attoseconds / 1_000_000_000)
        if overflow2 { return seconds < 0 ? .min : .max }
        return sum
    }

    /// Whole milliseconds clamped to 1...Int32.max, the range PostgreSQL accepts for a
    /// timeout that is on (0 would switch the timeout off).
    var postgresTimeoutMilliseconds: Int64 {
        min(Int64(Int32.max), max(1, nanoseconds / 1_000_000))
    }
}
