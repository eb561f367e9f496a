/// How long to wait before the next connection attempt after failures: exponential from `base`,
/// capped at `cap`, with "equal jitter" (half fixed, half random) so that many clients restarted
/// together do not reconnect in lock-step.
public struct ReconnectBackoff: Sendable, Hashable {
    public var base: Duration
    public var cap: Duration

    public init(base: Duration, cap: Duration) {
        self.base = base
        self.cap = cap
    }

    /// The wait after `failures` consecutive failed attempts (1 = the first failure).
    public func delay(afterFailures failures: Int) -> Duration {
        delay(afterFailures: failures, randomFraction: Double.random(in: 0...1))
    }

    /// Deterministic form for tests: `randomFraction` in 0...1 picks the point in the jitter range.
    public func delay(afterFailures failures: Int, randomFraction: Double) -> Duration {
        let ceiling = nominalDelay(afterFailures: failures)
        let fraction = min(max(randomFraction, 0), 1)
        return ceiling / 2 + (ceiling / 2) * fraction
    }

    /// `base * 2^(failures-1)`, never above `cap` and never negative; doubling stops at the cap so
    /// it cannot overflow however many failures there were.
    public func nominalDelay(afterFailures failures: Int) -> Duration {
        let cap = max(self.cap, .zero)
        var delay = min(max(base, .zero), cap)
        var step = 1
        while step < failures, delay < cap {
            delay = min(delay * 2, cap)
            step += 1
        }
        return delay
    }
}
