import Foundation
import Logging
import SpyglassDomain
import SpyglassEmbedded
@testable import SpyglassPipeline
import SpyglassPorts
import Synchronization
import Testing

/// Counts how many handlers run at once.
final class ConcurrencyProbe: JobHandler {
    private let state = Mutex((running: 0, peak: 0, handled: [String]()))
    let failSubjects: Set<String>
    /// Each handler waits (up to 5 s) until this many have run at once, so overlap is
    /// observed however slowly a loaded machine schedules the workers.
    let awaitedOverlap: Int

    init(failSubjects: Set<String> = [], awaitedOverlap: Int = 1) {
        self.failSubjects = failSubjects
        self.awaitedOverlap = awaitedOverlap
    }

    var peak: Int { state.withLock { $0.peak } }
    var handled: [String] { state.withLock { $0.handled } }

    func handle(_ job: Job) async throws {
        state.withLock {
            $0.running += 1
            $0.peak = max($0.peak, $0.running)
        }
        let deadline = ContinuousClock.now + .seconds(5)
        repeat {
            try? await Task.sleep(for: .milliseconds(5))
        } while peak < awaitedOverlap && ContinuousClock.now < deadline
        state.withLock {
            $0.running -= 1
            $0.handled.append(job.subjectID)
        }
        if failSubjects.contains(job.subjectID) { throw JobFailure("permanently broken", retryable: false) }
    }
}

@Suite("Worker pool and scheduler")
struct WorkerAndSchedulerTests {
    @Test("the pool runs every job once, never more at a time than its concurrency")
    func boundedConcurrency() async throws {
        let database = try await EmbeddedDatabase.inMemory()
        let storage = SQLiteStorage(database: database)
        let queue = SQLiteJobQueue(database: database)
        let tenant = try await TenantProvisioning(storage: storage).createTenant(name: "A").tenant.id
        for index in 0..<12 {
            _ = try await queue.enqueue(.new(tenantID: tenant, kind: .check, subjectID: "s\(index)", runAt: Date(),
                                             maxAttempts: 1, now: Date()))
        }
        let probe = ConcurrencyProbe(failSubjects: ["s3"], awaitedOverlap: 2)
        let pool = WorkerPool(
            queue: queue, handlers: [.check: probe],
            configuration: .init(concurrency: 3, visibilityTimeout: .seconds(30), pollInterval: .milliseconds(20)),
            logger: Logger(label: "test"))
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await pool.run() }
            let deadline = ContinuousClock.now + .seconds(60)
            while try await queue.depth()[.succeeded, default: 0] + queue.depth()[.dead, default: 0] < 12,
                  ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(20))
            }
            group.cancelAll()
        }
        #expect(probe.handled.count == 12)
        #expect(Set(probe.handled).count == 12)
        #expect(probe.peak <= 3)
        #expect(probe.peak >= 2, "the pool should run jobs side by side")
        let depth = try await queue.depth()
        #expect(depth[.succeeded] == 11)
        #expect(depth[.dead] == 1)
    }

    @Test("the scheduler queues one check per due monitor and moves its next check by the interval plus jitter")
    func scheduling() async throws {
        let database = try await EmbeddedDatabase.inMemory()
        let storage = SQLiteStorage(database: database)
        let queue = SQLiteJobQueue(database: database)
        let tenant = try await TenantProvisioning(storage: storage).createTenant(name: "A").tenant.id
        let store = storage.scoped(to: tenant)
        let now = Date()
        let competitor = Competitor(id: .generate(), tenantID: tenant, name: "R", website: nil, tags: [],
                                    createdAt: now, updatedAt: now)
        try await store.insertCompetitor(competitor)
        var due: [Monitor] = []
        for index in 0..<3 {
            let monitor = Monitor(id: .generate(), tenantID: tenant, competitorID: competitor.id,
                                  url: "https://r.example/\(index)", kind: .html, selector: nil, intervalSeconds: 600,
                                  enabled: index != 2, nextCheckAt: now.addingTimeInterval(-1), createdAt: now,
                                  updatedAt: now)
            try await store.insertMonitor(monitor)
            due.append(monitor)
        }
        let scheduler = Scheduler(storage: storage, queue: queue, logger: Logger(label: "test"))
        #expect(try await scheduler.enqueueDueChecks() == 2)
        #expect(try await scheduler.enqueueDueChecks() == 0)
        let jobs = try await queue.jobs(tenant: tenant, status: .queued, page: PageRequest()).items
        #expect(Set(jobs.map(\.subjectID)) == Set(due.prefix(2).map(\.id.rawValue)))
        for monitor in due.prefix(2) {
            let next = try #require(try await store.monitor(monitor.id)?.nextCheckAt)
            #expect(next.timeIntervalSince(now) >= 600)
            #expect(next.timeIntervalSince(now) <= 600 + 60 + 5)
        }
    }

    @Test("with a leader lock only the leader enqueues; after it releases, the other takes over")
    func leadership() async throws {
        let database = try await EmbeddedDatabase.inMemory()
        let storage = SQLiteStorage(database: database)
        let queue = SQLiteJobQueue(database: database)
        let tenant = try await TenantProvisioning(storage: storage).createTenant(name: "A").tenant.id
        let store = storage.scoped(to: tenant)
        let now = Date()
        let competitor = Competitor(id: .generate(), tenantID: tenant, name: "R", website: nil, tags: [],
                                    createdAt: now, updatedAt: now)
        try await store.insertCompetitor(competitor)
        func addDueMonitor() async throws {
            try await store.insertMonitor(Monitor(
                id: .generate(), tenantID: tenant, competitorID: competitor.id, url: "https://r.example/p", kind: .html,
                selector: nil, intervalSeconds: 600, enabled: true, nextCheckAt: now.addingTimeInterval(-1),
                createdAt: now, updatedAt: now))
        }
        let lock = InProcessLeaderLock()
        let first = Scheduler(storage: storage, queue: queue, leadership: .init(lock: lock, owner: "one"),
                              logger: Logger(label: "test"))
        let second = Scheduler(storage: storage, queue: queue, leadership: .init(lock: lock, owner: "two"),
                               logger: Logger(label: "test"))
        try await addDueMonitor()
        #expect(try await first.enqueueDueChecks() == 1)
        try await addDueMonitor()
        #expect(try await second.enqueueDueChecks() == 0, "the follower enqueued")
        #expect(try await first.enqueueDueChecks() == 1)
        try await lock.release(name: Scheduler.Leadership.lockName, owner: "one")
        try await addDueMonitor()
        #expect(try await second.enqueueDueChecks() == 1)
        #expect(try await first.enqueueDueChecks() == 0, "the old leader still enqueues")
        #expect(try await queue.depth()[.queued] == 3)
    }

    @Test("jitter is at most 10% of the interval and at most five minutes")
    func jitterBounds() {
        for _ in 0..<1_000 {
            #expect((0...6).contains(Scheduler.jitter(intervalSeconds: 60)))
            #expect((0...300).contains(Scheduler.jitter(intervalSeconds: 86_400)))
        }
    }

    @Test("a Slack message has a header, the link, the diff excerpt and plain text")
    func slackMessage() throws {
        let now = Date()
        let tenant = Tenant.ID.generate()
        let change = Change(id: .generate(), tenantID: tenant, monitorID: .generate(), competitorID: .generate(),
                            previousSnapshotID: .generate(), snapshotID: .generate(), added: ["Pro $59 <new>"],
                            removed: ["Pro $49"], diff: "", summary: "1 line added, 1 line removed", detectedAt: now)
        let channel = AlertChannel(id: .generate(), tenantID: tenant, kind: .slack, name: "s",
                                   url: "https://hooks.slack.example/x", secret: "", enabled: true, createdAt: now,
                                   updatedAt: now)
        let delivery = Delivery(id: .generate(), tenantID: tenant, channelID: channel.id, changeID: change.id,
                                eventID: "evt_1", eventType: .changeDetected, status: .pending, attempts: 0,
                                nextAttemptAt: now, createdAt: now, updatedAt: now)
        let body = try DeliveryPayload.slackBody(.init(delivery: delivery, change: change, monitor: nil,
                                                       competitor: nil, channel: channel))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(body)) as? [String: Any])
        #expect((json["text"] as? String)?.contains("1 line added") == true)
        let blocks = try #require(json["blocks"] as? [[String: Any]])
        #expect(blocks.first?["type"] as? String == "header")
        let text = String(decoding: body, as: UTF8.self)
        #expect(text.contains("+ Pro $59 &lt;new&gt;"))
        #expect(text.contains("- Pro $49"))
    }
}

@Suite("E-mail digests")
struct DigestComposerTests {
    @Test("grouped by competitor and category, most significant first, in text and HTML")
    func digest() {
        let tenant = Tenant.ID.generate()
        let now = Date()
        func competitor(_ name: String) -> Competitor {
            Competitor(id: .generate(), tenantID: tenant, name: name, website: nil, tags: [], createdAt: now, updatedAt: now)
        }
        let acme = competitor("Acme")
        let globex = competitor("Globex <Corp>")
        func change(_ competitor: Competitor, _ category: String, _ significance: Int, _ summary: String) -> Change {
            Change(id: .generate(), tenantID: tenant, monitorID: .generate(), competitorID: competitor.id,
                   previousSnapshotID: .generate(), snapshotID: .generate(), added: [], removed: [], diff: "",
                   summary: summary, detectedAt: now, category: category, significance: significance)
        }
        let digest = DigestComposer().compose(
            changes: [change(acme, "marketing", 35, "New post"), change(globex, "pricing", 90, "Pro: $49 → $59"),
                      change(acme, "pricing", 60, "Plan renamed: Team → Business")],
            competitors: [acme.id: acme, globex.id: globex], monitors: [:], periodName: "daily", workspace: "Intel")
        #expect(digest.subject == "Spyglass daily digest: 3 changes at 2 competitors")
        let globexAt = digest.text.range(of: "Globex")?.lowerBound
        let acmeAt = digest.text.range(of: "== Acme")?.lowerBound
        #expect(globexAt != nil && acmeAt != nil && globexAt! < acmeAt!)
        let renamed = digest.text.range(of: "Plan renamed")?.lowerBound
        let post = digest.text.range(of: "New post")?.lowerBound
        #expect(renamed != nil && post != nil && renamed! < post!)
        #expect(digest.html.contains("Globex &lt;Corp&gt;"))
        #expect(!digest.html.contains("<Corp>"))
        #expect(!digest.text.contains("verdict="), "no dashboard address, no links")
    }

    @Test("with the dashboard's address, each change in a digest links to its page and its verdict buttons")
    func digestFeedbackLinks() {
        let tenant = Tenant.ID.generate()
        let now = Date()
        let rival = Competitor(id: .generate(), tenantID: tenant, name: "Rival", website: nil, tags: [], createdAt: now, updatedAt: now)
        let change = Change(
            id: .generate(), tenantID: tenant, monitorID: .generate(), competitorID: rival.id, previousSnapshotID: .generate(),
            snapshotID: .generate(), added: [], removed: [], diff: "", summary: "Pro: $49 → $59", detectedAt: now,
            category: "pricing", significance: 80)
        let digest = DigestComposer(dashboardURL: "https://spyglass.acme.example").compose(
            changes: [change], competitors: [rival.id: rival], monitors: [:], periodName: "weekly", workspace: "Intel")
        let page = "https://spyglass.acme.example/changes/\(change.id.rawValue)"
        #expect(digest.text.contains("    Open: \(page)\n"))
        for (label, verdict) in [("Useful", "useful"), ("Noise", "noise"), ("Acted on", "acted_on")] {
            #expect(digest.text.contains("    \(label): \(page)?verdict=\(verdict)#feedback\n"))
            #expect(digest.html.contains(#"<a href="\#(page)?verdict=\#(verdict)#feedback">\#(label)</a>"#))
        }
    }
}
