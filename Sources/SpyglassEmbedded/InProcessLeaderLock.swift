import SpyglassPorts
import Synchronization

/// Leadership within one process (the embedded mode has one scheduler anyway);
/// the same lease and fencing rules as the distributed lock, so both pass one contract.
public final class InProcessLeaderLock: LeaderLock {
    private struct Lease {
        var owner: String
        var expires: ContinuousClock.Instant
        var token: UInt64
    }

    /// Leases by name, and the last token handed out per name (which outlives its lease).
    private let state = Mutex<(leases: [String: Lease], tokens: [String: UInt64])>(([:], [:]))
    private let now: @Sendable () -> ContinuousClock.Instant

    public init(now: @escaping @Sendable () -> ContinuousClock.Instant = { ContinuousClock.now }) {
        self.now = now
    }

    public func acquireOrRenew(name: String, owner: String, ttl: Duration) async throws -> UInt64? {
        let current = now()
        return state.withLock { state -> UInt64? in
            if let lease = state.leases[name], lease.expires > current {
                guard lease.owner == owner else { return nil }
                state.leases[name]?.expires = current + ttl
                return lease.token
            }
            let token = state.tokens[name, default: 0] + 1
            state.tokens[name] = token
            state.leases[name] = Lease(owner: owner, expires: current + ttl, token: token)
            return token
        }
    }

    public func release(name: String, owner: String) async throws {
        state.withLock { state in
            if state.leases[name]?.owner == owner { state.leases[name] = nil }
        }
    }
}
