import Foundation
import RESP
import RedisClient
import RedisTestSupport
import SpyglassPorts
import SpyglassRedis
import Testing

/// What only the Redis rate limiter and leader lock have to prove: keys that vanish when idle, a
/// fencing counter that outlives the lock, and failures as errors when Redis is gone.
@Suite(
    "Redis rate limiter and leader lock", .stopsTestRedis,
    .enabled(if: TestRedis.isEnabled, "redis-server is not installed"))
struct RedisLimiterAndLockTests {
    @Test("a rate-limit key expires when its budget is whole again")
    func idleKeysVanish() async throws {
        let client = try await TestRedis.client(of: try await TestRedis.server())
        let limiter = RedisRateLimiter(client: client, now: { 1_800_000_000 })
        // Windows of tens of seconds: the keys expire on the server's real clock, and a loaded
        // test machine may pause this test for a second or two between two commands.
        let policy = RateLimitPolicy(limit: 3, window: .seconds(30))
        _ = try await limiter.acquire(key: "host:rival.example", policy: policy)
        let once = try #require(try await client.send(RESPCommand("PTTL", "spyglass:rate:host:rival.example")).int)
        // The budget's time plus the minute allowed for clock disagreement.
        #expect(once > 60_000 && once <= 70_000)
        _ = try await limiter.acquire(key: "host:rival.example", policy: policy)
        _ = try await limiter.acquire(key: "host:rival.example", policy: policy)
        let full = try #require(try await client.send(RESPCommand("PTTL", "spyglass:rate:host:rival.example")).int)
        #expect(full > 80_000 && full <= 90_000)
        // A refusal writes nothing.
        #expect(try await !limiter.acquire(key: "host:rival.example", policy: policy).allowed)
        #expect(try await client.send(RESPCommand("PTTL", "spyglass:rate:host:rival.example")).int ?? 0 <= full)
    }

    @Test("the lock expires with its ttl; the fencing counter does not")
    func lockKeys() async throws {
        let client = try await TestRedis.client(of: try await TestRedis.server())
        let lock = RedisLeaderLock(client: client)
        let token = try #require(try await lock.acquireOrRenew(name: "scheduler", owner: "a", ttl: .seconds(10)))
        let ttl = try #require(try await client.send(RESPCommand("PTTL", "spyglass:leader:{scheduler}")).int)
        #expect(ttl > 0 && ttl <= 10_000)
        #expect(try await client.send(RESPCommand("PTTL", "spyglass:leader:{scheduler}:fence")).int == -1)
        try await lock.release(name: "scheduler", owner: "a")
        #expect(try await client.send(RESPCommand("EXISTS", "spyglass:leader:{scheduler}")).int == 0)
        #expect(try await lock.acquireOrRenew(name: "scheduler", owner: "b", ttl: .seconds(10)) == token + 1)
    }

    @Test("with Redis gone, decisions fail with an error instead of guessing")
    func redisGone() async throws {
        let server = try await TestRedis.server()
        let client = try await TestRedis.process(of: server, timeout: .seconds(2)).client
        let limiter = RedisRateLimiter(client: client)
        let lock = RedisLeaderLock(client: client)
        #expect(try await limiter.acquire(key: "k", policy: RateLimitPolicy(limit: 1, window: .seconds(1))).allowed)
        try await server.kill()
        await #expect(throws: RedisError.self) {
            try await limiter.acquire(key: "k", policy: RateLimitPolicy(limit: 1, window: .seconds(1)))
        }
        await #expect(throws: RedisError.self) {
            try await lock.acquireOrRenew(name: "s", owner: "a", ttl: .seconds(1))
        }
    }
}
