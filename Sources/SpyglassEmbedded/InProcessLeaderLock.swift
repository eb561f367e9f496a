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

    private let leases = Mutex<[String: Lease]>([:])
    private let tokens = Mutex<[String: UInt64]>([:])
    private let now: @Sendable () -> ContinuousClock.Instant

    public init(now: @escaping @Sendable () -> ContinuousClock.Instant = { ContinuousClock.now }) {
        self.now = now
    }

    public func acquireOrRenew(name: String, owner: String, ttl: Duration) async throws -> UInt64? {
        let current = now()
        return leases.withLock { leases -> UInt64? in
            if let lease = leases[name], lease.expires > current, lease.owner != owner { return nil }
            if let lease = leases[name], lease.expires > current {
                leases[name]?.expires = current + ttl
                return lease.token
            }
            let token = tokens.withLock { tokens -> UInt64 in
                tokens[name, default: 0] += 1
                return tokens[name, default: 0]
            }
            leases[name] = Lease(owner: owner, expires: current + ttl, token: token)
            return token
        }
    }

    public func release(name: String, owner: String) async throws {
        leases.withLock { leases in
            if leases[name]?.owner == owner { leases[name] = nil }
        }
    }
}
