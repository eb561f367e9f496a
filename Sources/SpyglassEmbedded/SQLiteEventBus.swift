import Foundation
import SQLiteNIO
import SpyglassDomain
import SpyglassPorts

/// The embedded event bus: an append-only `events` table and one read position
/// per consumer, advanced only after its handler succeeded or the event was
/// parked (at least once; see `EventLogConsumer`). Checks append to the same
/// table in their own transaction: the log is the outbox too (`SQLiteEventBus+Outbox`).
public final class SQLiteEventBus: EventBus {
    let database: EmbeddedDatabase

    public init(database: EmbeddedDatabase) {
        self.database = database
    }

    public func publish(_ event: DomainEvent) async throws {
        let appended = try await database.write { session in try await SQLiteEventRows.insert(event, session: session) }
        if appended { database.eventWrites.wakeAll() }
    }

    public func consume(
        as consumer: String, pattern: String, policy: ConsumerPolicy,
        handler: @escaping @Sendable (DomainEvent) async throws -> Void
    ) async throws {
        // Taken before the first read, so an append during it still wakes this consumer.
        let wakeups = database.eventWrites.stream()
        let reader = EventLogConsumer(log: SQLiteConsumerLog(database: database, consumer: consumer), policy: policy)
        try await reader.run(pattern: pattern, wakeups: wakeups, handler: handler)
    }

    public func parked(consumer: String?) async throws -> [ParkedEvent] {
        try await database.read { session in
            try await SQLiteEventRows.parked(consumer: consumer, replayOnly: false, session: session)
        }
    }

    public func replay(parkedID: String) async throws -> Bool {
        let marked = try await database.write { session in
            try await session.execute("UPDATE parked_events SET replay = 1 WHERE id = ?", [.text(parkedID)])
            return try await session.changes() > 0
        }
        // The consumer hands replays over at its next wakeup.
        if marked { database.eventWrites.wakeAll() }
        return marked
    }
}
