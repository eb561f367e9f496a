/// Leadership of a singleton duty (the scheduler) among many processes. The
/// holder renews before the lease runs out; whoever stops renewing (crashed,
/// partitioned) loses it after `ttl`, and another process takes over. Every
/// acquisition gets a larger fencing token, so work stamped by an old leader can
/// be told from the new one's.
public protocol LeaderLock: Sendable {
    /// Becomes or stays leader of `name` for `ttl`: the fencing token while leading, nil when another process leads.
    func acquireOrRenew(name: String, owner: String, ttl: Duration) async throws -> UInt64?
    /// Gives leadership up at once (graceful shutdown), if `owner` holds it.
    func release(name: String, owner: String) async throws
}
