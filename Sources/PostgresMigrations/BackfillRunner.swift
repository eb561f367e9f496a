import Logging
import PostgresNIO

/// Runs back-fills batch by batch: each batch updates one key range and records
/// its progress in the same short transaction, so a stopped run resumes exactly
/// where it stopped and no row is updated twice.
public struct BackfillRunner: Sendable {
    public let settings: BackfillSettings
    private let source: PostgresConnectionSource
    private let logger: Logger
    private let progressTable: BackfillProgressTable

    public init(source: PostgresConnectionSource, logger: Logger, settings: BackfillSettings = BackfillSettings())
        throws(BackfillError)
    {
        guard let table = SQLIdentifier(settings.progressTable, allowingSchema: true) else {
            throw BackfillError(
                .invalidBackfill,
                "progress table '\(settings.progressTable)' must be letters, digits and '_', optionally schema-qualified"
            )
        }
        guard settings.maxLockRetries >= 0 else {
            throw BackfillError(.invalidBackfill, "maxLockRetries must not be negative")
        }
        self.settings = settings
        self.source = source
        self.logger = logger
        self.progressTable = BackfillProgressTable(table: table)
    }

    /// A runner that leases its connection from `client` (whose `run()` must be running).
    public init(client: PostgresClient, logger: Logger, settings: BackfillSettings = BackfillSettings())
        throws(BackfillError)
    {
        try self.init(source: .client(client), logger: logger, settings: settings)
    }

    /// The recorded progress of the back-fill called `name`; nil if it never ran.
    public func progress(of name: String) async throws -> BackfillProgress? {
        try await withDatabaseErrors {
            try await source.withConnection { connection in
                try await progressTable.progress(of: name, forUpdate: false, on: connection, logger: logger)
            }
        }
    }

    /// Runs (or resumes) `backfill` until the table is done or the task is cancelled;
    /// cancellation is honoured between batches and returns `.cancelled`, not an error.
    /// Throws `BackfillError` when the back-fill is invalid or a batch fails.
    public func run(
        _ backfill: Backfill, onProgress: @escaping @Sendable (BackfillProgress) -> Void = { _ in }
    ) async throws -> BackfillOutcome {
        let job = try ValidatedBackfill(backfill)
        return try await withDatabaseErrors {
            try await source.withConnection { connection in
                try await progressTable.create(on: connection, logger: logger)
                try await progressTable.register(job.name, on: connection, logger: logger)
                guard
                    var latest = try await progressTable.progress(
                        of: job.name, forUpdate: false, on: connection, logger: logger)
                else {
                    throw BackfillError(.database, "back-fill '\(job.name)': its progress row vanished")
                }
                if latest.finished { return BackfillOutcome(state: .alreadyFinished, progress: latest) }

                let clock = ContinuousClock()
                let start = clock.now
                var rowsThisRun: Int64 = 0
                var isFirstBatch = true
                while true {
                    do {
                        if !isFirstBatch && job.pause > .zero { try await Task.sleep(for: job.pause) }
                        isFirstBatch = false
                        try Task.checkCancellation()
                        let step = try await runBatch(job, on: connection)
                        switch step {
                        case .batch(let progress, let rows):
                            rowsThisRun += rows
                            latest = progress
                            latest.rowsPerSecond = Self.rate(rowsThisRun, clock.now - start)
                            onProgress(latest)
                        case .finished(let progress):
                            latest = progress
                            latest.rowsPerSecond = Self.rate(rowsThisRun, clock.now - start)
                            logger.info(
                                "back-fill finished",
                                metadata: ["name": "\(job.name)", "rows": "\(latest.rowsDone)"])
                            onProgress(latest)
                            return BackfillOutcome(state: .finished, progress: latest)
                        case .alreadyFinished(let progress):
                            return BackfillOutcome(state: .alreadyFinished, progress: progress)
                        }
                    } catch let error where error is CancellationError || Task.isCancelled {
                        // The batch in flight (if any) rolled back; the recorded progress is exact.
                        logger.info(
                            "back-fill stopped",
                            metadata: ["name": "\(job.name)", "last_key": "\(latest.lastKey ?? "")"])
                        return BackfillOutcome(state: .cancelled, progress: latest)
                    }
                }
            }
        }
    }

    // MARK: One batch

    private enum Step {
        case batch(BackfillProgress, rows: Int64)
        case finished(BackfillProgress)
        case alreadyFinished(BackfillProgress)
    }

    /// One batch in its own transaction, retried after lock timeouts.
    private func runBatch(_ job: ValidatedBackfill, on connection: PostgresConnection) async throws -> Step {
        var retry = 0
        while true {
            do {
                return try await inTransaction(on: connection) { try await batchBody(job, on: connection) }
            } catch let error where !(error is BackfillError) && !(error is CancellationError) {
                let failure = ServerFailure(error)
                guard failure.isLockTimeout else {
                    throw BackfillError(
                        .batchFailed, "back-fill '\(job.name)': \(failure.message)", sqlState: failure.sqlState)
                }
                guard retry < settings.maxLockRetries else {
                    throw BackfillError(
                        .lockTimeout,
                        "back-fill '\(job.name)': a batch of \(job.table) could not get its locks within "
                            + "\(settings.lockTimeout.postgresTimeoutMilliseconds) ms in \(retry + 1) attempts",
                        sqlState: failure.sqlState)
                }
                retry += 1
                logger.notice("back-fill batch hit the lock timeout; retrying", metadata: ["name": "\(job.name)"])
                try await Task.sleep(for: settings.retryBackoff.delay(beforeRetry: retry))
            }
        }
    }

    private func batchBody(_ job: ValidatedBackfill, on connection: PostgresConnection) async throws -> Step {
        try await connection.setTimeouts(
            lock: settings.lockTimeout, statement: settings.statementTimeout, local: true, logger: logger)
        // The row lock serialises runners of the same back-fill batch by batch.
        guard
            let current = try await progressTable.progress(
                of: job.name, forUpdate: true, on: connection, logger: logger)
        else {
            throw BackfillError(.database, "back-fill '\(job.name)': its progress row vanished")
        }
        if current.finished { return .alreadyFinished(current) }
        let keys = BackfillKeys(job: job, connection: connection, logger: logger)
        var lower = current.lastKey
        if lower == nil { lower = try await keys.lowerBoundBelowAllKeys() }
        guard let lower, let upper = try await keys.upperKey(after: lower) else {
            try await progressTable.markFinished(job.name, on: connection, logger: logger)
            var done = current
            done.finished = true
            return .finished(done)
        }
        let rows = try await keys.runUpdate(lower: lower, upper: upper)
        try await progressTable.recordBatch(job.name, upperKey: upper, rows: rows, on: connection, logger: logger)
        var progress = current
        progress.lastKey = upper
        progress.rowsDone += rows
        progress.batches += 1
        return .batch(progress, rows: rows)
    }

    private func inTransaction<Result>(
        on connection: PostgresConnection, _ body: () async throws -> Result
    ) async throws -> Result {
        try await connection.execute("BEGIN", logger: logger)
        do {
            let result = try await body()
            try await connection.execute("COMMIT", logger: logger)
            return result
        } catch {
            try? await connection.execute("ROLLBACK", logger: logger)
            throw error
        }
    }

    private static func rate(_ rows: Int64, _ elapsed: Duration) -> Double {
        let seconds = Double(elapsed.nanoseconds) / 1e9
        return seconds > 0 ? Double(rows) / seconds : 0
    }

    private func withDatabaseErrors<Result: Sendable>(_ body: () async throws -> Result) async throws -> Result {
        do {
            return try await body()
        } catch let error as BackfillError {
            throw error
        } catch let error as CancellationError {
            throw error
        } catch {
            let failure = ServerFailure(error)
            throw BackfillError(.database, failure.message, sqlState: failure.sqlState)
        }
    }
}
