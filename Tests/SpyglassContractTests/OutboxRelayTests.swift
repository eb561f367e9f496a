import Foundation
import Logging
import SpyglassAMQP
import SpyglassDomain
import SpyglassEmbedded
import SpyglassPorts
import Testing

/// The relay's bookkeeping, with a bus that fails on demand: the mark moves only over confirmed
/// events, a failed event is sent again, and one subject's events go out in outbox order.
@Suite("Outbox relay")
struct OutboxRelayTests {
    /// Records what it was asked to publish; refuses each event id in `failOnce` the first time.
    final class RecordingBus: EventBus {
        let published = Locked<[String]>([])
        let failOnce: Locked<Set<String>>

        init(failOnce: Set<String>) { self.failOnce = Locked(failOnce) }

        func publish(_ event: DomainEvent) async throws {
            let fails = failOnce.withLock { $0.remove(event.id) != nil }
            if fails { throw HandlerFailure("nacked \(event.id)") }
            published.withLock { $0.append(event.id) }
        }
        func consume(as consumer: String, pattern: String, policy: ConsumerPolicy,
                     handler: @escaping @Sendable (DomainEvent) async throws -> Void) async throws {}
        func parked(consumer: String?) async throws -> [ParkedEvent] { [] }
        func replay(parkedID: String) async throws -> Bool { false }
    }

    func scene() async throws -> (log: SQLiteEventBus, tenant: Tenant.ID) {
        let database = try await EmbeddedDatabase.inMemory()
        let storage = SQLiteStorage(database: database, clock: SystemWallClock())
        return (SQLiteEventBus(database: database), try await Fixtures.tenant(storage).id)
    }

    func event(_ id: String, subject: String, tenant: Tenant.ID) -> DomainEvent {
        DomainEvent(id: id, type: "change.detected", tenantID: tenant.rawValue, subjectID: subject,
                    occurredAt: Date(), payload: Array("{}".utf8))
    }

    @Test("a failed publish stops the mark there and is sent again; later events of its subject wait for it")
    func failureHoldsTheMark() async throws {
        let (log, tenant) = try await scene()
        // Positions 1…6: subject a = e1, e3, e5; subject b = e2, e4, e6.
        for n in 1...6 {
            try await log.publish(event("e\(n)", subject: n % 2 == 1 ? "a" : "b", tenant: tenant))
        }
        let bus = RecordingBus(failOnce: ["e3"])
        let relay = OutboxRelay(outbox: log, bus: bus, batchSize: 10, logger: Logger(label: "test"))

        #expect(try await !relay.relayBatch())
        // e3 failed: e5 (same subject) was not attempted; subject b went out whole.
        #expect(bus.published.withLock { $0 }.filter { ["e1", "e3", "e5"].contains($0) } == ["e1"])
        #expect(bus.published.withLock { $0 }.filter { ["e2", "e4", "e6"].contains($0) } == ["e2", "e4", "e6"])
        #expect(try await log.relayedPosition() == 2)
        #expect(relay.counts.failed == 2)

        // The next pass starts after e2: e3 and e5 go out, in order; the others again (at least once).
        #expect(try await !relay.relayBatch())
        let second = bus.published.withLock { Array($0.dropFirst(4)) }
        #expect(second.filter { ["e3", "e5"].contains($0) } == ["e3", "e5"])
        #expect(Set(second) == ["e3", "e4", "e5", "e6"])
        #expect(try await log.relayedPosition() == 6)
        #expect(try await log.pending(after: 6, limit: 10).isEmpty)
    }

    @Test("a full batch that was all confirmed asks for another pass")
    func fullBatchContinues() async throws {
        let (log, tenant) = try await scene()
        for n in 1...5 { try await log.publish(event("e\(n)", subject: "s", tenant: tenant)) }
        let bus = RecordingBus(failOnce: [])
        let relay = OutboxRelay(outbox: log, bus: bus, batchSize: 2, logger: Logger(label: "test"))
        #expect(try await relay.relayBatch())
        #expect(try await relay.relayBatch())
        #expect(try await !relay.relayBatch())
        #expect(bus.published.withLock { $0 } == ["e1", "e2", "e3", "e4", "e5"])
        #expect(try await log.relayedPosition() == 5)
    }
}
