import SQLiteNIO
import SpyglassPorts

/// The embedded outbox is the event log itself, read by sequence number, with the
/// relay's position kept in `event_consumers` beside the consumers' positions.
extension SQLiteEventBus: Outbox {
    public func pending(after position: Int, limit: Int) async throws -> [(position: Int, event: DomainEvent)] {
        try await database.read { session in
            try await SQLiteEventRows.after(position, limit: limit, session: session)
                .map { (position: $0.sequence, event: $0.event) }
        }
    }

    public func relayedPosition() async throws -> Int {
        try await database.read { session in
            try await session.query(
                "SELECT position FROM event_consumers WHERE consumer = ?", [.text(Self.relayConsumerName)]
            ).first?.int("position") ?? 0
        }
    }

    public func markRelayed(through position: Int) async throws {
        try await database.write { session in
            // Never backwards: a slow relay that marks late must not undo a faster one's mark.
            try await session.execute(
                """
                INSERT INTO event_consumers (consumer, position) VALUES (?, ?)
                ON CONFLICT(consumer) DO UPDATE SET position = MAX(position, excluded.position)
                """, [.text(Self.relayConsumerName), .integer(position)])
        }
    }

    /// The wakeups consumers use: appends by this bus and by checks' transactions.
    public func writes() -> AsyncStream<Void> {
        database.eventWrites.stream()
    }
}
