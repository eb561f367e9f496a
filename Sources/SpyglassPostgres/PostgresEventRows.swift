import Foundation
import NIOCore
import PostgresNIO
import SpyglassPorts

/// Rows of the event log (`events`) and of parked events: one place for their
/// columns, shared by the bus, the outbox and a check's transaction.
enum PostgresEventRows {
    /// Appends `events` in the caller's transaction, which is in their tenant's context.
    /// Appends take turns on the append lock (held to the commit), so sequence order is
    /// commit order: once a consumer has read past an event, no event before it can still
    /// be committing. An append also queues a `NOTIFY` that goes out with the commit.
    /// True when at least one event was new (ids already in the log are skipped).
    @discardableResult
    static func append(_ events: [DomainEvent], connection: PostgresConnection) async throws -> Bool {
        guard !events.isEmpty else { return false }
        let logger = connection.logger
        _ = try await connection.query("SELECT pg_advisory_xact_lock(\(PostgresEventBus.appendLock))", logger: logger)
            .collect()
        var appended = false
        for event in events {
            let inserted = try await connection.query(
                """
                INSERT INTO events (id, tenant_id, type, version, subject_id, occurred_at, correlation_id,
                    causation_id, traceparent, tracestate, payload)
                VALUES (\(event.id), \(event.tenantID), \(event.type), \(event.version), \(event.subjectID),
                    \(event.occurredAt), \(text: event.correlationID), \(text: event.causationID),
                    \(text: event.traceParent), \(text: event.traceState), \(ByteBuffer(bytes: event.payload)))
                ON CONFLICT (id) DO NOTHING RETURNING seq
                """, logger: logger
            ).collect()
            appended = appended || !inserted.isEmpty
        }
        if appended {
            _ = try await connection.query(
                "SELECT pg_notify(\(PostgresEventBus.notificationChannel), '')", logger: logger
            ).collect()
        }
        return appended
    }

    /// Up to `limit` events of every tenant after `sequence`, in log order (through `events_after`).
    static func after(
        _ sequence: Int, limit: Int, connection: PostgresConnection
    ) async throws -> [(sequence: Int, event: DomainEvent)] {
        try await connection.query(
            "SELECT * FROM events_after(\(sequence), \(Int32(clamping: max(0, limit))))", logger: connection.logger
        ).mapAll { row in (sequence: try row.int("seq"), event: try event(row)) }
    }

    static func event(_ row: PostgresRandomAccessRow) throws -> DomainEvent {
        DomainEvent(
            id: try row.string("id"), type: try row.string("type"), version: try row.int("version"),
            tenantID: try row.string("tenant_id"), subjectID: try row.string("subject_id"),
            occurredAt: try row.date("occurred_at"), correlationID: try row.optionalString("correlation_id"),
            causationID: try row.optionalString("causation_id"), traceParent: try row.optionalString("traceparent"),
            traceState: try row.optionalString("tracestate"), payload: try row.bytes("payload"))
    }

    /// Parked events of every tenant with their event, oldest first (through `parked_events_of`).
    static func parked(
        consumer: String?, replayOnly: Bool, connection: PostgresConnection
    ) async throws -> [ParkedEvent] {
        try await connection.query(
            "SELECT * FROM parked_events_of(\(consumer), \(replayOnly))", logger: connection.logger
        ).mapAll { row in
            ParkedEvent(
                id: try row.string("parked_id"), consumer: try row.string("consumer"), event: try event(row),
                attempts: try row.int("attempts"), reason: try row.string("reason"),
                history: try history(row.string("history")), parkedAt: try row.date("parked_at"))
        }
    }

    static func history(_ text: String) throws -> [String] {
        guard let lines = try? JSONDecoder().decode([String].self, from: Data(text.utf8)) else {
            throw StorageError(.corrupt, "a failure history is not a JSON list")
        }
        return lines
    }
}
