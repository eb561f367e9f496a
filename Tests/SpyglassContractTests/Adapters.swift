import Foundation
import PostgresTestSupport
import SpyglassDomain
import SpyglassEmbedded
import SpyglassPipeline
import SpyglassPorts
import SpyglassPostgres
import SpyglassRedis
import Testing

/// One set of adapters under test. Each port's contract runs against every
/// entry of `all`: the embedded adapters always, the PostgreSQL ones when a
/// server is configured (`SPYGLASS_TEST_POSTGRES_URL`, or CI, where its absence fails).
struct AdapterSet: Sendable, CustomTestStringConvertible {
    var name: String
    var make: @Sendable (ManualClock) async throws -> (storage: any Storage, queue: any JobQueue, bus: any EventBus)

    var testDescription: String { name }

    static let all: [AdapterSet] = [embedded] + (TestPostgresServer.isConfigured ? [postgres] : [])

    /// `all`, plus the Redis job queue (over embedded storage and bus) when redis-server is
    /// installed (or on CI, where its absence fails): the job queue contract runs on these.
    static let jobQueues: [AdapterSet] = all + (TestRedis.isEnabled ? [redisQueue] : [])

    static let embedded = AdapterSet(name: "embedded SQLite") { clock in
        let database = try await EmbeddedDatabase.inMemory()
        return (SQLiteStorage(database: database, clock: clock), SQLiteJobQueue(database: database, clock: clock),
                SQLiteEventBus(database: database, retryDelay: .milliseconds(20)))
    }

    /// A fresh migrated database per test, reached as the application role
    /// (row-level security applies) and dropped when the test ends.
    static let postgres = AdapterSet(name: "PostgreSQL") { clock in
        let pool = try await TestDatabases.make().app
        return (PostgresStorage(pool: pool, clock: clock), PostgresJobQueue(pool: pool, clock: clock),
                PostgresEventBus(pool: pool, retryDelay: .milliseconds(20)))
    }

    /// The Redis job queue on a redis-server of its own, stopped when the test ends (suites
    /// using it carry `.stopsTestRedis`); storage and bus stay embedded.
    static let redisQueue = AdapterSet(name: "Redis job queue") { clock in
        let database = try await EmbeddedDatabase.inMemory()
        let queue = RedisJobQueue(client: try await TestRedis.client(of: try await TestRedis.server()), clock: clock)
        try TestRedis.run(queue)
        return (SQLiteStorage(database: database, clock: clock), queue,
                SQLiteEventBus(database: database, retryDelay: .milliseconds(20)))
    }
}

enum Fixtures {
    static func tenant(_ storage: any Storage, name: String = "Acme Intel") async throws -> Tenant {
        try await TenantProvisioning(storage: storage).createTenant(name: name).tenant
    }

    static func competitor(_ store: any TenantStorage, at now: Date, name: String = "Rival") async throws -> Competitor {
        let competitor = Competitor(
            id: .generate(at: now), tenantID: store.tenantID, name: name, website: "https://rival.example",
            tags: ["saas"], createdAt: now, updatedAt: now)
        try await store.insertCompetitor(competitor)
        return competitor
    }

    static func monitor(_ store: any TenantStorage, competitor: Competitor, at now: Date) async throws -> Monitor {
        let monitor = Monitor(
            id: .generate(at: now), tenantID: store.tenantID, competitorID: competitor.id,
            url: "https://rival.example/pricing", kind: .html, selector: nil, intervalSeconds: 3_600, enabled: true,
            nextCheckAt: now, createdAt: now, updatedAt: now)
        try await store.insertMonitor(monitor)
        return monitor
    }
}
