import Foundation
import Logging
import SpyglassDomain
import SpyglassPipeline
import SpyglassPorts
import Testing

/// The idempotent consumer with a real effect: weekly activity per competitor.
extension EventBusContractTests {
    /// A `change.detected` event as a check writes it.
    static func changeDetected(
        _ store: any TenantStorage, competitor: Competitor, at date: Date, category: String?, significance: Int
    ) throws -> DomainEvent {
        let change = Change(
            id: .generate(at: date), tenantID: store.tenantID, monitorID: .generate(at: date),
            competitorID: competitor.id, previousSnapshotID: .generate(at: date), snapshotID: .generate(at: date),
            added: ["+"], removed: ["-"], diff: "-\n+", summary: "1 line changed", detectedAt: date, category: category,
            confidence: 0.5, significance: significance, reasons: [], deltasJSON: "[]", suppressedJSON: "[]")
        let run = CheckRun(
            id: .generate(at: date), tenantID: store.tenantID, monitorID: change.monitorID, jobID: .generate(at: date),
            outcome: .changed, changeID: change.id, startedAt: date, finishedAt: date)
        return try CheckEvents.changeDetected(change, run: run)
    }

    @Test("the activity projection counts a change once, however often it is delivered",
          arguments: AdapterSet.eventBuses)
    func activityProjection(adapters: AdapterSet) async throws {
        let scene = try await BusScene(adapters)
        let store = scene.made.storage.scoped(to: scene.tenant)
        // Wednesday 2027-01-13 10:00 UTC; its week starts on Monday 2027-01-11.
        let wednesday = Date(timeIntervalSince1970: 1_799_834_400)
        let monday = Date(timeIntervalSince1970: 1_799_625_600)
        let competitor = try await Fixtures.competitor(store, at: wednesday)
        let first = try Self.changeDetected(store, competitor: competitor, at: wednesday, category: "pricing", significance: 80)
        let projection = ActivityProjection(
            bus: scene.bus, storage: scene.made.storage, policy: ConsumerPolicy(retryDelays: [.milliseconds(20)]),
            restartDelay: .milliseconds(20), logger: Logger(label: "test"))
        func weeks() async throws -> [ActivityWeek] { try await store.activity(competitorID: nil, since: nil) }

        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await projection.run() }
            defer { group.cancelAll() }
            try await scene.bus.publish(first)
            #expect(try await waitUntil { try await weeks().first?.changes == 1 })
            // Delivered again (a redelivery after a lost acknowledgement): nothing changes.
            #expect(try await !projection.handle(first))
            try await scene.bus.publish(first)
            let second = try Self.changeDetected(
                store, competitor: competitor, at: wednesday.addingTimeInterval(3_600), category: "pricing",
                significance: 10)
            try await scene.bus.publish(second)
            #expect(try await waitUntil { try await weeks().first?.changes == 2 })
        }
        #expect(try await weeks() == [
            ActivityWeek(competitorID: competitor.id, weekStart: monday, category: "pricing", changes: 2,
                         significantChanges: 1)
        ])
        #expect(try await scene.bus.parked(consumer: ActivityProjection.consumer).isEmpty)
    }
}
