import RESP
import RedisClient
import SpyglassPorts

/// Leadership through Redis, for the scheduler of a fleet: the twin of `InProcessLeaderLock`.
///
/// The lock is a hash (`owner`, `token`) with a time to live: taken only when absent (the
/// semantics of `SET key value NX PX ttl`), renewed only by its holder (owner compared, then
/// `PEXPIRE`), released by compare-and-delete — each one Lua script, so no check is separated
/// from its write. Every new acquisition takes the next value of a counter key that never
/// expires: the fencing token. It is as durable as Redis's persistence (AOF keeps it growing
/// across restarts). The lease runs on the server's clock, so it needs no clock agreement.
public final class RedisLeaderLock: LeaderLock {
    let client: RedisClient
    let keyPrefix: String

    public init(client: RedisClient, keyPrefix: String = "spyglass") {
        self.client = client
        self.keyPrefix = keyPrefix
    }

    public func acquireOrRenew(name: String, owner: String, ttl: Duration) async throws -> UInt64? {
        let millis = max(RedisMilliseconds.of(ttl), 1)
        let reply = try await client.evaluate(Self.acquireScript, keys: keys(name), arguments: [owner, String(millis)])
        if reply.isNull { return nil }
        let token = try RedisReply.integer(reply, context: "leader lock")
        guard let fencing = UInt64(exactly: token) else {
            throw RedisAdapterError(.unexpectedReply, "leader lock: a negative fencing token")
        }
        return fencing
    }

    public func release(name: String, owner: String) async throws {
        _ = try await client.evaluate(Self.releaseScript, keys: keys(name), arguments: [owner])
    }

    /// The lock and its fencing counter share a hash tag (the name), hence a slot.
    private func keys(_ name: String) -> [String] {
        ["\(keyPrefix):leader:{\(name)}", "\(keyPrefix):leader:{\(name)}:fence"]
    }

    /// KEYS: lock, fence. ARGV: owner, ttl ms. Returns the token while `owner` leads, else nil.
    static let acquireScript = RedisScript("""
        local holder = redis.call('HGET', KEYS[1], 'owner')
        if not holder then
          local token = redis.call('INCR', KEYS[2])
          redis.call('HSET', KEYS[1], 'owner', ARGV[1], 'token', token)
          redis.call('PEXPIRE', KEYS[1], ARGV[2])
          return token
        end
        if holder ~= ARGV[1] then return false end
        redis.call('PEXPIRE', KEYS[1], ARGV[2])
        return tonumber(redis.call('HGET', KEYS[1], 'token'))
        """)

    /// KEYS: lock, fence. ARGV: owner. Deletes the lock only if `owner` holds it.
    static let releaseScript = RedisScript("""
        if redis.call('HGET', KEYS[1], 'owner') == ARGV[1] then return redis.call('DEL', KEYS[1]) end
        return 0
        """)
}
