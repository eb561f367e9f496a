import Foundation
import RESP
import RedisClient
import SpyglassDomain
import SpyglassPorts

/// GCRA shared by every process through Redis: the twin of `InMemoryRateLimiter`, with the same
/// arithmetic, run as one Lua script (one `EVALSHA` round trip per decision). Each key holds its
/// theoretical arrival time and expires when that time has passed, so idle keys vanish.
///
/// `now` is the caller's clock (the processes' clocks must agree, as with NTP); the default is
/// the wall clock. Keys are `<prefix>:rate:<key>`, not hash-tagged, so on Redis Cluster they
/// spread over the slots.
public final class RedisRateLimiter: RateLimiter {
    let client: RedisClient
    let keyPrefix: String
    private let now: @Sendable () -> Double

    public init(
        client: RedisClient, keyPrefix: String = "spyglass",
        now: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 }
    ) {
        self.client = client
        self.keyPrefix = keyPrefix
        self.now = now
    }

    public func acquire(key: String, policy: RateLimitPolicy) async throws -> RateLimitDecision {
        let limit = max(policy.limit, 1)
        let window = max(policy.window.seconds, 0)
        guard window > 0 else { return RateLimitDecision(allowed: true, remaining: limit, retryAfter: .zero) }
        let interval = window / Double(limit)
        // Doubles go as Swift's shortest exact text, which Lua's `tonumber` reads back exactly.
        let reply = try RedisReply.array(
            try await client.evaluate(
                Self.script, keys: ["\(keyPrefix):rate:\(key)"],
                arguments: [String(now()), String(window), String(interval)]),
            context: "rate limit")
        guard reply.count == 3, let allowed = reply[0].int, let remaining = reply[1].int,
              let retry = reply[2].string.flatMap(Double.init), retry.isFinite
        else { throw RedisAdapterError(.unexpectedReply, "rate limit: the script answered an unknown shape") }
        guard allowed == 1 else {
            let millis = Int64(min(max(retry * 1000, 0), 9e15)) + 1
            return RateLimitDecision(allowed: false, remaining: 0, retryAfter: .milliseconds(millis))
        }
        return RateLimitDecision(allowed: true, remaining: Int(max(remaining, 0)), retryAfter: .zero)
    }

    /// ARGV: now, window, interval (seconds). Returns {allowed 0/1, remaining, retry seconds as text}.
    /// The stored time is written with 17 significant digits so no precision is lost between calls.
    /// A key lives until its budget is whole again plus a minute: the callers' clocks (the `now`
    /// they pass) and the server's (which expires keys) may disagree, and a caller may stall.
    static let script = RedisScript("""
        local now, window, interval = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
        local stored = tonumber(redis.call('GET', KEYS[1]) or '')
        local tat = now
        if stored and stored > now then tat = stored end
        local newTAT = tat + interval
        local allowAt = newTAT - window
        if allowAt > now then
          return {0, 0, string.format('%.17g', allowAt - now)}
        end
        local ttl = math.ceil((newTAT - now) * 1000) + 60000
        if ttl < 1 then ttl = 1 end
        redis.call('SET', KEYS[1], string.format('%.17g', newTAT), 'PX', ttl)
        return {1, math.floor((now + window - newTAT) / interval), '0'}
        """)
}
