import Foundation
import NIOCore
import SQLiteNIO
import SpyglassPorts

/// Rows of the event log (`events`) and of `parked_events`: one place for their
/// columns, shared by the bus, the outbox and a check's transaction.
enum SQLiteEventRows {
    /// Appends the event unless its id is already in the log; true when it was appended.
    @discardableResult
    static func insert(_ event: DomainEvent, session: SQLSession) async throws -> Bool {
        try await session.execute(
            """
            INSERT OR IGNORE INTO events (id, type, version, tenant_id, subject_id, occurred_at, correlation_id,
                causation_id, traceparent, tracestate, payload)
            VALUES (?,?,?,?,?,?,?,?,?,?,?)
            """,
            [.text(event.id), .text(event.type), .integer(event.version), .text(event.tenantID), .text(event.subjectID),
             .date(event.occurredAt), .optionalText(event.correlationID), .optionalText(event.causationID),
             .optionalText(event.traceParent), .optionalText(event.traceState), .blob(ByteBuffer(bytes: event.payload))])
        return try await session.changes() > 0
    }

    /// Up to `limit` events after `sequence`, in log order.
    static func after(_ sequence: Int, limit: Int, session: SQLSession) async throws -> [(sequence: Int, event: DomainEvent)] {
        try await session.query(
            "SELECT * FROM events WHERE seq > ? ORDER BY seq LIMIT ?", [.integer(sequence), .integer(max(0, limit))]
        ).map { row in (sequence: try row.int("seq"), event: try event(row)) }
    }

    static func event(_ row: SQLiteRow) throws -> DomainEvent {
        guard let payload = row.column("payload")?.blob else { throw StorageError(.corrupt, "event payload missing") }
        return DomainEvent(
            id: try row.string("id"), type: try row.string("type"), version: try row.int("version"),
            tenantID: try row.string("tenant_id"), subjectID: try row.string("subject_id"),
            occurredAt: try row.date("occurred_at"), correlationID: row.optionalString("correlation_id"),
            causationID: row.optionalString("causation_id"), traceParent: row.optionalString("traceparent"),
            traceState: row.optionalString("tracestate"), payload: Array(buffer: payload))
    }

    /// Parked events with their event, oldest first: of one consumer (or all), only those marked for replay if asked.
    static func parked(consumer: String?, replayOnly: Bool, session: SQLSession) async throws -> [ParkedEvent] {
        var sql = """
            SELECT p.id AS parked_id, p.consumer, p.attempts, p.reason, p.history, p.parked_at, e.*
            FROM parked_events p JOIN events e ON e.seq = p.event_seq WHERE 1 = 1
            """
        var binds: [SQLiteData] = []
        if let consumer {
            sql += " AND p.consumer = ?"
            binds.append(.text(consumer))
        }
        if replayOnly { sql += " AND p.replay = 1" }
        sql += " ORDER BY p.parked_at, p.event_seq"
        return try await session.query(sql, binds).map { row in
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
