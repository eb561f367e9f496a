import Logging
import PostgresNIO

/// Applies versioned migrations to one database, one migrator at a time.
public struct MigrationRunner: Sendable {
    public let migrations: MigrationSet
    public let settings: MigrationSettings
    private let source: PostgresConnectionSource
    private let logger: Logger
    private let history: MigrationHistory

    public init(
        migrations: MigrationSet, source: PostgresConnectionSource, logger: Logger,
        settings: MigrationSettings = MigrationSettings()
    ) throws(MigrationError) {
        guard let table = SQLIdentifier(settings.historyTable, allowingSchema: true) else {
            throw MigrationError(
                .invalidSettings,
                "history table '\(settings.historyTable)' must be letters, digits and '_', optionally schema-qualified")
        }
        guard settings.maxLockRetries >= 0 else {
            throw MigrationError(.invalidSettings, "maxLockRetries must not be negative")
        }
        self.migrations = migrations
        self.settings = settings
        self.source = source
        self.logger = logger
        self.history = MigrationHistory(table: table)
    }

    /// A runner that leases its connection from `client` (whose `run()` must be running).
    public init(
        migrations: MigrationSet, client: PostgresClient, logger: Logger,
        settings: MigrationSettings = MigrationSettings()
    ) throws(MigrationError) {
        try self.init(migrations: migrations, source: .client(client), logger: logger, settings: settings)
    }

    /// Every migration in the files or the database, by version. Reads only; takes no lock.
    public func status() async throws -> [MigrationStatus] {
        try await comparison().statuses
    }

    /// The pending migrations in the order `up` would apply them.
    /// Throws `MigrationError` if an applied migration changed or is unknown to the files.
    public func plan() async throws -> [Migration] {
        let comparison = try await comparison()
        if let problem = comparison.problem { throw problem }
        return comparison.pending
    }

    /// Applies pending migrations up to and including version `target` (all when nil),
    /// holding the migrator lock throughout. Returns the migrations applied by this call.
    /// Throws `MigrationError` (or `CancellationError`); migrations applied before a failure stay applied.
    @discardableResult
    public func up(
        to target: Int? = nil, onEvent: @escaping @Sendable (MigrationEvent) -> Void = { _ in }
    ) async throws -> [Migration] {
        let lock = AdvisoryLock(key: settings.advisoryLockKey, pollInterval: settings.advisoryLockPollInterval)
        return try await withDatabaseErrors {
            try await source.withConnection { connection in
                try await lock.acquire(on: connection, logger: logger) {
                    onEvent(.waitingForMigratorLock(key: lock.key))
                }
                onEvent(.acquiredMigratorLock(key: lock.key))
                do {
                    let applied = try await applyPending(upTo: target, on: connection, onEvent: onEvent)
                    await lock.release(on: connection, logger: logger)
                    return applied
                } catch {
                    await lock.release(on: connection, logger: logger)
                    throw error
                }
            }
        }
    }

    private func applyPending(
        upTo target: Int?, on connection: PostgresConnection, onEvent: @escaping @Sendable (MigrationEvent) -> Void
    ) async throws -> [Migration] {
        try await history.create(on: connection, logger: logger)
        // Read under the lock: another migrator may have applied everything while this one waited.
        let records = try await history.records(on: connection, logger: logger)
        let comparison = MigrationComparison(files: migrations, records: records)
        if let problem = comparison.problem { throw problem }
        let pending = comparison.pending.filter { target == nil || $0.version <= target ?? 0 }
        guard !pending.isEmpty else {
            onEvent(.upToDate)
            return []
        }
        let executor = MigrationExecutor(
            connection: connection, settings: settings, history: history, logger: logger, onEvent: onEvent)
        var applied: [Migration] = []
        for migration in pending {
            try await executor.apply(migration)
            applied.append(migration)
        }
        return applied
    }

    private func comparison() async throws -> MigrationComparison {
        try await withDatabaseErrors {
            let records = try await source.withConnection { connection in
                try await history.records(on: connection, logger: logger)
            }
            return MigrationComparison(files: migrations, records: records)
        }
    }

    /// Lets `MigrationError` and cancellation through; wraps anything else (connecting,
    /// the lock, the history table) as `.database` with the server's message.
    private func withDatabaseErrors<Result: Sendable>(_ body: () async throws -> Result) async throws -> Result {
        do {
            return try await body()
        } catch let error as MigrationError {
            throw error
        } catch let error as CancellationError {
            throw error
        } catch {
            let failure = ServerFailure(error)
            throw MigrationError(.database, failure.message, sqlState: failure.sqlState)
        }
    }
}
