import Foundation
import Logging
import PostgresTestSupport
import SpyglassAMQP
import SpyglassDomain
import SpyglassEmbedded
import SpyglassPipeline
import SpyglassPorts
import SpyglassPostgres
import SpyglassRedis
import Testing

/// What an adapter set makes for one test.
struct MadeAdapters: Sendable {
    var storage: any Storage
    var queue: any JobQueue
    var bus: any EventBus
    /// The event log of `storage`'s database as an outbox (checks write their events into it).
    var outbox: any Outbox
}

/// One set of adapters under test. Each port's contract runs against every
/// entry of `all`: the embedded adapters always, the PostgreSQL ones when a
/// server is configured (`SPYGLASS_TEST_POSTGRES_URL`, or CI, where its absence fails).
struct AdapterSet: Sendable, CustomTestStringConvertible {
    var name: String
    /// Whether a consumer holds its place while it retries an event (the log-backed buses), so
    /// later events wait; a broker's retry queues let later events pass instead.
    var retriesHoldTheLine = true
    var make: @Sendable (ManualClock) async throws -> MadeAdapters

    var testDescription: String { name }

    static let all: [AdapterSet] = [embedded] + (TestPostgresServer.isConfigured ? [postgres] : [])

    /// The event-bus contract (envelope, de-duplication, retries, parking, replay, the idempotent
    /// activity projection) runs on these: `all`, and buses of other kinds over embedded storage.
    static let eventBuses: [AdapterSet] = all + (TestAMQP.isEnabled ? [amqp] : [])

    /// `all`, plus the Redis job queue (over embedded storage and bus) when redis-server is
    /// installed (or on CI, where its absence fails): the job queue contract runs on these.
    static let jobQueues: [AdapterSet] = all + (TestRedis.isEnabled ? [redisQueue] : [])

    static let embedded = AdapterSet(name: "embedded SQLite") { clock in
        let database = try await EmbeddedDatabase.inMemory()
        let bus = SQLiteEventBus(database: database)
        return MadeAdapters(
            storage: SQLiteStorage(database: database, clock: clock), queue: SQLiteJobQueue(database: database, clock: clock),
            bus: bus, outbox: bus)
    }

    /// A fresh migrated database per test, reached as the application role
    /// (row-level security applies) and dropped when the test ends.
    static let postgres = AdapterSet(name: "PostgreSQL") { clock in
        let pool = try await TestDatabases.make().app
        let bus = PostgresEventBus(pool: pool)
        return MadeAdapters(
            storage: PostgresStorage(pool: pool, clock: clock), queue: PostgresJobQueue(pool: pool, clock: clock),
            bus: bus, outbox: bus)
    }

    /// The RabbitMQ bus (a topology of its own on the test broker, its client stopped when the test
    /// ends: suites using it carry `.stopsTestAMQP`) over embedded storage, whose event log stays
    /// the outbox. The activity projection's queue is declared up front, as the executable does.
    static let amqp = AdapterSet(name: "RabbitMQ", retriesHoldTheLine: false) { clock in
        let database = try await EmbeddedDatabase.inMemory()
        let log = SQLiteEventBus(database: database)
        let client = try await TestAMQP.client("contract-" + UUID().uuidString.prefix(8).lowercased()).client
        let bus = AMQPEventBus(
            client: client, topology: TestAMQP.topology(),
            subscriptions: [.init(consumer: ActivityProjection.consumer, pattern: ActivityProjection.pattern)],
            logger: Logger(label: "test.amqp.bus"))
        try await bus.prepare()
        return MadeAdapters(
            storage: SQLiteStorage(database: database, clock: clock), queue: SQLiteJobQueue(database: database, clock: clock),
            bus: bus, outbox: log)
    }

    /// The Redis job queue on a redis-server of its own, stopped when the test ends (suites
    /// using it carry `.stopsTestRedis`); storage and bus stay embedded.
    static let redisQueue = AdapterSet(name: "Redis job queue") { clock in
        let database = try await EmbeddedDatabase.inMemory()
        let queue = RedisJobQueue(client: try await TestRedis.client(of: try await TestRedis.server()), clock: clock)
        try TestRedis.run(queue)
        let bus = SQLiteEventBus(database: database)
        return MadeAdapters(
            storage: SQLiteStorage(database: database, clock: clock), queue: queue, bus: bus, outbox: bus)
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
