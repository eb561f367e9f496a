import Foundation
import SpyglassDomain
import SpyglassPipeline
import SpyglassPorts
import Testing

/// The transactional outbox: a check's events commit with it, in order, and the
/// relay's position; and the weekly activity counters behind the projection.
extension StorageContractTests {
    func outboxEvent(_ id: String, of store: any TenantStorage, type: String = "snapshot.captured") -> DomainEvent {
        DomainEvent(
            id: id, type: type, tenantID: store.tenantID.rawValue, subjectID: "mon_x",
            occurredAt: Date(timeIntervalSince1970: 1_800_000_000), correlationID: "chk_\(id)", payload: Array("{}".utf8))
    }

    @Test("a check's events are pending in order; the relay's mark moves forward only", arguments: AdapterSet.all)
    func outbox(adapters: AdapterSet) async throws {
        let scene = try await Scene(adapters)
        let outbox = scene.made.outbox
        #expect(try await outbox.relayedPosition() == 0)
        #expect(try await outbox.pending(after: 0, limit: 10).isEmpty)
        let writes = outbox.writes()
        let a = outboxEvent("evt_a", of: scene.store)
        let b = outboxEvent("evt_b", of: scene.store, type: "change.detected")
        let run = scene.run(.baseline, monitor: scene.monitor, at: scene.clock.now())
        try await scene.store.recordCheck(CheckResult(run: run, monitor: scene.monitor, events: [a, b]))
        // The outbox (and every consumer) hears of it.
        var iterator = writes.makeAsyncIterator()
        #expect(await iterator.next() != nil)

        // Another tenant's check: the relay reads every tenant's events.
        let globex = scene.made.storage.scoped(to: try await Fixtures.tenant(scene.made.storage, name: "Globex").id)
        let globexMonitor = try await Fixtures.monitor(
            globex, competitor: try await Fixtures.competitor(globex, at: scene.clock.now()), at: scene.clock.now())
        let c = outboxEvent("evt_c", of: globex)
        try await globex.recordCheck(CheckResult(
            run: CheckRun(id: .generate(at: scene.clock.now()), tenantID: globex.tenantID, monitorID: globexMonitor.id,
                          jobID: nil, outcome: .baseline, startedAt: scene.clock.now(), finishedAt: scene.clock.now()),
            monitor: globexMonitor, events: [c]))

        let pending = try await outbox.pending(after: 0, limit: 10)
        #expect(pending.map(\.event) == [a, b, c])
        let positions = pending.map(\.position)
        #expect(positions == positions.sorted() && Set(positions).count == 3)
        #expect(try await outbox.pending(after: 0, limit: 2).map(\.event.id) == ["evt_a", "evt_b"])
        #expect(try await outbox.pending(after: 0, limit: 0).isEmpty)

        try await outbox.markRelayed(through: positions[1])
        #expect(try await outbox.relayedPosition() == positions[1])
        #expect(try await outbox.pending(after: positions[1], limit: 10).map(\.event.id) == ["evt_c"])
        try await outbox.markRelayed(through: positions[0])
        #expect(try await outbox.relayedPosition() == positions[1])
        try await outbox.markRelayed(through: positions[2])
        #expect(try await outbox.relayedPosition() == positions[2])
    }

    @Test("a check that fails to store leaves no event, and another tenant's event is refused", arguments: AdapterSet.all)
    func outboxAtomicity(adapters: AdapterSet) async throws {
        let scene = try await Scene(adapters)
        let run = scene.run(.baseline, monitor: scene.monitor, at: scene.clock.now())
        try await scene.store.recordCheck(
            CheckResult(run: run, monitor: scene.monitor, events: [outboxEvent("evt_first", of: scene.store)]))
        // The same run again: its primary key is taken, so nothing of this result is stored.
        await #expect(throws: (any Error).self) {
            try await scene.store.recordCheck(
                CheckResult(run: run, monitor: scene.monitor, events: [outboxEvent("evt_lost", of: scene.store)]))
        }
        let globex = scene.made.storage.scoped(to: try await Fixtures.tenant(scene.made.storage, name: "Globex").id)
        let stranger = outboxEvent("evt_stranger", of: globex)
        await #expect(throws: (any Error).self) {
            try await scene.store.recordCheck(CheckResult(
                run: scene.run(.baseline, monitor: scene.monitor, at: scene.clock.now()), monitor: scene.monitor,
                events: [stranger]))
        }
        #expect(try await scene.made.outbox.pending(after: 0, limit: 10).map(\.event.id) == ["evt_first"])
    }

    @Test("events a check writes reach the bus's consumers", arguments: AdapterSet.all)
    func outboxFeedsConsumers(adapters: AdapterSet) async throws {
        let scene = try await Scene(adapters)
        let seen = Locked<[String]>([])
        let bus = scene.made.bus
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                try await bus.consume(as: "outbox-reader", pattern: "#", policy: ConsumerPolicy(retryDelays: [])) {
                    event in seen.withLock { $0.append(event.id) }
                }
            }
            defer { group.cancelAll() }
            // Written while the consumer waits: it wakes for it.
            try await Task.sleep(for: .milliseconds(50))
            let run = scene.run(.baseline, monitor: scene.monitor, at: scene.clock.now())
            try await scene.store.recordCheck(
                CheckResult(run: run, monitor: scene.monitor, events: [outboxEvent("evt_woken", of: scene.store)]))
            #expect(try await waitUntil { seen.withLock { $0 } == ["evt_woken"] })
        }
    }

    @Test("activity counts each processed event once, per competitor, Monday week and category", arguments: AdapterSet.all)
    func activityCounters(adapters: AdapterSet) async throws {
        let scene = try await Scene(adapters)
        let store = scene.store
        let rival = scene.competitor
        let other = try await Fixtures.competitor(store, at: scene.clock.now(), name: "Other")
        // Sunday 2027-01-10 23:59:59 belongs to the week of Monday 2027-01-04; Monday 2027-01-11 starts the next.
        let sunday = Date(timeIntervalSince1970: 1_799_625_599)
        let monday = Date(timeIntervalSince1970: 1_799_625_600)
        let previousMonday = Date(timeIntervalSince1970: 1_799_020_800)
        func record(_ id: String, _ competitor: Competitor, _ date: Date, _ category: String?, _ significance: Int)
            async throws -> Bool
        {
            try await store.recordChangeActivity(
                ChangeActivity(competitorID: competitor.id, detectedAt: date, category: category, significance: significance),
                eventID: id, consumer: "activity")
        }
        #expect(try await record("e1", rival, sunday, "pricing", 50))
        #expect(try await !record("e1", rival, sunday, "pricing", 50))
        #expect(try await record("e2", rival, monday, "pricing", 49))
        #expect(try await record("e3", rival, monday.addingTimeInterval(86_400 * 6), "pricing", 90))
        #expect(try await record("e4", rival, monday, nil, 10))
        #expect(try await record("e5", other, monday, "people", 70))
        // Another consumer keeps its own record of what it processed.
        #expect(try await store.recordChangeActivity(
            ChangeActivity(competitorID: rival.id, detectedAt: monday, category: nil, significance: 0),
            eventID: "e1", consumer: "another-projection"))

        // Oldest week first, then by competitor and category (none first).
        func order(_ week: ActivityWeek) -> (Date, String, String) {
            (week.weekStart, week.competitorID.rawValue, week.category ?? "")
        }
        let all = try await store.activity(competitorID: nil, since: nil)
        #expect(all == [
            ActivityWeek(competitorID: rival.id, weekStart: previousMonday, category: "pricing", changes: 1,
                         significantChanges: 1),
            ActivityWeek(competitorID: rival.id, weekStart: monday, category: nil, changes: 2, significantChanges: 0),
            ActivityWeek(competitorID: rival.id, weekStart: monday, category: "pricing", changes: 2,
                         significantChanges: 1),
            ActivityWeek(competitorID: other.id, weekStart: monday, category: "people", changes: 1,
                         significantChanges: 1),
        ].sorted { order($0) < order($1) })
        #expect(try await store.activity(competitorID: other.id, since: nil).map(\.changes) == [1])
        // From the week holding `since` (a Wednesday) on.
        let since = try await store.activity(competitorID: rival.id, since: monday.addingTimeInterval(86_400 * 2))
        #expect(since.map(\.weekStart) == [monday, monday])

        // Another tenant sees nothing, and cannot count into this tenant's competitor.
        let globex = scene.made.storage.scoped(to: try await Fixtures.tenant(scene.made.storage, name: "Globex").id)
        #expect(try await globex.activity(competitorID: nil, since: nil).isEmpty)
        #expect(try await globex.recordChangeActivity(
            ChangeActivity(competitorID: rival.id, detectedAt: monday, category: "pricing", significance: 90),
            eventID: "g1", consumer: "activity"))
        #expect(try await store.activity(competitorID: rival.id, since: monday).first { $0.category == "pricing" }?
            .changes == 2)

        // A change of a deleted competitor is processed but counts nothing; its weeks go with it.
        #expect(try await store.deleteCompetitor(other.id))
        #expect(try await record("e6", other, monday, "people", 70))
        #expect(try await store.activity(competitorID: other.id, since: nil).isEmpty)
    }
}
