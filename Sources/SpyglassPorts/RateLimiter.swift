/// Decides whether one more event fits a key's budget. The embedded adapter
/// counts in memory (one process); the distributed one shares the count across
/// the fleet. Used for API quotas and per-host politeness when collecting.
public protocol RateLimiter: Sendable {
    /// Records one event for `key` if it fits `policy`, and says so.
    func acquire(key: String, policy: RateLimitPolicy) async throws -> RateLimitDecision
}

public struct RateLimitPolicy: Sendable, Hashable {
    /// Events allowed per `window`.
    public var limit: Int
    public var window: Duration

    public init(limit: Int, window: Duration) {
        self.limit = limit
        self.window = window
    }
}

public struct RateLimitDecision: Sendable, Equatable {
    public var allowed: Bool
    /// Events still allowed in the current window after this decision.
    public var remaining: Int
    /// When refused: how long until one more event would be allowed.
    public var retryAfter: Duration

    public init(allowed: Bool, remaining: Int, retryAfter: Duration) {
        self.allowed = allowed
        self.remaining = remaining
        self.retryAfter = retryAfter
    }
}
