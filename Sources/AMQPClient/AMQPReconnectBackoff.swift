/// How long to wait before the next connection attempt after failures: exponential from `min`,
/// capped at `max`, with "equal jitter" (half fixed, half random) so that many clients restarted
/// together do not reconnect in lock-step.
struct AMQPReconnectBackoff: Sendable, Hashable {
    var min: Duration
    var max: Duration

    /// The wait after `failures` consecutive failed attempts (1 = the first failure).
    func delay(afterFailures failures: Int) -> Duration {
        delay(afterFailures: failures, randomFraction: Double.random(in: 0...1))
    }

    /// Deterministic form for tests: `randomFraction` in 0...1 picks the point in the jitter range.
    func delay(afterFailures failures: Int, randomFraction: Double) -> Duration {
        let ceiling = nominalDelay(afterFailures: failures)
        let fraction = Swift.min(Swift.max(randomFraction, 0), 1)
        return ceiling / 2 + (ceiling / 2) * fraction
    }

    /// `min * 2^(failures-1)`, never above `max` and never negative; doubling stops at the cap so
    /// it cannot overflow however many failures there were.
    func nominalDelay(afterFailures failures: Int) -> Duration {
        let cap = Swift.max(max, .zero)
        var delay = Swift.min(Swift.max(min, .zero), cap)
        var step = 1
        while step < failures, delay < cap {
            delay = Swift.min(delay * 2, cap)
            step += 1
        }
        return delay
    }
}
