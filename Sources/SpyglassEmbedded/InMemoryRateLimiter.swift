import Foundation
import SpyglassDomain
import SpyglassPorts
import Synchronization

/// GCRA (the generic cell rate algorithm) in memory: one timestamp per key, an
/// exact answer in O(1), and a smooth spread of events instead of bursts at
/// window edges. Its distributed twin runs the same arithmetic in Redis.
public final class InMemoryRateLimiter: RateLimiter {
    private let theoreticalArrival = Mutex<[String: Double]>([:])
    private let now: @Sendable () -> Double

    public init(now: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 }) {
        self.now = now
    }

    public func acquire(key: String, policy: RateLimitPolicy) async throws -> RateLimitDecision {
        let limit = max(policy.limit, 1)
        let window = max(policy.window.seconds, 0)
        guard window > 0 else { return RateLimitDecision(allowed: true, remaining: limit, retryAfter: .zero) }
        let interval = window / Double(limit)
        let current = now()
        return theoreticalArrival.withLock { table in
            let tat = max(table[key] ?? current, current)
            let newTAT = tat + interval
            let allowAt = newTAT - window
            if allowAt > current {
                let retry = allowAt - current
                return RateLimitDecision(allowed: false, remaining: 0, retryAfter: .milliseconds(Int64(retry * 1000) + 1))
            }
            table[key] = newTAT
            if table.count > 100_000 { table = table.filter { $0.value > current } }
            let remaining = Int(((current + window - newTAT) / interval).rounded(.down))
            return RateLimitDecision(allowed: true, remaining: max(remaining, 0), retryAfter: .zero)
        }
    }
}
