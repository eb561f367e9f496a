import PostgresNIO
import SpyglassPorts

/// The PostgreSQL outbox is the event log itself, read across tenants by sequence
/// number through `events_after`, with the relay's position kept in
/// `event_consumers` beside the consumers' positions.
extension PostgresEventBus: Outbox {
    public func pending(after position: Int, limit: Int) async throws -> [(position: Int, event: DomainEvent)] {
        try await pool.withoutTenant { connection in
            try await PostgresEventRows.after(position, limit: limit, connection: connection)
                .map { (position: $0.sequence, event: $0.event) }
        }
    }

    public func relayedPosition() async throws -> Int {
        try await pool.withoutTenant { connection in
            try await connection.query(
                "SELECT position FROM event_consumers WHERE consumer = \(Self.relayConsumerName)",
                logger: connection.logger
            ).mapAll { try $0.int("position") }.first ?? 0
        }
    }

    public func markRelayed(through position: Int) async throws {
        try await pool.withoutTenant { connection in
            // Never backwards: a slow relay that marks late must not undo a faster one's mark.
            _ = try await connection.query(
                """
                INSERT INTO event_consumers (consumer, position) VALUES (\(Self.relayConsumerName), \(position))
                ON CONFLICT (consumer) DO UPDATE SET position = GREATEST(event_consumers.position, excluded.position)
                """, logger: connection.logger
            ).collect()
        }
    }

    /// The wakeups consumers use: appends in this process (by a bus or a check's transaction)
    /// and, while `run()` runs, in other processes.
    public func writes() -> AsyncStream<Void> {
        wakeupStream()
    }
}
