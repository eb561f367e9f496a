import Foundation
import PostgresNIO
import ServiceLifecycle
import SpyglassDomain
import SpyglassPorts

/// The event bus in PostgreSQL, the twin of the embedded one: an append-only
/// `events` table (rows of their tenant) and one read position per consumer in
/// `event_consumers`, advanced only after its handler succeeded (at least once).
/// Consumers read every tenant's events through the schema's `events_after`.
///
/// Consumers wake when an event is published in this process and — while `run()`
/// runs, as a service of the executable — in another one (`NOTIFY spyglass_events`).
public final class PostgresEventBus: EventBus, Service {
    let pool: PostgresPool
    /// How long a consumer waits before retrying an event its handler failed on.
    let retryDelay: Duration
    private let wakeupChannel: CrossProcessWakeups

    /// The `NOTIFY` channel other processes listen on.
    public static let notificationChannel = "spyglass_events"
    /// The transaction lock every append takes (an arbitrary constant: "SPYGLASS").
    static let appendLock: Int64 = 0x5350_5947_4C41_5353

    public init(pool: PostgresPool, retryDelay: Duration = .seconds(1)) {
        self.pool = pool
        self.retryDelay = retryDelay
        self.wakeupChannel = CrossProcessWakeups(channel: Self.notificationChannel, pool: pool)
    }

    /// Listens for other processes' events until cancelled or shut down gracefully.
    public func run() async {
        await wakeupChannel.run()
    }

    public func publish(_ event: DomainEvent) async throws {
        try await pool.withTenant(Tenant.ID(trusted: event.tenantID)) { connection in
            // Appends take turns, so sequence order is commit order: once a consumer
            // has read past an event, no event before it can still be committing.
            _ = try await connection.query("SELECT pg_advisory_xact_lock(\(Self.appendLock))", logger: pool.logger)
                .collect()
            let inserted = try await connection.query(
                """
                INSERT INTO events (id, tenant_id, type, subject_id, occurred_at, payload)
                VALUES (\(event.id), \(event.tenantID), \(event.type), \(event.subjectID), \(event.occurredAt),
                    \(ByteBuffer(bytes: event.payload)))
                ON CONFLICT (id) DO NOTHING RETURNING seq
                """, logger: pool.logger
            ).collect()
            if !inserted.isEmpty { try await wakeupChannel.notify(in: connection) }
        }
        wakeupChannel.wakeLocally()
    }

    public func consume(
        as consumer: String, pattern: String, handler: @escaping @Sendable (DomainEvent) async throws -> Void
    ) async throws {
        let pool = self.pool
        let reader = EventLogConsumer(
            position: {
                try await pool.withoutTenant { connection in
                    try await connection.query(
                        "SELECT position FROM event_consumers WHERE consumer = \(consumer)", logger: pool.logger
                    ).mapAll { try $0.int("position") }.first ?? 0
                }
            },
            events: { after in
                try await pool.withoutTenant { connection in
                    try await connection.query("SELECT * FROM events_after(\(after), 100)", logger: pool.logger)
                        .mapAll { row in (sequence: try row.int("seq"), event: try Self.event(row)) }
                }
            },
            savePosition: { sequence in
                try await pool.withoutTenant { connection in
                    _ = try await connection.query(
                        """
                        INSERT INTO event_consumers (consumer, position) VALUES (\(consumer), \(sequence))
                        ON CONFLICT (consumer) DO UPDATE SET position = excluded.position
                        """, logger: pool.logger
                    ).collect()
                }
            },
            retryDelay: retryDelay)
        try await reader.run(pattern: pattern, wakeups: wakeupChannel.stream(), handler: handler)
    }

    private static func event(_ row: PostgresRandomAccessRow) throws -> DomainEvent {
        DomainEvent(
            id: try row.string("id"), type: try row.string("type"), tenantID: try row.string("tenant_id"),
            subjectID: try row.string("subject_id"), occurredAt: try row.date("occurred_at"),
            payload: try row.bytes("payload"))
    }
}
