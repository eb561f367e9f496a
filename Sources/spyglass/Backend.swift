import AMQPClient
import Foundation
import Logging
import RedisClient
import ServiceLifecycle
import SpyglassAMQP
import SpyglassDomain
import SpyglassEmbedded
import SpyglassPipeline
import SpyglassPorts
import SpyglassPostgres
import SpyglassRedis

/// The adapters a command runs on: the embedded SQLite file by default,
/// PostgreSQL (as the application role, under row-level security) when
/// `SPYGLASS_DATABASE_URL` is set, and Redis for collection work, live events,
/// rate limits and the scheduler's leadership when `SPYGLASS_REDIS_URL` is set,
/// and RabbitMQ for domain events when `SPYGLASS_AMQP_URL` is set (the database's
/// event log is then the outbox a relay moves onto the broker).
struct Backend {
    var storage: any Storage
    /// The database's queue: deliveries, written in the same transaction as their change.
    var queue: any JobQueue
    /// Check jobs' own queue when Redis is configured; nil: they share the database's queue.
    var redisChecks: RedisJobQueue?
    var bus: any EventBus
    /// The database's event log: written in the same transaction as the state it announces.
    var outbox: any Outbox
    var pubSub: any PubSub
    var rateLimiter: any RateLimiter
    var leaderLock: (any LeaderLock)?
    /// Services that belong in the service group, first to start, last to stop.
    var services: [any Service]
    /// What must run for the adapters to work at all (the connection pool).
    private var pool: PostgresPool?
    private var embedded: EmbeddedDatabase?
    /// The broker connection, run beside the command like the pool (its users are services).
    private var amqp: AMQPClient?

    var description: String

    /// Where check jobs go.
    var checkQueue: any JobQueue { redisChecks ?? queue }

    /// The API's view of the jobs: checks and deliveries together.
    var apiQueue: any JobQueue {
        redisChecks.map { KindRoutedJobQueue(routing: [.check], to: $0, rest: queue) } ?? queue
    }

    static func open(dataDir: String, logger: Logger) async throws -> Backend {
        var backend = try await openStore(dataDir: dataDir, logger: logger)
        if let text = Environment.string("SPYGLASS_REDIS_URL") {
            try backend.useRedis(text, logger: logger)
        }
        if let text = Environment.string("SPYGLASS_AMQP_URL") {
            try backend.useAMQP(text, logger: logger)
        }
        return backend
    }

    private static func openStore(dataDir: String, logger: Logger) async throws -> Backend {
        let clock = SystemWallClock()
        guard let text = Environment.string("SPYGLASS_DATABASE_URL") else {
            let database = try await openDatabase(dataDir)
            let queue = SQLiteJobQueue(database: database, clock: clock)
            let bus = SQLiteEventBus(database: database)
            return Backend(
                storage: SQLiteStorage(database: database, clock: clock), queue: queue, redisChecks: nil,
                bus: bus, outbox: bus, pubSub: InMemoryPubSub(), rateLimiter: InMemoryRateLimiter(),
                leaderLock: nil, services: [], pool: nil, embedded: database, description: "SQLite in \(dataDir)")
        }
        let url: PostgresURL
        do {
            url = try PostgresURL(text)
        } catch {
            throw CLIError("SPYGLASS_DATABASE_URL: \(error)")
        }
        let pool = PostgresPool(url: url, logger: logger)
        let queue = PostgresJobQueue(pool: pool, clock: clock)
        let bus = PostgresEventBus(pool: pool)
        return Backend(
            storage: PostgresStorage(pool: pool, clock: clock), queue: queue, redisChecks: nil, bus: bus, outbox: bus,
            pubSub: InMemoryPubSub(), rateLimiter: InMemoryRateLimiter(), leaderLock: nil, services: [queue, bus],
            pool: pool, embedded: nil, description: "PostgreSQL at \(url)")
    }

    private mutating func useRedis(_ text: String, logger: Logger) throws {
        let configuration: RedisConfiguration
        do {
            configuration = try RedisConfiguration(url: text)
        } catch {
            throw CLIError("SPYGLASS_REDIS_URL: \(error)")
        }
        let client = RedisClient(configuration: configuration, logger: logger)
        let checks = RedisJobQueue(client: client, logger: logger)
        let live = RedisPubSub(client: client)
        redisChecks = checks
        pubSub = live
        rateLimiter = RedisRateLimiter(client: client)
        leaderLock = RedisLeaderLock(client: client)
        services = [client, checks, live] + services
        description += ", Redis at \(configuration.host):\(configuration.port)"
    }

    private mutating func useAMQP(_ text: String, logger: Logger) throws {
        var configuration: AMQPConfiguration
        do {
            configuration = try AMQPConfiguration(url: text)
        } catch {
            throw CLIError("SPYGLASS_AMQP_URL: \(error)")
        }
        configuration.connectionName = "spyglass \(ProcessInfo.processInfo.hostName) \(getpid())"
        let client = AMQPClient(configuration: configuration, logger: logger)
        // Several installations may share one virtual host: each names its exchanges and queues
        // under its own prefix.
        let prefix = Environment.string("SPYGLASS_AMQP_PREFIX") ?? "spyglass"
        guard prefix.count <= 100, prefix.allSatisfy({ $0.isLetter || $0.isNumber || "-_.".contains($0) }) else {
            throw CLIError("SPYGLASS_AMQP_PREFIX may hold up to 100 letters, digits, '-', '_' and '.'")
        }
        let policy = try Environment.consumerPolicy()
        let events = AMQPEventBus(
            client: client, topology: EventTopology(prefix: prefix),
            subscriptions: [
                AMQPEventBus.Subscription(
                    consumer: ActivityProjection.consumer, pattern: ActivityProjection.pattern, policy: policy),
            ],
            logger: logger)
        let relay = OutboxRelay(outbox: outbox, bus: events, logger: logger)
        // The consumers this program runs are subscribed before the first event is relayed, so
        // none is missed while a consumer process is still starting.
        bus = events
        amqp = client
        services += [events, relay]
        description += ", RabbitMQ at \(configuration.host):\(configuration.port)"
    }

    /// Runs `body` while the connection pool and the broker connection (if any) run, then
    /// closes everything.
    func run<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        if let amqp {
            return try await withThrowingTaskGroup(of: Void.self) { tasks in
                tasks.addTask { try await amqp.run() }
                defer { tasks.cancelAll() }
                return try await runStore(body)
            }
        }
        return try await runStore(body)
    }

    private func runStore<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        guard let pool else {
            do {
                let result = try await body()
                await embedded?.close()
                return result
            } catch {
                await embedded?.close()
                throw error
            }
        }
        return try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { await pool.run() }
            defer { tasks.cancelAll() }
            return try await body()
        }
    }
}
