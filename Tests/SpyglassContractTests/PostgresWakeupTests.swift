import Foundation
import Logging
import PostgresNIO
import PostgresTestSupport
import SpyglassDomain
import SpyglassPorts
import SpyglassPostgres
import Testing

/// What only the PostgreSQL queue and bus do: processes that share a database
/// wake each other through LISTEN/NOTIFY, and dedupe keys belong to a tenant.
/// "Another process" is a second pool and adapter on the same database.
@Suite(
    "PostgreSQL job queue and event bus across processes",
    .enabled(if: TestPostgresServer.isConfigured, Comment(rawValue: TestPostgresServer.skipMessage)),
    .dropsTestDatabases)
struct PostgresWakeupTests {
    @Test("an enqueue in one process wakes an idle worker in another at once")
    func queueWakesOtherProcess() async throws {
        try await withDatabase { db, otherPool in
            let clock = ManualClock()
            let tenant = try await Fixtures.tenant(PostgresStorage(pool: db.app, clock: clock)).id
            let sender = PostgresJobQueue(pool: db.app, clock: clock)
            let receiver = PostgresJobQueue(pool: otherPool, clock: clock)
            let signals = Locked(0)
            let wakeups = receiver.wakeups()
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { for await _ in wakeups { signals.withLock { $0 += 1 } } }
                group.addTask { await receiver.run() }
                try await waitForListener(db, channel: PostgresJobQueue.notificationChannel)
                try await eventually { signals.withLock { $0 } >= 1 }  // it looks once when it starts listening
                let before = signals.withLock { $0 }
                let job = try await sender.enqueue(
                    .new(tenantID: tenant, kind: .check, subjectID: "m", runAt: clock.now(), now: clock.now()))
                #expect(try await eventually { signals.withLock { $0 } > before })
                #expect(try await receiver.lease(owner: "other", for: .seconds(30))?.id == job.id)
                group.cancelAll()
            }
        }
    }

    @Test("notifyEnqueued reaches other processes while run() runs")
    func notifyEnqueuedWakesOtherProcess() async throws {
        try await withDatabase { db, otherPool in
            let sender = PostgresJobQueue(pool: db.app)
            let receiver = PostgresJobQueue(pool: otherPool)
            let signals = Locked(0)
            let wakeups = receiver.wakeups()
            let senderListening = sender.wakeups()
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { for await _ in wakeups { signals.withLock { $0 += 1 } } }
                group.addTask { await receiver.run() }
                group.addTask { await sender.run() }
                // The sender looks once when it listens: by then it forwards requests.
                var iterator = senderListening.makeAsyncIterator()
                _ = await iterator.next()
                try await waitForListener(db, channel: PostgresJobQueue.notificationChannel, count: 2)
                try await eventually { signals.withLock { $0 } >= 1 }
                let before = signals.withLock { $0 }
                sender.notifyEnqueued()
                #expect(try await eventually { signals.withLock { $0 } > before })
                group.cancelAll()
            }
        }
    }

    @Test("a listener whose connection is killed listens again and still wakes workers")
    func listenerReconnects() async throws {
        try await withDatabase { db, otherPool in
            let clock = ManualClock()
            let tenant = try await Fixtures.tenant(PostgresStorage(pool: db.app, clock: clock)).id
            let sender = PostgresJobQueue(pool: db.app, clock: clock)
            let receiver = PostgresJobQueue(pool: otherPool, clock: clock)
            let signals = Locked(0)
            let wakeups = receiver.wakeups()
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { for await _ in wakeups { signals.withLock { $0 += 1 } } }
                group.addTask { await receiver.run() }
                let channel = PostgresJobQueue.notificationChannel
                let first = try await listeners(db, channel: channel)
                try #require(first.count == 1)
                _ = try await db.withConnection(as: db.adminURL) { admin in
                    try await admin.query(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE pid = ANY(\(first))",
                        logger: Logger(label: "spyglass.test.postgres")
                    ).collect().count
                }
                let second = try await listeners(db, channel: channel) { !$0.isEmpty && $0 != first }
                #expect(second.count == 1)
                try await eventually { signals.withLock { $0 } >= 2 }  // it looked once after each LISTEN
                let before = signals.withLock { $0 }
                _ = try await sender.enqueue(
                    .new(tenantID: tenant, kind: .check, subjectID: "m", runAt: clock.now(), now: clock.now()))
                #expect(try await eventually { signals.withLock { $0 } > before })
                group.cancelAll()
            }
        }
    }

    @Test("a consumer in another process gets an event while it is idle")
    func busWakesOtherProcess() async throws {
        try await withDatabase { db, otherPool in
            let tenant = try await Fixtures.tenant(PostgresStorage(pool: db.app)).id
            let publisher = PostgresEventBus(pool: db.app)
            let consumer = PostgresEventBus(pool: otherPool)
            let seen = Locked<[String]>([])
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { await consumer.run() }
                group.addTask {
                    try await consumer.consume(as: "relay", pattern: "#") { event in seen.withLock { $0.append(event.id) } }
                }
                try await waitForListener(db, channel: PostgresEventBus.notificationChannel)
                try await publisher.publish(event("e1", tenant: tenant))
                #expect(try await eventually { seen.withLock { $0 } == ["e1"] })
                // Idle now: only a notification can bring the next one.
                try await Task.sleep(for: .milliseconds(200))
                try await publisher.publish(event("e2", tenant: tenant))
                try await publisher.publish(event("e2", tenant: tenant))  // a duplicate id is ignored
                #expect(try await eventually { seen.withLock { $0 } == ["e1", "e2"] })
                group.cancelAll()
            }
        }
    }

    @Test("a check's outbox events and a replay in one process wake a consumer and an outbox in another")
    func outboxAndReplayWakeOtherProcess() async throws {
        try await withDatabase { db, otherPool in
            let clock = ManualClock()
            let storage = PostgresStorage(pool: db.app, clock: clock)
            let store = storage.scoped(to: try await Fixtures.tenant(storage).id)
            let monitor = try await Fixtures.monitor(
                store, competitor: try await Fixtures.competitor(store, at: clock.now()), at: clock.now())
            let consumer = PostgresEventBus(pool: otherPool)
            let outboxWrites = Locked(0)
            let seen = Locked<[String]>([])
            let failing = Locked(true)
            let writes = consumer.writes()
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { await consumer.run() }
                group.addTask { for await _ in writes { outboxWrites.withLock { $0 += 1 } } }
                group.addTask {
                    try await consumer.consume(as: "projector", pattern: "#", policy: ConsumerPolicy(retryDelays: [])) {
                        event in
                        seen.withLock { $0.append(event.id) }
                        if failing.withLock({ $0 }) { throw HandlerFailure("not yet") }
                    }
                }
                try await waitForListener(db, channel: PostgresEventBus.notificationChannel)
                try await eventually { outboxWrites.withLock { $0 } >= 1 }  // it looks once when it listens
                try await Task.sleep(for: .milliseconds(200))
                let before = outboxWrites.withLock { $0 }
                let run = CheckRun(
                    id: .generate(at: clock.now()), tenantID: store.tenantID, monitorID: monitor.id, jobID: nil,
                    outcome: .baseline, startedAt: clock.now(), finishedAt: clock.now())
                try await store.recordCheck(CheckResult(run: run, monitor: monitor, events: [event("e1", tenant: store.tenantID)]))
                #expect(try await eventually { seen.withLock { $0 } == ["e1"] })
                #expect(try await eventually { outboxWrites.withLock { $0 } > before })
                // Parked in the other process; replayed from this one.
                #expect(try await eventually { try await !consumer.parked(consumer: "projector").isEmpty })
                let parked = try #require(try await consumer.parked(consumer: "projector").first)
                failing.withLock { $0 = false }
                try await Task.sleep(for: .milliseconds(200))
                #expect(try await PostgresEventBus(pool: db.app).replay(parkedID: parked.id))
                #expect(try await eventually { seen.withLock { $0 } == ["e1", "e1"] })
                #expect(try await eventually { try await consumer.parked(consumer: nil).isEmpty })
                group.cancelAll()
            }
        }
    }

    @Test("a dedupe key belongs to its tenant: another tenant gets its own job")
    func dedupePerTenant() async throws {
        try await withDatabase { db, _ in
            let clock = ManualClock()
            let storage = PostgresStorage(pool: db.app, clock: clock)
            let acme = try await Fixtures.tenant(storage, name: "Acme").id
            let globex = try await Fixtures.tenant(storage, name: "Globex").id
            let queue = PostgresJobQueue(pool: db.app, clock: clock)
            func job(_ tenant: Tenant.ID) -> Job {
                .new(tenantID: tenant, kind: .check, subjectID: "m", runAt: clock.now(), dedupeKey: "check:m",
                     now: clock.now())
            }
            let acmeJob = try await queue.enqueue(job(acme))
            let globexJob = try await queue.enqueue(job(globex))
            #expect(globexJob.id != acmeJob.id)
            #expect(globexJob.tenantID == globex)
            #expect(try await queue.enqueue(job(acme)).id == acmeJob.id)
            #expect(try await queue.job(acmeJob.id, tenant: globex) == nil)
            #expect(try await queue.job(globexJob.id, tenant: acme) == nil)
        }
    }

    @Test("concurrent enqueues with one dedupe key queue one job")
    func concurrentDedupe() async throws {
        try await withDatabase { db, otherPool in
            let clock = ManualClock()
            let tenant = try await Fixtures.tenant(PostgresStorage(pool: db.app, clock: clock)).id
            let queues = [PostgresJobQueue(pool: db.app, clock: clock), PostgresJobQueue(pool: otherPool, clock: clock)]
            let ids = try await withThrowingTaskGroup(of: Job.ID.self) { group in
                for index in 0..<16 {
                    let queue = queues[index % 2]
                    group.addTask {
                        try await queue.enqueue(
                            .new(tenantID: tenant, kind: .check, subjectID: "m", runAt: clock.now(),
                                 dedupeKey: "check:m", now: clock.now())
                        ).id
                    }
                }
                return try await group.reduce(into: Set<Job.ID>()) { $0.insert($1) }
            }
            #expect(ids.count == 1)
            #expect(try await queues[0].depth() == [.queued: 1])
        }
    }

    @Test("a job id that is taken is a conflict, not a silent success")
    func takenID() async throws {
        try await withDatabase { db, _ in
            let clock = ManualClock()
            let tenant = try await Fixtures.tenant(PostgresStorage(pool: db.app, clock: clock)).id
            let queue = PostgresJobQueue(pool: db.app, clock: clock)
            let job = Job.new(tenantID: tenant, kind: .check, subjectID: "m", runAt: clock.now(), now: clock.now())
            _ = try await queue.enqueue(job)
            let error = await #expect(throws: StorageError.self) { try await queue.enqueue(job) }
            #expect(error?.code == .conflict)
        }
    }

    @Test("hostile text in an error message is stored, not a failure")
    func hostileErrorText() async throws {
        try await withDatabase { db, _ in
            let clock = ManualClock()
            let tenant = try await Fixtures.tenant(PostgresStorage(pool: db.app, clock: clock)).id
            let queue = PostgresJobQueue(pool: db.app, clock: clock)
            let job = try await queue.enqueue(
                .new(tenantID: tenant, kind: .check, subjectID: "m", runAt: clock.now(), now: clock.now()))
            _ = try #require(try await queue.lease(owner: "w'); DROP TABLE jobs; --", for: .seconds(30)))
            let hostile = "nul\u{0}byte 'quote' \u{1F4A5} " + String(repeating: "x", count: 5_000)
            try await queue.fail(job.id, owner: "w'); DROP TABLE jobs; --", error: hostile, retryAfter: nil)
            let dead = try #require(try await queue.job(job.id, tenant: tenant))
            #expect(dead.status == .dead)
            #expect(dead.lastError?.hasPrefix("nul\u{FFFD}byte 'quote' \u{1F4A5} ") == true)
            #expect(dead.lastError?.count == 1_000)
        }
    }

    @Test("an event of a tenant that does not exist is refused")
    func eventOfUnknownTenant() async throws {
        try await withDatabase { db, _ in
            let bus = PostgresEventBus(pool: db.app)
            for tenant in ["ten_missing", "", "ten_'; DROP TABLE events; --"] {
                await #expect(throws: StorageError.self) {
                    try await bus.publish(
                        DomainEvent(id: "e-\(tenant)", type: "x", tenantID: tenant, subjectID: "s", occurredAt: Date(),
                                    payload: []))
                }
            }
        }
    }

    // MARK: Helpers

    func event(_ id: String, tenant: Tenant.ID) -> DomainEvent {
        DomainEvent(
            id: id, type: "change.detected", tenantID: tenant.rawValue, subjectID: "s", occurredAt: Date(),
            payload: Array("{}".utf8))
    }

    /// A fresh database (dropped when the test ends) and a second pool on it: another process.
    func withDatabase(_ body: (TestDatabase, PostgresPool) async throws -> Void) async throws {
        let db = try await TestDatabases.make()
        let other = PostgresPool(url: db.appURL, logger: Logger(label: "spyglass.test.other"), maximumConnections: 4)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await other.run() }
            defer { group.cancelAll() }
            try await body(db, other)
        }
    }

    /// Waits until `count` sessions of the test database LISTEN on `channel`.
    func waitForListener(_ db: TestDatabase, channel: String, count: Int = 1) async throws {
        _ = try await listeners(db, channel: channel) { $0.count >= count }
    }

    /// The server processes of the test database that LISTEN on `channel`, once `accept` takes them.
    func listeners(
        _ db: TestDatabase, channel: String, until accept: ([Int32]) -> Bool = { !$0.isEmpty }
    ) async throws -> [Int32] {
        let name = db.name
        var pids: [Int32] = []
        let found = try await eventually {
            pids = try await db.withConnection(as: db.adminURL) { admin in
                try await admin.query(
                    """
                    SELECT pid FROM pg_stat_activity
                    WHERE datname = \(name) AND query ILIKE \("LISTEN %" + channel + "%") ORDER BY pid
                    """, logger: Logger(label: "spyglass.test.postgres")
                ).collect().map { try $0.decode(Int32.self) }
            }
            return accept(pids)
        }
        try #require(found, "nobody (new) listens on \(channel)")
        return pids
    }

    /// Polls `condition` until it holds or ten seconds passed (a guard against hanging, not a timing claim).
    @discardableResult
    func eventually(_ condition: () async throws -> Bool) async throws -> Bool {
        let deadline = ContinuousClock.now + .seconds(10)
        while ContinuousClock.now < deadline {
            if try await condition() { return true }
            try await Task.sleep(for: .milliseconds(10))
        }
        return try await condition()
    }
}
