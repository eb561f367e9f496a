import Foundation
import Logging
import PostgresNIO

/// The table that records applied migrations: one row per version.
struct MigrationHistory: Sendable {
    struct Record: Sendable, Hashable {
        var version: Int
        var name: String
        var checksum: String
        var appliedAt: Date
        var duration: Duration
    }

    let table: SQLIdentifier

    func create(on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.execute(
            """
            CREATE TABLE IF NOT EXISTS \(unescaped: table.sql) (
                version bigint PRIMARY KEY,
                name text NOT NULL,
                checksum text NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now(),
                duration_ms bigint NOT NULL
            )
            """,
            logger: logger)
    }

    /// Every record by version; none when the table does not exist yet.
    func records(on connection: PostgresConnection, logger: Logger) async throws -> [Record] {
        let exists = try await connection.firstValue(
            "SELECT to_regclass(\(table.sql)) IS NOT NULL", as: Bool.self, logger: logger)
        guard exists == true else { return [] }
        let rows = try await connection.query(
            "SELECT version, name, checksum, applied_at, duration_ms FROM \(unescaped: table.sql) ORDER BY version",
            logger: logger)
        var records: [Record] = []
        for try await (version, name, checksum, appliedAt, durationMs) in rows.decode(
            (Int64, String, String, Date, Int64).self)
        {
            records.append(
                Record(
                    version: Int(version), name: name, checksum: checksum, appliedAt: appliedAt,
                    duration: .milliseconds(durationMs)))
        }
        return records
    }

    func insert(_ migration: Migration, duration: Duration, on connection: PostgresConnection, logger: Logger)
        async throws
    {
        let durationMs = duration.nanoseconds / 1_000_000
        try await connection.execute(
            """
            INSERT INTO \(unescaped: table.sql) (version, name, checksum, duration_ms)
            VALUES (\(Int64(migration.version)), \(migration.name), \(migration.checksum), \(durationMs))
            """,
            logger: logger)
    }
}
