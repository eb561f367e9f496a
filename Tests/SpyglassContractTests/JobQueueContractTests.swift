import Foundation
import SpyglassDomain
import SpyglassPorts
import Testing

@Suite("Job queue contract", .dropsTestDatabases, .stopsTestRedis)
struct JobQueueContractTests {
    let visibility = Duration.seconds(30)

    func setUp(_ adapters: AdapterSet) async throws -> (ManualClock, any JobQueue, Tenant.ID, any Storage) {
        let clock = ManualClock()
        let made = try await adapters.make(clock)
        let tenant = try await Fixtures.tenant(made.storage)
        return (clock, made.queue, tenant.id, made.storage)
    }

    func job(_ tenant: Tenant.ID, _ clock: ManualClock, subject: String = "s", dedupe: String? = nil, max: Int = 3) -> Job {
        .new(tenantID: tenant, kind: .check, subjectID: subject, runAt: clock.now(), maxAttempts: max,
             dedupeKey: dedupe, now: clock.now())
    }

    @Test("a queued job is leased once, then completed", arguments: AdapterSet.jobQueues)
    func leaseAndComplete(adapters: AdapterSet) async throws {
        let (clock, queue, tenant, _) = try await setUp(adapters)
        let queued = try await queue.enqueue(job(tenant, clock))
        let leased = try #require(try await queue.lease(owner: "w1", for: visibility))
        #expect(leased.id == queued.id)
        #expect(leased.attempts == 1)
        #expect(leased.status == .leased)
        #expect(try await queue.lease(owner: "w2", for: visibility) == nil)
        try await queue.complete(leased.id, owner: "w1")
        let done = try #require(try await queue.job(leased.id, tenant: tenant))
        #expect(done.status == .succeeded)
        #expect(done.finishedAt != nil)
    }

    @Test("the oldest due job's wait is measured; future and leased jobs do not count", arguments: AdapterSet.jobQueues)
    func oldestReadyAge(adapters: AdapterSet) async throws {
        let (clock, queue, tenant, _) = try await setUp(adapters)
        #expect(try await queue.oldestReadyAge(now: clock.now()) == nil)
        var later = job(tenant, clock)
        later.runAt = clock.now().addingTimeInterval(600)
        _ = try await queue.enqueue(later)
        #expect(try await queue.oldestReadyAge(now: clock.now()) == nil)
        _ = try await queue.enqueue(job(tenant, clock))
        clock.advance(by: 30)
        _ = try await queue.enqueue(job(tenant, clock))
        let age = try #require(try await queue.oldestReadyAge(now: clock.now()))
        #expect(age >= .seconds(29) && age <= .seconds(31), "age \(age)")
        _ = try await queue.lease(owner: "w", for: visibility)
        let next = try #require(try await queue.oldestReadyAge(now: clock.now()))
        #expect(next <= .seconds(1), "the leased job still counted: \(next)")
    }

    @Test("a job due in the future is not leased before its time", arguments: AdapterSet.jobQueues)
    func delayedJob(adapters: AdapterSet) async throws {
        let (clock, queue, tenant, _) = try await setUp(adapters)
        var later = job(tenant, clock)
        later.runAt = clock.now().addingTimeInterval(60)
        _ = try await queue.enqueue(later)
        #expect(try await queue.lease(owner: "w", for: visibility) == nil)
        clock.advance(by: 61)
        #expect(try await queue.lease(owner: "w", for: visibility)?.id == later.id)
    }

    @Test("a lease that runs out makes the job available again (crashed worker)", arguments: AdapterSet.jobQueues)
    func visibilityTimeout(adapters: AdapterSet) async throws {
        let (clock, queue, tenant, _) = try await setUp(adapters)
        _ = try await queue.enqueue(job(tenant, clock))
        let first = try #require(try await queue.lease(owner: "dead-worker", for: visibility))
        clock.advance(by: 29)
        #expect(try await queue.lease(owner: "w2", for: visibility) == nil)
        clock.advance(by: 2)
        let second = try #require(try await queue.lease(owner: "w2", for: visibility))
        #expect(second.id == first.id)
        #expect(second.attempts == 2)
        // The first worker lost its lease: its late completion changes nothing.
        try await queue.complete(first.id, owner: "dead-worker")
        #expect(try await queue.job(first.id, tenant: tenant)?.status == .leased)
        try await queue.complete(second.id, owner: "w2")
        #expect(try await queue.job(first.id, tenant: tenant)?.status == .succeeded)
    }

    @Test("renewing a lease keeps the job from being taken", arguments: AdapterSet.jobQueues)
    func renewal(adapters: AdapterSet) async throws {
        let (clock, queue, tenant, _) = try await setUp(adapters)
        _ = try await queue.enqueue(job(tenant, clock))
        let leased = try #require(try await queue.lease(owner: "w1", for: visibility))
        clock.advance(by: 20)
        #expect(try await queue.renewLease(leased.id, owner: "w1", for: visibility))
        clock.advance(by: 20)
        #expect(try await queue.lease(owner: "w2", for: visibility) == nil)
        #expect(try await !queue.renewLease(leased.id, owner: "intruder", for: visibility))
    }

    @Test("a failed job is retried after its delay, then dead after max attempts", arguments: AdapterSet.jobQueues)
    func retriesThenDead(adapters: AdapterSet) async throws {
        let (clock, queue, tenant, _) = try await setUp(adapters)
        let queued = try await queue.enqueue(job(tenant, clock, max: 2))
        let first = try #require(try await queue.lease(owner: "w", for: visibility))
        try await queue.fail(first.id, owner: "w", error: "timeout", retryAfter: .seconds(10))
        #expect(try await queue.job(queued.id, tenant: tenant)?.status == .queued)
        #expect(try await queue.lease(owner: "w", for: visibility) == nil)
        clock.advance(by: 11)
        let second = try #require(try await queue.lease(owner: "w", for: visibility))
        try await queue.fail(second.id, owner: "w", error: "timeout again", retryAfter: .seconds(10))
        let dead = try #require(try await queue.job(queued.id, tenant: tenant))
        #expect(dead.status == .dead)
        #expect(dead.lastError == "timeout again")
        #expect(try await queue.jobs(tenant: tenant, status: .dead, page: PageRequest()).items.map(\.id) == [queued.id])
    }

    @Test("a permanent failure is dead at once", arguments: AdapterSet.jobQueues)
    func permanentFailure(adapters: AdapterSet) async throws {
        let (clock, queue, tenant, _) = try await setUp(adapters)
        let queued = try await queue.enqueue(job(tenant, clock, max: 5))
        let leased = try #require(try await queue.lease(owner: "w", for: visibility))
        try await queue.fail(leased.id, owner: "w", error: "bad payload", retryAfter: nil)
        #expect(try await queue.job(queued.id, tenant: tenant)?.status == .dead)
    }

    @Test("a lease that runs out on the last attempt makes the job dead", arguments: AdapterSet.jobQueues)
    func expiredOnLastAttempt(adapters: AdapterSet) async throws {
        let (clock, queue, tenant, _) = try await setUp(adapters)
        let queued = try await queue.enqueue(job(tenant, clock, max: 1))
        _ = try #require(try await queue.lease(owner: "w", for: visibility))
        clock.advance(by: 31)
        #expect(try await queue.lease(owner: "w2", for: visibility) == nil)
        let dead = try #require(try await queue.job(queued.id, tenant: tenant))
        #expect(dead.status == .dead)
        #expect(dead.lastError?.contains("lease expired") == true)
    }

    @Test("a dedupe key keeps one job queued or leased at a time", arguments: AdapterSet.jobQueues)
    func dedupe(adapters: AdapterSet) async throws {
        let (clock, queue, tenant, _) = try await setUp(adapters)
        let first = try await queue.enqueue(job(tenant, clock, subject: "m1", dedupe: "check:m1"))
        let second = try await queue.enqueue(job(tenant, clock, subject: "m1", dedupe: "check:m1"))
        #expect(second.id == first.id)
        let leased = try #require(try await queue.lease(owner: "w", for: visibility))
        #expect(try await queue.enqueue(job(tenant, clock, subject: "m1", dedupe: "check:m1")).id == first.id)
        try await queue.complete(leased.id, owner: "w")
        let third = try await queue.enqueue(job(tenant, clock, subject: "m1", dedupe: "check:m1"))
        #expect(third.id != first.id)
    }

    @Test("jobs are listed per tenant, newest first, with cursors", arguments: AdapterSet.jobQueues)
    func listing(adapters: AdapterSet) async throws {
        let (clock, queue, tenant, storage) = try await setUp(adapters)
        let other = try await Fixtures.tenant(storage, name: "Other")
        var ids: [Job.ID] = []
        for index in 0..<5 {
            clock.advance(by: 1)
            ids.append(try await queue.enqueue(job(tenant, clock, subject: "s\(index)")).id)
        }
        _ = try await queue.enqueue(job(other.id, clock))
        let first = try await queue.jobs(tenant: tenant, status: nil, page: PageRequest(limit: 3))
        #expect(first.items.map(\.id) == Array(ids.reversed().prefix(3)))
        let second = try await queue.jobs(
            tenant: tenant, status: nil, page: PageRequest(limit: 3, after: try #require(first.nextAfter)))
        #expect(second.items.map(\.id) == Array(ids.reversed().suffix(2)))
        #expect(second.nextAfter == nil)
        #expect(try await queue.job(ids[0], tenant: other.id) == nil)
        #expect(try await queue.depth()[.queued] == 6)
    }

    @Test("four workers leasing at once take each of 200 jobs exactly once", arguments: AdapterSet.jobQueues)
    func concurrentLeasing(adapters: AdapterSet) async throws {
        let (clock, queue, tenant, _) = try await setUp(adapters)
        var queued: Set<Job.ID> = []
        for index in 0..<200 {
            queued.insert(try await queue.enqueue(job(tenant, clock, subject: "s\(index)")).id)
        }
        let visibility = self.visibility
        let leased = try await withThrowingTaskGroup(of: [Job.ID].self) { group in
            for worker in 0..<4 {
                group.addTask {
                    var taken: [Job.ID] = []
                    while let job = try await queue.lease(owner: "w\(worker)", for: visibility) {
                        taken.append(job.id)
                    }
                    return taken
                }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        #expect(leased.count == 200)
        #expect(Set(leased) == queued)
        #expect(try await queue.depth()[.leased] == 200)
    }

    @Test("a job of one tenant is never returned for another", arguments: AdapterSet.jobQueues)
    func tenantIsolation(adapters: AdapterSet) async throws {
        let (clock, queue, acme, storage) = try await setUp(adapters)
        let globex = try await Fixtures.tenant(storage, name: "Globex").id
        let queued = try await queue.enqueue(job(acme, clock))
        let leased = try #require(try await queue.lease(owner: "w", for: visibility))
        try await queue.fail(leased.id, owner: "w", error: "boom", retryAfter: nil)
        #expect(try await queue.job(queued.id, tenant: globex) == nil)
        for status in [nil] + Job.Status.allCases.map(Optional.some) {
            #expect(try await queue.jobs(tenant: globex, status: status, page: PageRequest()).items.isEmpty)
        }
        #expect(try await queue.job(queued.id, tenant: acme)?.status == .dead)
    }

    @Test("enqueueing wakes a waiting worker", arguments: AdapterSet.jobQueues)
    func wakeup(adapters: AdapterSet) async throws {
        let (clock, queue, tenant, _) = try await setUp(adapters)
        let wakeups = queue.wakeups()
        _ = try await queue.enqueue(job(tenant, clock))
        var iterator = wakeups.makeAsyncIterator()
        #expect(await iterator.next() != nil)
    }
}
