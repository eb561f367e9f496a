import Foundation
import RESP
import RedisClient
import RedisTestSupport
import SpyglassDomain
import SpyglassPorts
import SpyglassRedis
import Testing

/// What only the Redis queue has to prove: persistence across a server crash, hand-over between
/// processes, the dead-letter set, retention, cross-process wake-ups and hostile stored data.
@Suite("Redis job queue", .stopsTestRedis, .enabled(if: TestRedis.isEnabled, "redis-server is not installed"))
struct RedisJobQueueTests {
    let tenant = Tenant.ID.generate(at: Date(timeIntervalSince1970: 1_800_000_000))

    func job(_ clock: some WallClock, subject: String = "s", dedupe: String? = nil, max: Int = 3) -> Job {
        .new(tenantID: tenant, kind: .check, subjectID: subject, runAt: clock.now(), maxAttempts: max,
             dedupeKey: dedupe, now: clock.now())
    }

    @Test("jobs queued before a crash of redis-server (AOF) are leased after it; clients reconnect by themselves")
    func survivesServerCrash() async throws {
        let server = try await TestRedis.server(appendOnly: true)
        let clock = ManualClock()
        let queue = RedisJobQueue(client: try await TestRedis.client(of: server), clock: clock)
        var queued: [Job.ID] = []
        for index in 0..<3 {
            clock.advance(by: 1)
            queued.append(try await queue.enqueue(job(clock, subject: "s\(index)")).id)
        }
        let first = try #require(try await queue.lease(owner: "w1", for: .seconds(30)))
        #expect(first.id == queued[0])

        try await server.kill()
        try await server.start()

        // The pooled connections died with the server; the first calls may fail until it reconnects.
        let lastError = Locked<String?>(nil)
        let second = try #require(
            try await Self.poll {
                do {
                    return try await queue.lease(owner: "w2", for: .seconds(30))
                } catch {
                    lastError.withLock { $0 = "\(error)" }
                    return nil
                }
            }, "last error: \(lastError.withLock { $0 } ?? "none")")
        #expect(second.id == queued[1])
        #expect(try await queue.lease(owner: "w2", for: .seconds(30))?.id == queued[2])
        #expect(try await queue.lease(owner: "w2", for: .seconds(30)) == nil)
        #expect(try await queue.job(first.id, tenant: tenant)?.leaseOwner == "w1")
        try await queue.complete(first.id, owner: "w1")
        #expect(try await queue.depth() == [.queued: 0, .leased: 2, .succeeded: 1, .dead: 0])
    }

    @Test("the job of a killed worker process goes to another worker once its lease runs out")
    func killedWorker() async throws {
        let server = try await TestRedis.server()
        let doomed = try await TestRedis.process(of: server)
        let survivor = try await TestRedis.client(of: server)
        let clock = SystemWallClock()
        let queueA = RedisJobQueue(client: doomed.client, clock: clock)
        let queueB = RedisJobQueue(client: survivor, clock: clock)
        let queued = try await queueA.enqueue(job(clock))
        // A lease of a few seconds: long enough that a loaded machine reaches the check below in time.
        let leased = try #require(try await queueA.lease(owner: "a", for: .seconds(10)))
        #expect(leased.id == queued.id)

        doomed.task.cancel()
        await doomed.task.value
        await #expect(throws: (any Error).self) {
            try await queueA.renewLease(leased.id, owner: "a", for: .seconds(30))
        }

        #expect(try await queueB.lease(owner: "b", for: .seconds(30)) == nil)
        let taken = try #require(try await Self.poll { try await queueB.lease(owner: "b", for: .seconds(30)) })
        #expect(taken.id == queued.id)
        #expect(taken.attempts == 2)
        #expect(taken.leaseOwner == "b")
        #expect(taken.lastError?.contains("lease expired") == true)
        try await queueB.complete(taken.id, owner: "b")
        #expect(try await queueB.job(queued.id, tenant: tenant)?.status == .succeeded)
    }

    @Test("dead jobs land in the dead-letter set, keep their error, expire, and free their dedupe key")
    func deadLetters() async throws {
        let server = try await TestRedis.server()
        let client = try await TestRedis.client(of: server)
        let clock = ManualClock()
        let queue = RedisJobQueue(client: client, clock: clock)
        let queued = try await queue.enqueue(job(clock, dedupe: "check:m1"))
        let leased = try #require(try await queue.lease(owner: "w", for: .seconds(30)))
        let hostileError = "line\r\nbreak \u{0} nul " + String(repeating: "é", count: 5_000)
        try await queue.fail(leased.id, owner: "w", error: hostileError, retryAfter: nil)

        let deadSet = try await client.send(RESPCommand("ZRANGE", "{spyglass}:dead", "0", "-1"))
        #expect(deadSet.array?.compactMap(\.string) == [queued.id.rawValue])
        let dead = try #require(try await queue.job(queued.id, tenant: tenant))
        #expect(dead.status == .dead)
        #expect(dead.lastError == String(hostileError.prefix(1_000)))
        #expect(dead.finishedAt == clock.now())
        #expect(try await queue.jobs(tenant: tenant, status: .dead, page: PageRequest()).items.map(\.id) == [queued.id])
        #expect(try await queue.depth()[.dead] == 1)
        let ttl = try #require(try await client.send(RESPCommand("TTL", "{spyglass}:job:\(queued.id)")).int)
        #expect(ttl > 0 && ttl <= 7 * 86_400)
        let again = try await queue.enqueue(job(clock, dedupe: "check:m1"))
        #expect(again.id != queued.id)
    }

    @Test("finished jobs are forgotten after the retention, indexes included")
    func retention() async throws {
        let clock = ManualClock()
        let queue = RedisJobQueue(client: try await TestRedis.client(of: try await TestRedis.server()), clock: clock)
        let old = try await queue.enqueue(job(clock, subject: "old"))
        try await queue.complete(try #require(try await queue.lease(owner: "w", for: .seconds(30))).id, owner: "w")
        clock.advance(by: 8 * 86_400)
        let recent = try await queue.enqueue(job(clock, subject: "recent"))
        #expect(try await queue.depth()[.succeeded] == 0)
        try await queue.complete(try #require(try await queue.lease(owner: "w", for: .seconds(30))).id, owner: "w")
        #expect(try await queue.job(old.id, tenant: tenant) == nil)
        #expect(try await queue.job(recent.id, tenant: tenant)?.status == .succeeded)
        #expect(try await queue.jobs(tenant: tenant, status: nil, page: PageRequest()).items.map(\.id) == [recent.id])
        #expect(try await queue.depth()[.succeeded] == 1)
    }

    @Test("a job queued in one process wakes idle workers of another at once")
    func crossProcessWakeups() async throws {
        let server = try await TestRedis.server()
        let clock = ManualClock()
        let queueA = RedisJobQueue(client: try await TestRedis.client(of: server), clock: clock)
        let queueB = RedisJobQueue(client: try await TestRedis.client(of: server), clock: clock)
        let wakeups = queueB.wakeups()
        try TestRedis.run(queueA)
        try TestRedis.run(queueB)
        // B wakes its workers once when its subscription is up (whatever was missed before).
        #expect(await Self.next(of: wakeups))
        _ = try await queueA.enqueue(job(clock))
        #expect(await Self.next(of: wakeups))
        queueA.notifyEnqueued()
        #expect(await Self.next(of: wakeups))
    }

    @Test("hostile or broken stored data gives typed errors or is skipped, never a crash")
    func brokenStoredData() async throws {
        let client = try await TestRedis.client(of: try await TestRedis.server())
        let clock = ManualClock()
        let queue = RedisJobQueue(client: client, clock: clock)
        let id = Job.ID.generate(at: clock.now())
        _ = try await client.send(
            RESPCommand(
                "HSET", "{spyglass}:job:\(id)", "id", id.rawValue, "tenant", tenant.rawValue, "attempts", "NaN"))
        await #expect(throws: RedisAdapterError.self) { try await queue.job(id, tenant: tenant) }
        // A queued id whose hash is gone is dropped, not leased.
        _ = try await client.send(RESPCommand("ZADD", "{spyglass}:ready", "0", "job_ghost"))
        #expect(try await queue.lease(owner: "w", for: .seconds(30)) == nil)
        #expect(try await client.send(RESPCommand("ZCARD", "{spyglass}:ready")).int == 0)
        // An id in the tenant's index whose hash expired is skipped and dropped from the index.
        _ = try await client.send(RESPCommand("ZADD", "{spyglass}:tenant:\(tenant):all", "0", "job_gone"))
        #expect(try await queue.jobs(tenant: tenant, status: nil, page: PageRequest()).items.isEmpty)
        #expect(try await client.send(RESPCommand("ZCARD", "{spyglass}:tenant:\(tenant):all")).int == 0)
        // Cursors and keys are opaque text.
        for cursor in ["", "(", "[", "+", "-", "\u{0}\r\n{}", String(repeating: "z", count: 5_000)] {
            _ = try await queue.jobs(tenant: tenant, status: nil, page: PageRequest(after: cursor))
        }
        let odd = try await queue.enqueue(job(clock, dedupe: "{tag} ünï \r\n \u{0}"))
        #expect(try await queue.enqueue(job(clock, dedupe: "{tag} ünï \r\n \u{0}")).id == odd.id)
        #expect(try await queue.lease(owner: "owner with spaces\r\n", for: .seconds(30))?.id == odd.id)
        #expect(try await queue.renewLease(odd.id, owner: "owner with spaces\r\n", for: .seconds(30)))
    }

    @Test("queues with different key prefixes on one server do not see each other")
    func keyPrefixes() async throws {
        let client = try await TestRedis.client(of: try await TestRedis.server())
        let clock = ManualClock()
        let blue = RedisJobQueue(client: client, clock: clock, keyPrefix: "blue")
        let green = RedisJobQueue(client: client, clock: clock, keyPrefix: "green")
        let queued = try await blue.enqueue(job(clock))
        #expect(try await green.lease(owner: "w", for: .seconds(30)) == nil)
        #expect(try await green.job(queued.id, tenant: tenant) == nil)
        #expect(try await blue.lease(owner: "w", for: .seconds(30))?.id == queued.id)
    }

    @Test("enqueueing an id again returns the stored job (a retry after a lost reply); never an overwrite")
    func duplicateID() async throws {
        let clock = ManualClock()
        let queue = RedisJobQueue(client: try await TestRedis.client(of: try await TestRedis.server()), clock: clock)
        let queued = try await queue.enqueue(job(clock, subject: "first"))
        var retry = queued
        retry.subjectID = "second"
        #expect(try await queue.enqueue(retry).subjectID == "first")
        var foreign = queued
        foreign.tenantID = Tenant.ID.generate(at: clock.now())
        await #expect(throws: StorageError.self) { try await queue.enqueue(foreign) }
        #expect(try await queue.job(queued.id, tenant: tenant)?.subjectID == "first")
        #expect(try await queue.depth()[.queued] == 1)
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

    /// Whether `stream` yields within 5 s.
    static func next(of stream: AsyncStream<Void>) async -> Bool {
        await withTaskGroup(of: Bool.self) { group in
            group.addTask {
                var iterator = stream.makeAsyncIterator()
                return await iterator.next() != nil
            }
            group.addTask {
                try? await Task.sleep(for: .seconds(30))
                return false
            }
            let first = await group.next() ?? false
            group.cancelAll()
            return first
        }
    }
}
