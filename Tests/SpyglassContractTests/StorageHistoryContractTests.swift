import Foundation
import SpyglassDomain
import SpyglassPipeline
import SpyglassPorts
import Testing

/// Checks, snapshots, changes and deliveries.
extension StorageContractTests {
    /// A tenant with one competitor and monitor, ready for history.
    struct Scene {
        var clock: ManualClock
        var made: MadeAdapters
        var store: any TenantStorage
        var competitor: Competitor
        var monitor: Monitor

        init(_ adapters: AdapterSet) async throws {
            clock = ManualClock()
            made = try await adapters.make(clock)
            store = made.storage.scoped(to: try await Fixtures.tenant(made.storage, name: "Acme").id)
            competitor = try await Fixtures.competitor(store, at: clock.now())
            monitor = try await Fixtures.monitor(store, competitor: competitor, at: clock.now())
        }

        func change(
            monitor: Monitor, at date: Date, category: String?, significance: Int
        ) -> Change {
            Change(
                id: .generate(at: date), tenantID: store.tenantID, monitorID: monitor.id,
                competitorID: monitor.competitorID, previousSnapshotID: .generate(at: date),
                snapshotID: .generate(at: date), added: ["+ \(significance)"], removed: ["- old"],
                diff: "-old\n+new", summary: "1 line changed", detectedAt: date, category: category,
                confidence: 0.75, significance: significance, reasons: ["price moved"],
                deltasJSON: #"[{"kind":"price"}]"#, suppressedJSON: #"[{"reason":"date"}]"#)
        }

        func run(_ outcome: CheckRun.Outcome, monitor: Monitor, at date: Date, change: Change? = nil) -> CheckRun {
            CheckRun(
                id: .generate(at: date), tenantID: store.tenantID, monitorID: monitor.id, jobID: .generate(at: date),
                outcome: outcome, errorCode: outcome == .failed ? "timeout" : nil,
                reason: outcome == .failed ? "no answer in 30 s" : nil, changeID: change?.id,
                suppressedJSON: #"[{"reason":"counter"}]"#, startedAt: date, finishedAt: date.addingTimeInterval(0.5))
        }

        func record(_ change: Change, monitor: Monitor) async throws {
            try await store.recordCheck(CheckResult(
                run: run(.changed, monitor: monitor, at: change.detectedAt, change: change), monitor: monitor,
                change: change))
        }

        func channel(at date: Date) async throws -> AlertChannel {
            let channel = AlertChannel(
                id: .generate(at: date), tenantID: store.tenantID, kind: .webhook, name: "hook",
                url: "https://hooks.example/x", secret: "s", enabled: true, createdAt: date, updatedAt: date)
            try await store.insertChannel(channel)
            return channel
        }

        func delivery(channel: AlertChannel, change: Change?, at date: Date) -> (Delivery, Job) {
            let delivery = Delivery(
                id: .generate(at: date), tenantID: store.tenantID, channelID: channel.id, changeID: change?.id,
                eventID: "evt_\(UUID().uuidString)", eventType: change == nil ? .channelTest : .changeDetected,
                status: .pending, attempts: 0, nextAttemptAt: date, createdAt: date, updatedAt: date)
            let job = Job.new(
                tenantID: store.tenantID, kind: .deliver, subjectID: delivery.id.rawValue, runAt: date, now: date)
            return (delivery, job)
        }
    }

    @Test("changes filter by monitor, competitor, time, category and significance, newest first", arguments: AdapterSet.all)
    func changeFilters(adapters: AdapterSet) async throws {
        let scene = try await Scene(adapters)
        let store = scene.store
        let t0 = scene.clock.now()
        let rival2 = try await Fixtures.competitor(store, at: t0, name: "Rival 2")
        let monitor2 = try await Fixtures.monitor(store, competitor: rival2, at: t0)
        let pricing = scene.change(monitor: scene.monitor, at: t0, category: "pricing", significance: 80)
        let product = scene.change(monitor: scene.monitor, at: t0.addingTimeInterval(10), category: "product", significance: 20)
        let other = scene.change(monitor: monitor2, at: t0.addingTimeInterval(20), category: "pricing", significance: 50)
        try await scene.record(pricing, monitor: scene.monitor)
        try await scene.record(product, monitor: scene.monitor)
        try await scene.record(other, monitor: monitor2)

        func changes(_ filter: ChangeFilter) async throws -> [Change] {
            try await store.changes(filter: filter, page: PageRequest()).items
        }
        #expect(try await changes(ChangeFilter()) == [other, product, pricing])
        #expect(try await changes(ChangeFilter(monitorID: scene.monitor.id)) == [product, pricing])
        #expect(try await changes(ChangeFilter(competitorID: rival2.id)) == [other])
        #expect(try await changes(ChangeFilter(since: t0.addingTimeInterval(10))) == [other, product])
        #expect(try await changes(ChangeFilter(until: t0.addingTimeInterval(10))) == [pricing])
        #expect(try await changes(ChangeFilter(category: "pricing")) == [other, pricing])
        #expect(try await changes(ChangeFilter(minSignificance: 50)) == [other, pricing])
        #expect(try await changes(ChangeFilter(monitorID: scene.monitor.id, category: "pricing", minSignificance: 80))
                == [pricing])
        #expect(try await changes(ChangeFilter(category: "people")).isEmpty)

        let first = try await store.changes(filter: ChangeFilter(), page: PageRequest(limit: 2))
        #expect(first.items == [other, product])
        let after = try #require(first.nextAfter)
        let second = try await store.changes(filter: ChangeFilter(), page: PageRequest(limit: 2, after: after))
        #expect(second.items == [pricing])
        #expect(second.nextAfter == nil)

        let globex = scene.made.storage.scoped(to: try await Fixtures.tenant(scene.made.storage, name: "Globex").id)
        #expect(try await globex.change(pricing.id) == nil)
        #expect(try await globex.changes(filter: ChangeFilter(), page: PageRequest()).items.isEmpty)
        #expect(try await globex.changes(filter: ChangeFilter(monitorID: scene.monitor.id), page: PageRequest()).items.isEmpty)
    }

    @Test("ranked changes: most significant first over all of them, newest first among equals, filtered, paged by offset",
          arguments: AdapterSet.all)
    func rankedChanges(adapters: AdapterSet) async throws {
        let scene = try await Scene(adapters)
        let store = scene.store
        let t0 = scene.clock.now()
        let significances = [10, 90, 50, 90, 30, 70]
        var made: [Change] = []
        for (index, significance) in significances.enumerated() {
            let change = scene.change(
                monitor: scene.monitor, at: t0.addingTimeInterval(Double(index)),
                category: index.isMultiple(of: 2) ? "pricing" : "product", significance: significance)
            try await scene.record(change, monitor: scene.monitor)
            made.append(change)
        }
        let expected = [made[3], made[1], made[5], made[2], made[4], made[0]]
        #expect(try await store.rankedChanges(filter: ChangeFilter(), limit: 10, offset: 0) == expected)
        #expect(try await store.rankedChanges(filter: ChangeFilter(), limit: 2, offset: 0) == Array(expected[0..<2]))
        #expect(try await store.rankedChanges(filter: ChangeFilter(), limit: 2, offset: 2) == Array(expected[2..<4]))
        #expect(try await store.rankedChanges(filter: ChangeFilter(), limit: 2, offset: 6).isEmpty)
        #expect(try await store.rankedChanges(filter: ChangeFilter(category: "pricing"), limit: 10, offset: 0)
                == [made[2], made[4], made[0]])
        #expect(try await store.rankedChanges(filter: ChangeFilter(minSignificance: 60), limit: 10, offset: 0)
                == [made[3], made[1], made[5]])
        #expect(try await store.rankedChanges(filter: ChangeFilter(), limit: -1, offset: -5).isEmpty)
        let globex = scene.made.storage.scoped(to: try await Fixtures.tenant(scene.made.storage, name: "Globex").id)
        #expect(try await globex.rankedChanges(filter: ChangeFilter(), limit: 10, offset: 0).isEmpty)
    }

    @Test("pruning forgets handled event ids older than the cutoff, of every tenant, a batch at a time",
          arguments: AdapterSet.all)
    func pruneProcessedEvents(adapters: AdapterSet) async throws {
        let scene = try await Scene(adapters)
        let storage = scene.made.storage
        let globex = storage.scoped(to: try await Fixtures.tenant(storage, name: "Globex").id)
        let now = Date()
        var recorded = 0
        for store in [scene.store, globex] {
            let competitor = try await Fixtures.competitor(store, at: now)
            let activity = ChangeActivity(competitorID: competitor.id, detectedAt: now, category: "pricing", significance: 60)
            for index in 0..<3 {
                #expect(try await store.recordChangeActivity(activity, eventID: "evt_\(store.tenantID)_\(index)", consumer: "c"))
                recorded += 1
            }
        }
        let store = scene.store
        let competitor = try await Fixtures.competitor(store, at: now)
        let activity = ChangeActivity(competitorID: competitor.id, detectedAt: now, category: nil, significance: 10)
        #expect(try await storage.pruneProcessedEvents(before: now.addingTimeInterval(-3_600), limit: 100) == 0)
        #expect(try await !store.recordChangeActivity(activity, eventID: "evt_\(store.tenantID)_0", consumer: "c"),
                "a recent id is still remembered")
        let later = now.addingTimeInterval(3_600)
        #expect(try await storage.pruneProcessedEvents(before: later, limit: 4) == 4)
        #expect(try await storage.pruneProcessedEvents(before: later, limit: 100) == recorded - 4)
        #expect(try await storage.pruneProcessedEvents(before: later, limit: 100) == 0)
        #expect(try await store.recordChangeActivity(activity, eventID: "evt_\(store.tenantID)_0", consumer: "c"),
                "a forgotten id counts again")
    }

    @Test("check runs keep every field and page newest first", arguments: AdapterSet.all)
    func checkRuns(adapters: AdapterSet) async throws {
        let scene = try await Scene(adapters)
        var runs: [CheckRun] = []
        for outcome in [CheckRun.Outcome.failed, .notModified, .noiseOnly] {
            scene.clock.advance(by: 1)
            let run = scene.run(outcome, monitor: scene.monitor, at: scene.clock.now())
            try await scene.store.recordCheck(CheckResult(run: run, monitor: scene.monitor))
            runs.insert(run, at: 0)
        }
        let first = try await scene.store.checks(monitorID: scene.monitor.id, page: PageRequest(limit: 2))
        #expect(first.items == Array(runs.prefix(2)))
        let after = try #require(first.nextAfter)
        let second = try await scene.store.checks(monitorID: scene.monitor.id, page: PageRequest(limit: 2, after: after))
        #expect(second.items == [runs[2]])
        #expect(second.nextAfter == nil)
    }

    @Test("snapshot text is stored once per tenant and hash, and found only by its tenant", arguments: AdapterSet.all)
    func snapshotContent(adapters: AdapterSet) async throws {
        let scene = try await Scene(adapters)
        let now = scene.clock.now()
        // Large and varied enough to exercise compression for real.
        let text = (0..<20_000).map { "line \($0): plan \($0 % 7) costs $\($0 % 97)" }.joined(separator: "\n")
        func snapshot(_ store: any TenantStorage, monitor: Monitor) -> Snapshot {
            Snapshot(
                id: .generate(at: now), tenantID: store.tenantID, monitorID: monitor.id,
                contentHash: Secrets.sha256Hex(text), byteCount: text.utf8.count, capturedAt: now,
                factsJSON: #"{"prices":[49]}"#)
        }
        let acmeSnapshot = snapshot(scene.store, monitor: scene.monitor)
        var monitor = scene.monitor
        monitor.lastSnapshotID = acmeSnapshot.id
        try await scene.store.recordCheck(CheckResult(
            run: scene.run(.baseline, monitor: monitor, at: now), monitor: monitor, snapshot: acmeSnapshot,
            snapshotText: text))
        #expect(try await scene.store.snapshot(acmeSnapshot.id) == acmeSnapshot)
        #expect(try await scene.store.snapshotText(acmeSnapshot.id) == text)
        #expect(try await scene.store.snapshotText(.generate(at: now)) == nil)
        #expect(try await scene.store.snapshots(monitorID: monitor.id, page: PageRequest()).items == [acmeSnapshot])

        // The same text in another tenant: its own copy, and neither sees the other's snapshot.
        let globex = scene.made.storage.scoped(to: try await Fixtures.tenant(scene.made.storage, name: "Globex").id)
        let globexCompetitor = try await Fixtures.competitor(globex, at: now)
        let globexMonitor = try await Fixtures.monitor(globex, competitor: globexCompetitor, at: now)
        let globexSnapshot = snapshot(globex, monitor: globexMonitor)
        try await globex.recordCheck(CheckResult(
            run: CheckRun(id: .generate(at: now), tenantID: globex.tenantID, monitorID: globexMonitor.id, jobID: nil,
                          outcome: .baseline, startedAt: now, finishedAt: now),
            monitor: globexMonitor, snapshot: globexSnapshot, snapshotText: text))
        #expect(try await globex.snapshotText(globexSnapshot.id) == text)
        #expect(try await globex.snapshotText(acmeSnapshot.id) == nil)
        #expect(try await globex.snapshot(acmeSnapshot.id) == nil)
        #expect(try await scene.store.snapshotText(globexSnapshot.id) == nil)
        #expect(try await globex.snapshots(monitorID: monitor.id, page: PageRequest()).items.isEmpty)
    }

    @Test("deliveries: filters, attempts, retries, and a failed job insert leaves no delivery", arguments: AdapterSet.all)
    func deliveries(adapters: AdapterSet) async throws {
        let scene = try await Scene(adapters)
        let store = scene.store
        let t0 = scene.clock.now()
        let channel = try await scene.channel(at: t0)
        let change = scene.change(monitor: scene.monitor, at: t0, category: "pricing", significance: 60)
        try await scene.record(change, monitor: scene.monitor)
        var (forChange, firstJob) = scene.delivery(channel: channel, change: change, at: t0)
        try await store.insertDelivery(forChange, job: firstJob)
        let (test, testJob) = scene.delivery(channel: channel, change: nil, at: t0.addingTimeInterval(1))
        try await store.insertDelivery(test, job: testJob)
        #expect(try await scene.made.queue.job(firstJob.id, tenant: store.tenantID) == firstJob)
        #expect(try await store.delivery(forChange.id) == forChange)

        func deliveries(_ filter: DeliveryFilter) async throws -> [Delivery.ID] {
            try await store.deliveries(filter: filter, page: PageRequest()).items.map(\.id)
        }
        #expect(try await deliveries(DeliveryFilter()) == [test.id, forChange.id])
        #expect(try await deliveries(DeliveryFilter(channelID: channel.id)) == [test.id, forChange.id])
        #expect(try await deliveries(DeliveryFilter(changeID: change.id)) == [forChange.id])
        #expect(try await deliveries(DeliveryFilter(status: .pending)) == [test.id, forChange.id])
        #expect(try await deliveries(DeliveryFilter(status: .failed)).isEmpty)
        let page = try await store.deliveries(filter: DeliveryFilter(), page: PageRequest(limit: 1))
        #expect(page.items.map(\.id) == [test.id])
        let cursor = try #require(page.nextAfter)
        let rest = try await store.deliveries(filter: DeliveryFilter(), page: PageRequest(limit: 1, after: cursor))
        #expect(rest.items.map(\.id) == [forChange.id])

        // A failed attempt with a retry, then a success.
        let t1 = t0.addingTimeInterval(5)
        let failed = DeliveryAttempt(
            deliveryID: forChange.id, number: 1, attemptedAt: t1, statusCode: 503, error: "HTTP 503",
            durationMilliseconds: 120)
        forChange.status = .retrying
        forChange.attempts = 1
        forChange.lastError = "HTTP 503"
        forChange.lastStatusCode = 503
        forChange.nextAttemptAt = t1.addingTimeInterval(60)
        forChange.updatedAt = t1
        let retry = Job.new(
            tenantID: store.tenantID, kind: .deliver, subjectID: forChange.id.rawValue, runAt: t1.addingTimeInterval(60),
            now: t1)
        try await store.recordDeliveryAttempt(failed, delivery: forChange, retry: retry)
        #expect(try await store.delivery(forChange.id) == forChange)
        #expect(try await scene.made.queue.job(retry.id, tenant: store.tenantID)?.runAt == retry.runAt)

        let t2 = t1.addingTimeInterval(60)
        let succeeded = DeliveryAttempt(
            deliveryID: forChange.id, number: 2, attemptedAt: t2, statusCode: 200, error: nil, durationMilliseconds: 40)
        forChange.status = .succeeded
        forChange.attempts = 2
        forChange.lastError = nil
        forChange.lastStatusCode = 200
        forChange.nextAttemptAt = nil
        forChange.updatedAt = t2
        try await store.recordDeliveryAttempt(succeeded, delivery: forChange, retry: nil)
        #expect(try await store.delivery(forChange.id) == forChange)
        #expect(try await store.deliveryAttempts(forChange.id) == [failed, succeeded])
        #expect(try await deliveries(DeliveryFilter(status: .succeeded)) == [forChange.id])

        // The delivery and its job go in together or not at all.
        let (orphan, _) = scene.delivery(channel: channel, change: change, at: t2)
        await #expect(throws: (any Error).self) { try await store.insertDelivery(orphan, job: firstJob) }
        #expect(try await store.delivery(orphan.id) == nil)

        let globex = scene.made.storage.scoped(to: try await Fixtures.tenant(scene.made.storage, name: "Globex").id)
        #expect(try await globex.delivery(forChange.id) == nil)
        #expect(try await globex.deliveryAttempts(forChange.id).isEmpty)
        #expect(try await globex.deliveries(filter: DeliveryFilter(channelID: channel.id), page: PageRequest()).items.isEmpty)
    }

    @Test("deleting a competitor removes its monitors' history", arguments: AdapterSet.all)
    func cascadeHistory(adapters: AdapterSet) async throws {
        let scene = try await Scene(adapters)
        let change = scene.change(monitor: scene.monitor, at: scene.clock.now(), category: nil, significance: 0)
        try await scene.record(change, monitor: scene.monitor)
        #expect(try await scene.store.checks(monitorID: scene.monitor.id, page: PageRequest()).items.count == 1)
        #expect(try await scene.store.deleteCompetitor(scene.competitor.id))
        #expect(try await scene.store.change(change.id) == nil)
        #expect(try await scene.store.checks(monitorID: scene.monitor.id, page: PageRequest()).items.isEmpty)
        #expect(try await !scene.store.deleteCompetitor(scene.competitor.id))
    }

    @Test("a NUL character in page-derived text does not fail the check", arguments: AdapterSet.all)
    func nulInHistory(adapters: AdapterSet) async throws {
        let scene = try await Scene(adapters)
        var change = scene.change(monitor: scene.monitor, at: scene.clock.now(), category: "product", significance: 10)
        change.diff = "-a\u{0}\n+b"
        change.summary = "nul \u{0}"
        var run = scene.run(.changed, monitor: scene.monitor, at: scene.clock.now(), change: change)
        run.reason = "reason \u{0}"
        try await scene.store.recordCheck(CheckResult(run: run, monitor: scene.monitor, change: change))
        let stored = try #require(try await scene.store.change(change.id))
        #expect(["-a", "-a\u{0}\n+b", "-a\u{FFFD}\n+b"].contains(stored.diff))
    }
}
