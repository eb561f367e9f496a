import SpyglassEmbedded
import SpyglassPorts
import SpyglassRedis
import Testing

/// A leader lock under test: `make` gives one lock per "process" competing for leadership.
/// Leases run on real time (the Redis one on the server's clock), so the ttls here are short.
struct LeaderLockBackend: Sendable, CustomTestStringConvertible {
    var name: String
    var make: @Sendable (_ processes: Int) async throws -> [any LeaderLock]

    var testDescription: String { name }

    static let all: [LeaderLockBackend] = [inProcess] + (TestRedis.isEnabled ? [redis] : [])

    static let inProcess = LeaderLockBackend(name: "in process") { processes in
        Array(repeating: InProcessLeaderLock(), count: processes)
    }

    static let redis = LeaderLockBackend(name: "Redis") { processes in
        let server = try await TestRedis.server()
        var locks: [any LeaderLock] = []
        for _ in 0..<processes {
            locks.append(RedisLeaderLock(client: try await TestRedis.client(of: server)))
        }
        return locks
    }
}

@Suite("Leader lock contract", .stopsTestRedis)
struct LeaderLockContractTests {
    @Test("one owner leads; another gets nil; renewal keeps the lead and the token", arguments: LeaderLockBackend.all)
    func oneLeader(backend: LeaderLockBackend) async throws {
        let locks = try await backend.make(2)
        // A generous ttl: a loaded test machine may pause this task for seconds.
        let ttl: Duration = .seconds(8)
        let token = try #require(try await locks[0].acquireOrRenew(name: "scheduler", owner: "a", ttl: ttl))
        #expect(try await locks[1].acquireOrRenew(name: "scheduler", owner: "b", ttl: ttl) == nil)
        // Renewed well within the ttl for longer than one ttl: still the leader, same token.
        let until = ContinuousClock.now + .seconds(9)
        while ContinuousClock.now < until {
            try await Task.sleep(for: .milliseconds(500))
            #expect(try await locks[0].acquireOrRenew(name: "scheduler", owner: "a", ttl: ttl) == token)
            #expect(try await locks[1].acquireOrRenew(name: "scheduler", owner: "b", ttl: ttl) == nil)
        }
    }

    @Test("without renewal the lead passes on after the ttl, with a larger token", arguments: LeaderLockBackend.all)
    func takeOverAfterTTL(backend: LeaderLockBackend) async throws {
        let locks = try await backend.make(2)
        // Both "processes" connect before the clock starts: a first connection can take longer than a short ttl.
        _ = try await locks[1].acquireOrRenew(name: "warm-up", owner: "b", ttl: .milliseconds(1))
        let first = try #require(
            try await locks[0].acquireOrRenew(name: "scheduler", owner: "a", ttl: .milliseconds(1_500)))
        #expect(try await locks[1].acquireOrRenew(name: "scheduler", owner: "b", ttl: .milliseconds(1_500)) == nil)
        let second = try #require(
            try await Self.poll { try await locks[1].acquireOrRenew(name: "scheduler", owner: "b", ttl: .seconds(5)) })
        #expect(second > first)
        // The old leader comes back (a long GC pause, a partition) and finds itself replaced.
        #expect(try await locks[0].acquireOrRenew(name: "scheduler", owner: "a", ttl: .seconds(5)) == nil)
    }

    @Test("release lets another in at once; only the holder can release", arguments: LeaderLockBackend.all)
    func release(backend: LeaderLockBackend) async throws {
        let locks = try await backend.make(2)
        let first = try #require(try await locks[0].acquireOrRenew(name: "scheduler", owner: "a", ttl: .seconds(60)))
        try await locks[1].release(name: "scheduler", owner: "b")
        #expect(try await locks[1].acquireOrRenew(name: "scheduler", owner: "b", ttl: .seconds(60)) == nil)
        try await locks[0].release(name: "scheduler", owner: "a")
        let second = try #require(try await locks[1].acquireOrRenew(name: "scheduler", owner: "b", ttl: .seconds(60)))
        #expect(second > first)
        try await locks[0].release(name: "scheduler", owner: "a")
        #expect(try await locks[1].acquireOrRenew(name: "scheduler", owner: "b", ttl: .seconds(60)) == second)
    }

    @Test("names are independent, whatever their characters", arguments: LeaderLockBackend.all)
    func independentNames(backend: LeaderLockBackend) async throws {
        let locks = try await backend.make(2)
        for name in ["scheduler", "digests", "{tag} with space", "ünïcødé", ""] {
            #expect(try await locks[0].acquireOrRenew(name: name, owner: "a", ttl: .seconds(60)) != nil)
            #expect(try await locks[1].acquireOrRenew(name: name, owner: "b", ttl: .seconds(60)) == nil)
        }
        #expect(try await locks[1].acquireOrRenew(name: "other", owner: "b", ttl: .seconds(60)) != nil)
    }

    /// The first non-nil answer of `attempt`, tried every 20 ms for at most 5 s.
    static func poll<T: Sendable>(_ attempt: () async throws -> T?) async throws -> T? {
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline {
            if let value = try await attempt() { return value }
            try await Task.sleep(for: .milliseconds(20))
        }
        return nil
    }
}
