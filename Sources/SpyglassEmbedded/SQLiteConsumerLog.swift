import Foundation
import SQLiteNIO
import SpyglassPorts

/// One consumer's state in the embedded log: its row of `event_consumers`
/// (position, and the failures of the event at the position) and its parked events.
struct SQLiteConsumerLog: ConsumerLog {
    let database: EmbeddedDatabase
    let consumer: String

    func position() async throws -> Int {
        try await database.read { session in
            try await session.query(
                "SELECT position FROM event_consumers WHERE consumer = ?", [.text(consumer)]
            ).first?.int("position") ?? 0
        }
    }

    func events(after position: Int) async throws -> [(sequence: Int, event: DomainEvent)] {
        try await database.read { session in try await SQLiteEventRows.after(position, limit: 100, session: session) }
    }

    func advance(past sequence: Int) async throws {
        try await database.write { session in try await Self.advance(consumer, past: sequence, session: session) }
    }

    func failures(at sequence: Int) async throws -> [String] {
        let row = try await database.read { session in
            try await session.query(
                "SELECT failing_seq, failures FROM event_consumers WHERE consumer = ?", [.text(consumer)]
            ).first
        }
        guard let row, row.optionalInt("failing_seq") == sequence else { return [] }
        return try SQLiteEventRows.history(try row.string("failures"))
    }

    func recordFailures(_ history: [String], at sequence: Int) async throws {
        try await database.write { session in
            try await session.execute(
                """
                INSERT INTO event_consumers (consumer, position, failing_seq, failures) VALUES (?, 0, ?, ?)
                ON CONFLICT(consumer) DO UPDATE SET failing_seq = excluded.failing_seq, failures = excluded.failures
                """, [.text(consumer), .integer(sequence), .jsonArray(history)])
        }
    }

    func park(_ event: DomainEvent, at sequence: Int, attempts: Int, reason: String, history: [String]) async throws {
        try await database.write { session in
            // Parked once per consumer and event, even if the consumer stopped before moving on last time.
            try await session.execute(
                """
                INSERT OR IGNORE INTO parked_events (id, consumer, event_seq, attempts, reason, history, parked_at)
                VALUES (?,?,?,?,?,?,?)
                """,
                [.text(ParkedEvent.newID()), .text(consumer), .integer(sequence), .integer(attempts), .text(reason),
                 .jsonArray(history), .date(Date())])
            try await Self.advance(consumer, past: sequence, session: session)
        }
    }

    func replays() async throws -> [ParkedEvent] {
        try await database.read { session in
            try await SQLiteEventRows.parked(consumer: consumer, replayOnly: true, session: session)
        }
    }

    func settleReplay(_ parked: ParkedEvent) async throws {
        try await database.write { session in
            try await session.execute("DELETE FROM parked_events WHERE id = ?", [.text(parked.id)])
        }
    }

    func failReplay(_ parked: ParkedEvent, attempts: Int, reason: String, history: [String]) async throws {
        try await database.write { session in
            try await session.execute(
                "UPDATE parked_events SET attempts = ?, reason = ?, history = ?, replay = 0 WHERE id = ?",
                [.integer(attempts), .text(reason), .jsonArray(history), .text(parked.id)])
        }
    }

    static func advance(_ consumer: String, past sequence: Int, session: SQLSession) async throws {
        try await session.execute(
            """
            INSERT INTO event_consumers (consumer, position) VALUES (?, ?)
            ON CONFLICT(consumer) DO UPDATE SET position = excluded.position, failing_seq = NULL, failures = '[]'
            """, [.text(consumer), .integer(sequence)])
    }
}
