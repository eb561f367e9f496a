import Foundation
import NIOCore
import SQLiteNIO
import SpyglassDomain
import SpyglassPorts

/// The embedded event bus: an append-only `events` table and one read position
/// per consumer, advanced only after its handler succeeded (at least once).
public final class SQLiteEventBus: EventBus {
    let database: EmbeddedDatabase
    private let wakeups = WakeupBroadcaster()
    /// How long a consumer waits before retrying an event its handler failed on.
    let retryDelay: Duration

    public init(database: EmbeddedDatabase, retryDelay: Duration = .seconds(1)) {
        self.database = database
        self.retryDelay = retryDelay
    }

    public func publish(_ event: DomainEvent) async throws {
        try await database.write { session in
            try await session.execute(
                """
                INSERT OR IGNORE INTO events (id, type, tenant_id, subject_id, occurred_at, payload)
                VALUES (?,?,?,?,?,?)
                """,
                [.text(event.id), .text(event.type), .text(event.tenantID), .text(event.subjectID),
                 .date(event.occurredAt), .blob(ByteBuffer(bytes: event.payload))])
        }
        wakeups.wakeAll()
    }

    public func consume(
        as consumer: String, pattern: String, handler: @escaping @Sendable (DomainEvent) async throws -> Void
    ) async throws {
        let database = self.database
        let reader = EventLogConsumer(
            position: {
                try await database.read { session in
                    try await session.query(
                        "SELECT position FROM event_consumers WHERE consumer = ?", [.text(consumer)]
                    ).first?.int("position") ?? 0
                }
            },
            events: { after in
                try await database.read { session in
                    try await session.query("SELECT * FROM events WHERE seq > ? ORDER BY seq LIMIT 100", [.integer(after)])
                        .map { row in (sequence: try row.int("seq"), event: try Self.event(row)) }
                }
            },
            savePosition: { sequence in
                try await database.write { session in
                    try await session.execute(
                        """
                        INSERT INTO event_consumers (consumer, position) VALUES (?, ?)
                        ON CONFLICT(consumer) DO UPDATE SET position = excluded.position
                        """, [.text(consumer), .integer(sequence)])
                }
            },
            retryDelay: retryDelay)
        try await reader.run(pattern: pattern, wakeups: wakeups.stream(), handler: handler)
    }

    private static func event(_ row: SQLiteRow) throws -> DomainEvent {
        guard let payload = row.column("payload")?.blob else { throw StorageError(.corrupt, "event payload missing") }
        return DomainEvent(
            id: try row.string("id"), type: try row.string("type"), tenantID: try row.string("tenant_id"),
            subjectID: try row.string("subject_id"), occurredAt: try row.date("occurred_at"),
            payload: Array(buffer: payload))
    }
}
