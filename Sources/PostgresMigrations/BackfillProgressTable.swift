import Logging
import PostgresNIO

/// The table that records each back-fill's progress, one row per back-fill name.
struct BackfillProgressTable: Sendable {
    let table: SQLIdentifier

    func create(on connection: PostgresConnection, logger: Logger) async throws {
        do {
            try await connection.execute(
                """
                CREATE TABLE IF NOT EXISTS \(unescaped: table.sql) (
                    name text PRIMARY KEY,
                    last_key text,
                    rows_done bigint NOT NULL DEFAULT 0,
                    batches bigint NOT NULL DEFAULT 0,
                    started_at timestamptz NOT NULL DEFAULT now(),
                    updated_at timestamptz NOT NULL DEFAULT now(),
                    finished_at timestamptz
                )
                """,
                logger: logger)
        } catch {
            // Two runners creating the table at once: one wins, the other sees a
            // duplicate (23505 on pg_type, or 42P07); either way the table exists.
            let state = ServerFailure(error).sqlState
            guard state == "23505" || state == "42P07" else { throw error }
        }
    }

    /// Adds the back-fill's row if it has none yet.
    func register(_ name: String, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.execute(
            "INSERT INTO \(unescaped: table.sql) (name) VALUES (\(name)) ON CONFLICT (name) DO NOTHING",
            logger: logger)
    }

    /// The back-fill's row; `forUpdate` locks it until the transaction ends.
    func progress(of name: String, forUpdate: Bool, on connection: PostgresConnection, logger: Logger)
        async throws -> BackfillProgress?
    {
        let exists = try await connection.firstValue(
            "SELECT to_regclass(\(table.sql)) IS NOT NULL", as: Bool.self, logger: logger)
        guard exists == true else { return nil }
        let rows = try await connection.query(
            """
            SELECT last_key, rows_done, batches, finished_at IS NOT NULL
            FROM \(unescaped: table.sql) WHERE name = \(name) \(unescaped: forUpdate ? "FOR UPDATE" : "")
            """,
            logger: logger)
        var progress: BackfillProgress?
        for try await (lastKey, rowsDone, batches, finished) in rows.decode((String?, Int64, Int64, Bool).self) {
            progress = BackfillProgress(
                name: name, lastKey: lastKey, rowsDone: rowsDone, batches: batches, rowsPerSecond: 0,
                finished: finished)
        }
        return progress
    }

    /// Records a committed batch; call inside the batch's transaction.
    func recordBatch(
        _ name: String, upperKey: String, rows: Int64, on connection: PostgresConnection, logger: Logger
    ) async throws {
        try await connection.execute(
            """
            UPDATE \(unescaped: table.sql)
            SET last_key = \(upperKey), rows_done = rows_done + \(rows), batches = batches + 1, updated_at = now()
            WHERE name = \(name)
            """,
            logger: logger)
    }

    func markFinished(_ name: String, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.execute(
            "UPDATE \(unescaped: table.sql) SET finished_at = now(), updated_at = now() WHERE name = \(name)",
            logger: logger)
    }
}
