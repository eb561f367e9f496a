/// Exponential back-off with "full jitter": attempt n waits a random time in
/// [0, min(cap, base * 2^(n-1))], never less than `minimum`. Jitter keeps many
/// failing jobs from retrying in lock-step against the same host.
public struct BackoffSchedule: Sendable, Equatable {
    public var base: Duration
    public var cap: Duration
    public var minimum: Duration

    public init(base: Duration, cap: Duration, minimum: Duration = .zero) {
        self.base = base
        self.cap = cap
        self.minimum = minimum
    }

    /// The upper bound for `attempt` (1-based), before jitter.
    public func ceiling(forAttempt attempt: Int) -> Duration {
        let exponent = min(max(attempt, 1) - 1, 40)
        let baseSeconds = base.seconds
        let grown = baseSeconds * Double(UInt64(1) << UInt64(exponent))
        return .seconds(min(grown, cap.seconds))
    }

    public func delay(forAttempt attempt: Int, using generator: inout some RandomNumberGenerator) -> Duration {
        let ceiling = ceiling(forAttempt: attempt).seconds
        let floor = min(minimum.seconds, ceiling)
        let jittered = Double.random(in: floor...ceiling, using: &generator)
        return .milliseconds(Int64((jittered * 1000).rounded()))
    }

    public func delay(forAttempt attempt: Int) -> Duration {
        var generator = SystemRandomNumberGenerator()
        return delay(forAttempt: attempt, using: &generator)
    }

    /// Job retries: 2 s, 4 s, 8 s … up to 10 minutes.
    public static let jobs = BackoffSchedule(base: .seconds(2), cap: .seconds(600), minimum: .seconds(1))
    /// Webhook deliveries: 10 s, 20 s, 40 s … up to an hour, for at most 24 hours in all.
    public static let deliveries = BackoffSchedule(base: .seconds(10), cap: .seconds(3_600), minimum: .seconds(5))
}

extension Duration {
    /// The duration in seconds, as a Double.
    public var seconds: Double {
        let parts = components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }
}
