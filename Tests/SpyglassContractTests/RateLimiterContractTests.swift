import Foundation
import SpyglassEmbedded
import SpyglassPorts
import SpyglassRedis
import Testing

/// A rate limiter under test: `make` gives limiters that share one budget, as processes of a
/// fleet would (the in-memory one shares by being one object), all reading time from `now`.
struct RateLimiterBackend: Sendable, CustomTestStringConvertible {
    var name: String
    var make: @Sendable (_ processes: Int, _ now: @escaping @Sendable () -> Double) async throws -> [any RateLimiter]

    var testDescription: String { name }

    static let all: [RateLimiterBackend] = [inMemory] + (TestRedis.isEnabled ? [redis] : [])

    static let inMemory = RateLimiterBackend(name: "in memory") { processes, now in
        let limiter = InMemoryRateLimiter(now: now)
        return Array(repeating: limiter, count: processes)
    }

    /// One client per "process", all on one redis-server.
    static let redis = RateLimiterBackend(name: "Redis") { processes, now in
        let server = try await TestRedis.server()
        var limiters: [any RateLimiter] = []
        for _ in 0..<processes {
            limiters.append(RedisRateLimiter(client: try await TestRedis.client(of: server), now: now))
        }
        return limiters
    }
}

@Suite("Rate limiter contract", .stopsTestRedis)
struct RateLimiterContractTests {
    let policy = RateLimitPolicy(limit: 3, window: .seconds(3))

    func limiter(_ backend: RateLimiterBackend, _ now: Locked<Double>) async throws -> any RateLimiter {
        try #require(try await backend.make(1) { now.withLock { $0 } }.first)
    }

    @Test("GCRA allows the limit in a window, then refuses with the time to wait", arguments: RateLimiterBackend.all)
    func limitThenRefuse(backend: RateLimiterBackend) async throws {
        let now = Locked(1_800_000_000.25)
        let limiter = try await limiter(backend, now)
        var remaining: [Int] = []
        for _ in 0..<3 {
            let decision = try await limiter.acquire(key: "k", policy: policy)
            #expect(decision.allowed)
            #expect(decision.retryAfter == .zero)
            remaining.append(decision.remaining)
        }
        #expect(remaining == [2, 1, 0])
        let refused = try await limiter.acquire(key: "k", policy: policy)
        #expect(!refused.allowed)
        #expect(refused.remaining == 0)
        // One event frees every window / limit = 1 s.
        #expect(refused.retryAfter > .milliseconds(990) && refused.retryAfter <= .seconds(1) + .milliseconds(1))
        now.withLock { $0 += 0.5 }
        let stillRefused = try await limiter.acquire(key: "k", policy: policy)
        #expect(!stillRefused.allowed)
        #expect(stillRefused.retryAfter > .milliseconds(490) && stillRefused.retryAfter <= .milliseconds(501))
    }

    @Test("capacity comes back smoothly, one event per interval", arguments: RateLimiterBackend.all)
    func smoothRefill(backend: RateLimiterBackend) async throws {
        let now = Locked(1_800_000_000.0)
        let limiter = try await limiter(backend, now)
        for _ in 0..<3 { _ = try await limiter.acquire(key: "k", policy: policy) }
        for _ in 0..<4 {
            now.withLock { $0 += 1 }
            #expect(try await limiter.acquire(key: "k", policy: policy).allowed)
            #expect(try await !limiter.acquire(key: "k", policy: policy).allowed)
        }
        // After a whole idle window the full burst is back.
        now.withLock { $0 += 3 }
        for _ in 0..<3 { #expect(try await limiter.acquire(key: "k", policy: policy).allowed) }
        #expect(try await !limiter.acquire(key: "k", policy: policy).allowed)
    }

    @Test("keys are independent, whatever their characters", arguments: RateLimiterBackend.all)
    func independentKeys(backend: RateLimiterBackend) async throws {
        let now = Locked(1_800_000_000.0)
        let limiter = try await limiter(backend, now)
        let keys = [
            "api:ten_1", "api:ten_2", "host:{braces}", "with space\r\nand CRLF", "ünïcødé 🚀", "",
            String(repeating: "x", count: 10_000),
        ]
        for key in keys {
            for _ in 0..<3 { #expect(try await limiter.acquire(key: key, policy: policy).allowed) }
        }
        for key in keys {
            #expect(try await !limiter.acquire(key: key, policy: policy).allowed)
        }
    }

    @Test(
        "policies are clamped: a zero window allows everything, a zero limit means one",
        arguments: RateLimiterBackend.all)
    func degeneratePolicies(backend: RateLimiterBackend) async throws {
        let now = Locked(1_800_000_000.0)
        let limiter = try await limiter(backend, now)
        let unlimited = RateLimitPolicy(limit: 0, window: .zero)
        for _ in 0..<10 { #expect(try await limiter.acquire(key: "free", policy: unlimited).allowed) }
        let one = RateLimitPolicy(limit: 0, window: .seconds(60))
        #expect(try await limiter.acquire(key: "one", policy: one).allowed)
        #expect(try await !limiter.acquire(key: "one", policy: one).allowed)
    }

    @Test("concurrent acquires from 8 tasks on 2 processes never exceed the quota", arguments: RateLimiterBackend.all)
    func concurrentAcquires(backend: RateLimiterBackend) async throws {
        let limiters = try await backend.make(2) { 1_800_000_000.0 }
        let policy = RateLimitPolicy(limit: 20, window: .seconds(60))
        let allowed = try await withThrowingTaskGroup(of: Int.self) { group in
            for task in 0..<8 {
                let limiter = limiters[task % limiters.count]
                group.addTask {
                    var allowed = 0
                    for _ in 0..<10 {
                        if try await limiter.acquire(key: "shared", policy: policy).allowed { allowed += 1 }
                    }
                    return allowed
                }
            }
            return try await group.reduce(0, +)
        }
        // Time stands still, so exactly the burst fits.
        #expect(allowed == 20)
    }
}
