import Foundation
import Logging
import SpyglassDomain
import SpyglassEmbedded
import SpyglassPipeline
import SpyglassPorts
import Testing

@Suite("Processed events pruner")
struct ProcessedEventsPrunerTests {
    struct FixedClock: WallClock {
        let date: Date
        func now() -> Date { date }
    }

    @Test("one pass forgets the handled event ids older than the retention, and only those")
    func prunes() async throws {
        let storage = SQLiteStorage(database: try await EmbeddedDatabase.inMemory())
        let tenant = try await TenantProvisioning(storage: storage).createTenant(name: "Acme").tenant.id
        let store = storage.scoped(to: tenant)
        let now = Date()
        let competitor = Competitor(
            id: .generate(at: now), tenantID: tenant, name: "Rival", website: nil, tags: [], createdAt: now, updatedAt: now)
        try await store.insertCompetitor(competitor)
        let activity = ChangeActivity(competitorID: competitor.id, detectedAt: now, category: nil, significance: 1)
        for index in 0..<3 {
            _ = try await store.recordChangeActivity(activity, eventID: "evt_\(index)", consumer: "projection")
        }
        let logger = Logger(label: "test")
        let soon = ProcessedEventsPruner(
            storage: storage, clock: FixedClock(date: now.addingTimeInterval(600)), retention: .seconds(3_600), logger: logger)
        #expect(try await soon.prune() == 0)
        let later = ProcessedEventsPruner(
            storage: storage, clock: FixedClock(date: now.addingTimeInterval(7_200)), retention: .seconds(3_600),
            logger: logger)
        #expect(try await later.prune() == 3)
        #expect(try await later.prune() == 0)
    }
}
