import AMQPClient
import AMQPTestSupport
import Foundation
import Logging
import SpyglassAMQP
import SpyglassDomain
import SpyglassEmbedded
import SpyglassPipeline
import SpyglassPorts
import Testing

/// What production does to messaging, done to a real RabbitMQ: connections closed by the broker
/// in the middle of streams, the broker stopped and started, a consumer dying before its ack, an
/// outbox relay dying between publishing and marking. The effect under test is the activity
/// projection's counters (idempotent by event id in the database): no event lost, none counted twice.
@Suite(
    "RabbitMQ faults", .serialized, .stopsTestAMQP, .dropsTestDatabases,
    .enabled(if: TestAMQP.isEnabled, Comment(rawValue: TestBroker.skipMessage)))
struct AMQPFaultTests {
    /// The embedded database (outbox, counters) of one "service", and its tenant and competitor.
    struct Scene {
        let database: EmbeddedDatabase
        let log: SQLiteEventBus
        let storage: SQLiteStorage
        let tenant: Tenant.ID
        let competitor: Competitor.ID
        let topology = TestAMQP.topology()
        let consumerPolicy = ConsumerPolicy(retryDelays: [.milliseconds(100)])

        init() async throws {
            database = try await EmbeddedDatabase.inMemory()
            log = SQLiteEventBus(database: database)
            storage = SQLiteStorage(database: database, clock: SystemWallClock())
            tenant = try await Fixtures.tenant(storage).id
            competitor = try await Fixtures.competitor(storage.scoped(to: tenant), at: Date()).id
        }

        /// A `change.detected` event as the pipeline writes it (the projection reads `data`).
        func change(_ n: Int) -> DomainEvent {
            let payload = """
                {"id":"evt_\(n)","type":"change.detected","created_at":"2026-11-25T10:00:00.000Z",\
                "data":{"competitor_id":"\(competitor.rawValue)","detected_at":"2026-11-25T10:00:00.000Z",\
                "category":"pricing","significance":60}}
                """
            return DomainEvent(
                id: "evt_\(n)", type: "change.detected", tenantID: tenant.rawValue, subjectID: "mon_\(n % 7)",
                occurredAt: Date(), correlationID: "chk_\(n)", payload: Array(payload.utf8))
        }

        /// Changes the projection counted.
        func counted() async throws -> Int {
            try await storage.scoped(to: tenant).activity(competitorID: competitor, since: nil).reduce(0) { $0 + $1.changes }
        }

        func bus(_ client: AMQPClient) -> AMQPEventBus {
            AMQPEventBus(client: client, topology: topology, logger: Logger(label: "test.bus"))
        }

        /// The projection consuming through `bus` until the returned task is cancelled; `calls` counts handler calls.
        func project(through bus: AMQPEventBus, calls: Locked<Int>, before: (@Sendable () async -> Void)? = nil) -> Task<Void, Never> {
            let projection = ActivityProjection(bus: bus, storage: storage, logger: Logger(label: "test.projection"))
            let policy = consumerPolicy
            return Task {
                try? await bus.consume(as: ActivityProjection.consumer, pattern: ActivityProjection.pattern, policy: policy) { event in
                    calls.withLock { $0 += 1 }
                    try await projection.handle(event)
                    await before?()
                }
            }
        }

        func subscribe(_ bus: AMQPEventBus) async throws {
            try await bus.subscribe(ActivityProjection.consumer, pattern: ActivityProjection.pattern, policy: consumerPolicy)
        }
    }

    @Test("the broker closes both connections mid-stream: every confirmed event takes effect once, unconfirmed ones are reported and sent again")
    func connectionsClosedMidStream() async throws {
        let scene = try await Scene()
        let broker = try TestAMQP.broker()
        let suffix = UUID().uuidString.prefix(6)
        let publisher = try await TestAMQP.client("publisher-\(suffix)").client
        let consumer = try await TestAMQP.client("consumer-\(suffix)").client
        let publishing = scene.bus(publisher)
        try await scene.subscribe(publishing)
        let calls = Locked(0)
        let projecting = scene.project(through: scene.bus(consumer), calls: calls)
        defer { projecting.cancel() }

        let total = 600
        let confirmed = Locked(Set<Int>())
        let failed = Locked(Set<Int>())
        let closedConnections = Locked(0)
        try await withThrowingTaskGroup(of: Void.self) { group in
            // Ten publishers at once, each sending its share in order.
            for lane in 0..<10 {
                group.addTask {
                    for n in stride(from: lane, to: total, by: 10) {
                        do {
                            try await publishing.publish(scene.change(n))
                            confirmed.withLock { _ = $0.insert(n) }
                        } catch {
                            failed.withLock { _ = $0.insert(n) }
                        }
                    }
                }
            }
            group.addTask {
                #expect(try await waitUntil { confirmed.withLock { $0.count } >= total / 4 })
                let closed = try await broker.closeConnections(named: "publisher-\(suffix)")
                #expect(try await waitUntil { try await scene.counted() >= total / 3 })
                let closedToo = try await broker.closeConnections(named: "consumer-\(suffix)")
                closedConnections.withLock { $0 = closed + closedToo }
            }
            try await group.waitForAll()
        }
        #expect(closedConnections.withLock { $0 } >= 2)
        // What was not confirmed was reported; sending it again (as the outbox relay does) succeeds.
        for n in failed.withLock({ $0 }).sorted() {
            try await publishing.publish(scene.change(n))
        }
        #expect(try await waitUntil(within: .seconds(60)) { try await scene.counted() == total })
        try await Task.sleep(for: .milliseconds(500))
        #expect(try await scene.counted() == total)
        #expect(calls.withLock { $0 } >= total)
    }

    @Test("the broker stops and starts while the relay and the projection run: nothing lost, nothing counted twice")
    func brokerRestart() async throws {
        let scene = try await Scene()
        let broker = try TestAMQP.broker()
        let suffix = UUID().uuidString.prefix(6)
        let relayClient = try await TestAMQP.client("relay-\(suffix)").client
        let consumerClient = try await TestAMQP.client("projection-\(suffix)").client
        let relayBus = scene.bus(relayClient)
        try await scene.subscribe(relayBus)
        let relay = OutboxRelay(
            outbox: scene.log, bus: relayBus, batchSize: 50, pollInterval: .milliseconds(100),
            logger: Logger(label: "test.relay"))
        let relaying = Task { await relay.run() }
        defer { relaying.cancel() }
        let calls = Locked(0)
        // The projection restarts its consumer when the bus fails (as the service does).
        let projecting = Task {
            while !Task.isCancelled {
                await scene.project(through: scene.bus(consumerClient), calls: calls).value
                try? await Task.sleep(for: .milliseconds(200))
            }
        }
        defer { projecting.cancel() }

        for n in 0..<100 { try await scene.log.publish(scene.change(n)) }
        #expect(try await waitUntil(within: .seconds(60)) { try await scene.counted() >= 50 })
        try await broker.stopApp()
        // Written while the broker is down: they wait in the outbox.
        for n in 100..<200 { try await scene.log.publish(scene.change(n)) }
        try await Task.sleep(for: .seconds(1))
        try await broker.startApp()
        for n in 200..<300 { try await scene.log.publish(scene.change(n)) }

        #expect(try await waitUntil(within: .seconds(90)) { try await scene.counted() == 300 })
        try await Task.sleep(for: .milliseconds(500))
        #expect(try await scene.counted() == 300)
        #expect(try await scene.log.relayedPosition() >= 300)
    }

    @Test("a consumer that dies before its ack: the event is delivered again and counted once")
    func consumerDiesBeforeAck() async throws {
        let scene = try await Scene()
        let suffix = UUID().uuidString.prefix(6)
        let publisher = try await TestAMQP.client("publisher-\(suffix)").client
        let publishing = scene.bus(publisher)
        try await scene.subscribe(publishing)
        try await publishing.publish(scene.change(1))

        // The first consumer process counts the change, then dies before acking.
        let (doomed, doomedProcess) = try await TestAMQP.client("doomed-\(suffix)")
        let calls = Locked(0)
        let first = scene.project(through: scene.bus(doomed), calls: calls) {
            doomedProcess.cancel()
            await doomedProcess.value
        }
        #expect(try await waitUntil { calls.withLock { $0 } == 1 })
        await doomedProcess.value
        first.cancel()
        #expect(try await scene.counted() == 1)

        // Another process gets it again; the database knows the id.
        let survivor = try await TestAMQP.client("survivor-\(suffix)").client
        let second = scene.project(through: scene.bus(survivor), calls: calls)
        defer { second.cancel() }
        #expect(try await waitUntil(within: .seconds(30)) { calls.withLock { $0 } == 2 })
        try await Task.sleep(for: .milliseconds(300))
        #expect(try await scene.counted() == 1)
    }

    @Test("a relay killed between publishing and marking: the next one publishes again, counted once")
    func relayDiesBeforeMarking() async throws {
        let scene = try await Scene()
        let suffix = UUID().uuidString.prefix(6)
        let publisher = try await TestAMQP.client("relay-\(suffix)").client
        let relayBus = scene.bus(publisher)
        try await scene.subscribe(relayBus)
        for n in 0..<20 { try await scene.log.publish(scene.change(n)) }

        // The first relay publishes the batch, then dies as it marks.
        let dying = DyingOutbox(scene.log)
        let firstRelay = OutboxRelay(outbox: dying, bus: relayBus, pollInterval: .milliseconds(100), logger: Logger(label: "test.relay"))
        let first = Task { await firstRelay.run() }
        #expect(try await waitUntil(within: .seconds(30)) { dying.marking.withLock { $0 } })
        first.cancel()
        await first.value
        #expect(firstRelay.counts.published == 20)
        #expect(try await scene.log.relayedPosition() == 0)

        let consumer = try await TestAMQP.client("projection-\(suffix)").client
        let calls = Locked(0)
        let projecting = scene.project(through: scene.bus(consumer), calls: calls)
        defer { projecting.cancel() }
        #expect(try await waitUntil(within: .seconds(30)) { try await scene.counted() == 20 })

        // A new relay starts from the last mark: the same 20 go out again.
        let secondRelay = OutboxRelay(outbox: scene.log, bus: relayBus, pollInterval: .milliseconds(100), logger: Logger(label: "test.relay"))
        let second = Task { await secondRelay.run() }
        defer { second.cancel() }
        #expect(try await waitUntil(within: .seconds(30)) { try await scene.log.relayedPosition() >= 20 })
        try await Task.sleep(for: .milliseconds(500))
        #expect(secondRelay.counts.published == 20)
        #expect(try await scene.counted() == 20)
    }
}

/// An outbox whose relay dies as it marks: `markRelayed` hangs until the relay is killed
/// (cancelled), and the mark never happens.
final class DyingOutbox: Outbox {
    let inner: any Outbox
    let marking = Locked(false)

    init(_ inner: any Outbox) { self.inner = inner }

    func pending(after position: Int, limit: Int) async throws -> [(position: Int, event: DomainEvent)] {
        try await inner.pending(after: position, limit: limit)
    }
    func relayedPosition() async throws -> Int { try await inner.relayedPosition() }
    func markRelayed(through position: Int) async throws {
        marking.withLock { $0 = true }
        try await Task.sleep(for: .seconds(3_600))
        throw CancellationError()
    }
    func writes() -> AsyncStream<Void> { inner.writes() }
}
