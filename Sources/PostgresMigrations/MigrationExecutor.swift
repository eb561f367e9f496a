import Logging
import PostgresNIO
import SQLMigrationLint

/// Applies one migration on the migrator's connection, retrying the whole
/// migration after a lock timeout.
struct MigrationExecutor {
    let connection: PostgresConnection
    let settings: MigrationSettings
    let history: MigrationHistory
    let logger: Logger
    let onEvent: @Sendable (MigrationEvent) -> Void

    /// A failure of one statement (nil: BEGIN, COMMIT or the history row).
    private struct StatementFailure: Error {
        var statement: SQLStatement?
        var server: ServerFailure
    }

    func apply(_ migration: Migration) async throws {
        let statements: [SQLStatement]
        do {
            statements = try migration.statements()
        } catch {
            throw MigrationError(.statementFailed, error.message, file: migration.fileName)
        }
        var retry = 0
        while true {
            onEvent(.started(migration, attempt: retry + 1))
            let clock = ContinuousClock()
            let start = clock.now
            do {
                if let backfill = migration.backfill {
                    try await applyBackfill(migration, backfill, start: start, clock: clock)
                } else if migration.transactional {
                    try await applyInTransaction(migration, statements, start: start, clock: clock)
                } else {
                    try await applyWithoutTransaction(migration, statements, start: start, clock: clock)
                }
                let duration = clock.now - start
                logger.info(
                    "applied migration",
                    metadata: ["file": "\(migration.fileName)", "duration": "\(duration)", "attempt": "\(retry + 1)"])
                onEvent(.applied(migration, duration: duration))
                return
            } catch let failure as StatementFailure {
                guard failure.server.isLockTimeout else { throw statementError(failure, migration) }
                guard retry < settings.maxLockRetries else { throw lockError(failure, migration, attempts: retry + 1) }
                retry += 1
                let delay = settings.retryBackoff.delay(beforeRetry: retry)
                let line = failure.statement?.line ?? 0
                logger.notice(
                    "lock timeout; retrying migration",
                    metadata: ["file": "\(migration.fileName)", "line": "\(line)", "retry": "\(retry)"])
                onEvent(
                    .retryingAfterLockTimeout(
                        migration, line: line, statement: Self.summary(of: failure.statement), retry: retry,
                        delay: delay))
                try await Task.sleep(for: delay)
            }
        }
    }

    // MARK: Transactional: all or nothing, history row included

    private func applyInTransaction(
        _ migration: Migration, _ statements: [SQLStatement], start: ContinuousClock.Instant, clock: ContinuousClock
    ) async throws {
        try await run(nil) { try await connection.execute("BEGIN", logger: logger) }
        do {
            try await run(nil) {
                try await connection.setTimeouts(
                    lock: settings.lockTimeout, statement: settings.statementTimeout, local: true, logger: logger)
            }
            for statement in statements {
                try await run(statement) {
                    try await connection.execute(PostgresQuery(unsafeSQL: statement.text), logger: logger)
                }
            }
            try await run(nil) {
                try await history.insert(migration, duration: clock.now - start, on: connection, logger: logger)
            }
            try await run(nil) { try await connection.execute("COMMIT", logger: logger) }
        } catch {
            // After a failed COMMIT the transaction is already gone; ROLLBACK then only warns.
            try? await connection.execute("ROLLBACK", logger: logger)
            throw error
        }
    }

    // MARK: Back-fill: batches in short transactions, history row once the table is done

    private func applyBackfill(
        _ migration: Migration, _ backfill: Backfill, start: ContinuousClock.Instant, clock: ContinuousClock
    ) async throws {
        let runner = try BackfillRunner(
            source: .borrowing(connection), logger: logger,
            settings: BackfillSettings(
                lockTimeout: settings.lockTimeout, statementTimeout: settings.statementTimeout,
                maxLockRetries: settings.maxLockRetries, retryBackoff: settings.retryBackoff,
                progressTable: settings.backfillProgressTable))
        let onEvent = self.onEvent
        let outcome = try await runner.run(backfill) { progress in onEvent(.backfillProgress(migration, progress)) }
        // Stopped between batches: not recorded, so the next run resumes where this one stopped.
        if case .cancelled = outcome.state { throw CancellationError() }
        try await run(nil) {
            try await history.insert(migration, duration: clock.now - start, on: connection, logger: logger)
        }
    }

    // MARK: Without a transaction: statement by statement, history row last

    private func applyWithoutTransaction(
        _ migration: Migration, _ statements: [SQLStatement], start: ContinuousClock.Instant, clock: ContinuousClock
    ) async throws {
        try await run(nil) {
            try await connection.setTimeouts(
                lock: settings.lockTimeout, statement: settings.statementTimeout, local: false, logger: logger)
        }
        do {
            for statement in statements {
                if let index = ConcurrentIndexStatement(statement.text) {
                    try await run(statement) { try await dropIfInvalid(index, of: migration) }
                }
                try await run(statement) {
                    try await connection.execute(PostgresQuery(unsafeSQL: statement.text), logger: logger)
                }
            }
            // Only now: a run that failed half-way has no row and is simply run again.
            try await run(nil) {
                try await history.insert(migration, duration: clock.now - start, on: connection, logger: logger)
            }
        } catch {
            try? await connection.resetTimeouts(logger: logger)
            throw error
        }
        try await run(nil) { try await connection.resetTimeouts(logger: logger) }
    }

    /// A failed `CREATE INDEX CONCURRENTLY` leaves an invalid index behind, which
    /// `IF NOT EXISTS` would then keep forever; drop it so the build starts afresh.
    private func dropIfInvalid(_ index: ConcurrentIndexStatement, of migration: Migration) async throws {
        let rows = try await connection.query(
            """
            SELECT n.nspname, x.indisvalid
            FROM pg_class t
            JOIN pg_class c ON c.relnamespace = t.relnamespace AND c.relname = \(index.indexName) AND c.relkind = 'i'
            JOIN pg_index x ON x.indexrelid = c.oid
            JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE t.oid = to_regclass(\(index.table))
            """,
            logger: logger)
        var invalidIn: String?
        for try await (schema, isValid) in rows.decode((String, Bool).self) where !isValid {
            invalidIn = schema
        }
        guard let schema = invalidIn else { return }
        let qualified = SQLIdentifier.quoted(schema) + "." + SQLIdentifier.quoted(index.indexName)
        logger.notice("dropping invalid index before rebuilding it", metadata: ["index": "\(qualified)"])
        onEvent(.rebuildingInvalidIndex(migration, index: schema + "." + index.indexName))
        try await connection.execute(
            PostgresQuery(unsafeSQL: "DROP INDEX CONCURRENTLY IF EXISTS \(qualified)"), logger: logger)
    }

    // MARK: Errors

    private func run(_ statement: SQLStatement?, _ body: () async throws -> Void) async throws {
        do {
            try await body()
        } catch let error as CancellationError {
            throw error
        } catch {
            throw StatementFailure(statement: statement, server: ServerFailure(error))
        }
    }

    private func statementError(_ failure: StatementFailure, _ migration: Migration) -> MigrationError {
        let place = failure.statement.map { "\(migration.fileName) line \($0.line)" } ?? migration.fileName
        return MigrationError(
            .statementFailed, "\(place): \(failure.server.message)", file: migration.fileName,
            line: failure.statement?.line, sqlState: failure.server.sqlState)
    }

    private func lockError(_ failure: StatementFailure, _ migration: Migration, attempts: Int) -> MigrationError {
        let place = failure.statement.map { "\(migration.fileName) line \($0.line)" } ?? migration.fileName
        let lockTimeoutMs = settings.lockTimeout.postgresTimeoutMilliseconds
        let outcome =
            migration.transactional
            ? "nothing of this migration was applied"
            : "the migration is not recorded as applied and will be run again"
        return MigrationError(
            .lockTimeout,
            "\(place): could not get a lock within \(lockTimeoutMs) ms in \(attempts) attempts for "
                + "'\(Self.summary(of: failure.statement))'; \(outcome)",
            file: migration.fileName, line: failure.statement?.line, sqlState: failure.server.sqlState)
    }

    /// The statement's first line, shortened: enough to see which table it locks.
    static func summary(of statement: SQLStatement?) -> String {
        guard let statement else { return "BEGIN/COMMIT" }
        let firstLine = statement.text.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
        return firstLine.count > 120 ? String(firstLine.prefix(117)) + "..." : firstLine
    }
}
