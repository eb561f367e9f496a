import Foundation
import PostgresNIO
import SpyglassDomain
import SpyglassPorts

/// One consumer's state in the PostgreSQL log: its row of `event_consumers`
/// (service state: position, and the failures of the event at the position) and
/// its parked events, which are rows of the event's tenant. The log and the
/// replays of every tenant are read through the schema's definer functions.
struct PostgresConsumerLog: ConsumerLog {
    let pool: PostgresPool
    let consumer: String

    func position() async throws -> Int {
        try await pool.withoutTenant { connection in
            try await connection.query(
                "SELECT position FROM event_consumers WHERE consumer = \(consumer)", logger: connection.logger
            ).mapAll { try $0.int("position") }.first ?? 0
        }
    }

    func events(after position: Int) async throws -> [(sequence: Int, event: DomainEvent)] {
        try await pool.withoutTenant { connection in
            try await PostgresEventRows.after(position, limit: 100, connection: connection)
        }
    }

    func advance(past sequence: Int) async throws {
        try await pool.withoutTenant { connection in try await Self.advance(consumer, past: sequence, connection) }
    }

    func failures(at sequence: Int) async throws -> [String] {
        let stored = try await pool.withoutTenant { connection in
            try await connection.query(
                "SELECT failing_seq, failures FROM event_consumers WHERE consumer = \(consumer)",
                logger: connection.logger
            ).mapAll { row in (sequence: try row.optionalInt("failing_seq"), failures: try row.string("failures")) }.first
        }
        guard let stored, stored.sequence == sequence else { return [] }
        return try PostgresEventRows.history(stored.failures)
    }

    func recordFailures(_ history: [String], at sequence: Int) async throws {
        try await pool.withoutTenant { connection in
            _ = try await connection.query(
                """
                INSERT INTO event_consumers (consumer, position, failing_seq, failures)
                VALUES (\(consumer), 0, \(sequence), \(Stored.json(history)))
                ON CONFLICT (consumer) DO UPDATE SET failing_seq = excluded.failing_seq, failures = excluded.failures
                """, logger: connection.logger
            ).collect()
        }
    }

    func park(_ event: DomainEvent, at sequence: Int, attempts: Int, reason: String, history: [String]) async throws {
        // In the event's tenant: the parking record is that tenant's row; the position moves in the same step.
        try await pool.withTenant(Tenant.ID(trusted: event.tenantID)) { connection in
            _ = try await connection.query(
                """
                INSERT INTO parked_events (id, tenant_id, consumer, event_seq, attempts, reason, history, parked_at)
                VALUES (\(ParkedEvent.newID()), \(event.tenantID), \(consumer), \(sequence), \(Int32(clamping: attempts)),
                    \(text: reason), \(Stored.json(history)), \(Date()))
                ON CONFLICT (consumer, event_seq) DO NOTHING
                """, logger: connection.logger
            ).collect()
            try await Self.advance(consumer, past: sequence, connection)
        }
    }

    func replays() async throws -> [ParkedEvent] {
        try await pool.withoutTenant { connection in
            try await PostgresEventRows.parked(consumer: consumer, replayOnly: true, connection: connection)
        }
    }

    func settleReplay(_ parked: ParkedEvent) async throws {
        try await pool.withTenant(Tenant.ID(trusted: parked.event.tenantID)) { connection in
            _ = try await connection.query(
                "DELETE FROM parked_events WHERE tenant_id = \(parked.event.tenantID) AND id = \(parked.id)",
                logger: connection.logger
            ).collect()
        }
    }

    func failReplay(_ parked: ParkedEvent, attempts: Int, reason: String, history: [String]) async throws {
        try await pool.withTenant(Tenant.ID(trusted: parked.event.tenantID)) { connection in
            _ = try await connection.query(
                """
                UPDATE parked_events SET attempts = \(Int32(clamping: attempts)), reason = \(text: reason),
                    history = \(Stored.json(history)), replay_requested = false
                WHERE tenant_id = \(parked.event.tenantID) AND id = \(parked.id)
                """, logger: connection.logger
            ).collect()
        }
    }

    static func advance(_ consumer: String, past sequence: Int, _ connection: PostgresConnection) async throws {
        _ = try await connection.query(
            """
            INSERT INTO event_consumers (consumer, position) VALUES (\(consumer), \(sequence))
            ON CONFLICT (consumer) DO UPDATE SET position = excluded.position, failing_seq = NULL, failures = '[]'
            """, logger: connection.logger
        ).collect()
    }
}
