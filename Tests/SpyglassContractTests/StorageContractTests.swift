import Foundation
import SpyglassDomain
import SpyglassPipeline
import SpyglassPorts
import Testing

@Suite("Storage contract", .dropsTestDatabases)
struct StorageContractTests {
    @Test("another tenant's records are simply not there", arguments: AdapterSet.all)
    func tenantIsolation(adapters: AdapterSet) async throws {
        let clock = ManualClock()
        let storage = try await adapters.make(clock).storage
        let acme = storage.scoped(to: try await Fixtures.tenant(storage, name: "Acme").id)
        let globex = storage.scoped(to: try await Fixtures.tenant(storage, name: "Globex").id)
        let competitor = try await Fixtures.competitor(acme, at: clock.now())
        let monitor = try await Fixtures.monitor(acme, competitor: competitor, at: clock.now())

        #expect(try await globex.competitor(competitor.id) == nil)
        #expect(try await globex.monitor(monitor.id) == nil)
        #expect(try await globex.competitors(page: PageRequest()).items.isEmpty)
        #expect(try await globex.monitors(competitorID: nil, page: PageRequest()).items.isEmpty)
        var renamed = competitor
        renamed.name = "Hijacked"
        #expect(try await !globex.updateCompetitor(renamed))
        #expect(try await !globex.deleteMonitor(monitor.id))
        #expect(try await acme.competitor(competitor.id)?.name == "Rival")
    }

    @Test("competitors round-trip and page with cursors", arguments: AdapterSet.all)
    func pagination(adapters: AdapterSet) async throws {
        let clock = ManualClock()
        let storage = try await adapters.make(clock).storage
        let store = storage.scoped(to: try await Fixtures.tenant(storage).id)
        var created: [Competitor] = []
        for index in 0..<7 {
            clock.advance(by: 1)
            created.append(try await Fixtures.competitor(store, at: clock.now(), name: "C\(index)"))
        }
        var seen: [Competitor] = []
        var page = PageRequest(limit: 3)
        while true {
            let result = try await store.competitors(page: page)
            seen += result.items
            guard let next = result.nextAfter else { break }
            page = PageRequest(limit: 3, after: next)
        }
        #expect(seen == created)
    }

    @Test("a check with a change stores snapshot, change, deliveries and jobs together", arguments: AdapterSet.all)
    func recordCheck(adapters: AdapterSet) async throws {
        let clock = ManualClock()
        let made = try await adapters.make(clock)
        let tenant = try await Fixtures.tenant(made.storage)
        let store = made.storage.scoped(to: tenant.id)
        let competitor = try await Fixtures.competitor(store, at: clock.now())
        var monitor = try await Fixtures.monitor(store, competitor: competitor, at: clock.now())
        let now = clock.now()

        func snapshot(_ text: String) -> Snapshot {
            Snapshot(id: .generate(at: now), tenantID: tenant.id, monitorID: monitor.id,
                     contentHash: Secrets.sha256Hex(text), byteCount: text.utf8.count, capturedAt: now)
        }
        let first = snapshot("Pro $49")
        monitor.lastSnapshotID = first.id
        try await store.recordCheck(CheckResult(
            run: CheckRun(id: .generate(at: now), tenantID: tenant.id, monitorID: monitor.id, jobID: nil,
                          outcome: .baseline, snapshotID: first.id, startedAt: now, finishedAt: now),
            monitor: monitor, snapshot: first, snapshotText: "Pro $49"))

        // The same text again under a new snapshot: the content is stored once.
        clock.advance(by: 1)
        let again = snapshot("Pro $49")
        try await store.recordCheck(CheckResult(
            run: CheckRun(id: .generate(at: clock.now()), tenantID: tenant.id, monitorID: monitor.id, jobID: nil,
                          outcome: .unchanged, snapshotID: again.id, startedAt: now, finishedAt: now),
            monitor: monitor, snapshot: again, snapshotText: "Pro $49"))
        #expect(try await store.snapshotText(again.id) == "Pro $49")

        let channel = AlertChannel(id: .generate(at: now), tenantID: tenant.id, kind: .webhook, name: "hook",
                                   url: "https://hooks.example/x", secret: "s", enabled: true, createdAt: now,
                                   updatedAt: now)
        try await store.insertChannel(channel)
        let second = snapshot("Pro $59")
        let change = Change(id: .generate(at: now), tenantID: tenant.id, monitorID: monitor.id,
                            competitorID: competitor.id, previousSnapshotID: first.id, snapshotID: second.id,
                            added: ["Pro $59"], removed: ["Pro $49"], diff: "-Pro $49\n+Pro $59", summary: "1 line added, 1 line removed",
                            detectedAt: now)
        let delivery = Delivery(id: .generate(at: now), tenantID: tenant.id, channelID: channel.id, changeID: change.id,
                                eventID: "evt_1", eventType: .changeDetected, status: .pending, attempts: 0,
                                nextAttemptAt: now, createdAt: now, updatedAt: now)
        let job = Job.new(tenantID: tenant.id, kind: .deliver, subjectID: delivery.id.rawValue, runAt: now, now: now)
        monitor.lastSnapshotID = second.id
        clock.advance(by: 1)
        try await store.recordCheck(CheckResult(
            run: CheckRun(id: .generate(at: clock.now()), tenantID: tenant.id, monitorID: monitor.id, jobID: nil,
                          outcome: .changed, snapshotID: second.id, changeID: change.id, startedAt: now, finishedAt: now),
            monitor: monitor, snapshot: second, snapshotText: "Pro $59", change: change, deliveries: [(delivery, job)]))

        #expect(try await store.change(change.id) == change)
        #expect(try await store.changes(filter: ChangeFilter(monitorID: monitor.id), page: PageRequest()).items == [change])
        #expect(try await store.changes(filter: ChangeFilter(since: now.addingTimeInterval(1)), page: PageRequest()).items.isEmpty)
        #expect(try await store.delivery(delivery.id)?.status == .pending)
        #expect(try await made.queue.job(job.id, tenant: tenant.id)?.kind == .deliver)
        #expect(try await store.monitor(monitor.id)?.lastSnapshotID == second.id)
        #expect(try await store.checks(monitorID: monitor.id, page: PageRequest()).items.map(\.outcome)
                == [.changed, .unchanged, .baseline])
        #expect(try await store.snapshots(monitorID: monitor.id, page: PageRequest()).items.count == 3)
    }

    @Test("the scheduler's claim takes each due monitor once", arguments: AdapterSet.all)
    func claimDue(adapters: AdapterSet) async throws {
        let clock = ManualClock()
        let storage = try await adapters.make(clock).storage
        let store = storage.scoped(to: try await Fixtures.tenant(storage).id)
        let competitor = try await Fixtures.competitor(store, at: clock.now())
        let monitor = try await Fixtures.monitor(store, competitor: competitor, at: clock.now())
        let now = clock.now()
        let claimed = try await storage.claimDueMonitors(now: now, limit: 10) { _ in now.addingTimeInterval(3_600) }
        #expect(claimed.map(\.id) == [monitor.id])
        #expect(try await storage.claimDueMonitors(now: now, limit: 10) { _ in now }.isEmpty)
        #expect(try await store.monitor(monitor.id)?.nextCheckAt == now.addingTimeInterval(3_600))
    }

    @Test("deleting a competitor removes its monitors", arguments: AdapterSet.all)
    func cascade(adapters: AdapterSet) async throws {
        let clock = ManualClock()
        let storage = try await adapters.make(clock).storage
        let store = storage.scoped(to: try await Fixtures.tenant(storage).id)
        let competitor = try await Fixtures.competitor(store, at: clock.now())
        let monitor = try await Fixtures.monitor(store, competitor: competitor, at: clock.now())
        #expect(try await store.deleteCompetitor(competitor.id))
        #expect(try await store.monitor(monitor.id) == nil)
    }

    @Test("an API key is found by the hash of its secret only", arguments: AdapterSet.all)
    func apiKeys(adapters: AdapterSet) async throws {
        let storage = try await adapters.make(ManualClock()).storage
        let provisioned = try await TenantProvisioning(storage: storage).createTenant(name: "Acme")
        let key = try #require(try await TenantProvisioning(storage: storage).authenticate(secret: provisioned.apiKey))
        #expect(key.tenantID == provisioned.tenant.id)
        #expect(key.secretHash != provisioned.apiKey)
        #expect(try await TenantProvisioning(storage: storage).authenticate(secret: provisioned.apiKey + "x") == nil)
        #expect(try await TenantProvisioning(storage: storage).authenticate(secret: "") == nil)
    }
}
