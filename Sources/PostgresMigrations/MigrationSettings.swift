/// How migrations are run. Defaults suit a busy production database.
public struct MigrationSettings: Sendable, Hashable {
    /// How long one statement may wait for a lock before the migration is retried.
    /// Short, so that queries queued behind a waiting `ALTER TABLE` are not stalled.
    public var lockTimeout: Duration
    /// How long one statement may run.
    public var statementTimeout: Duration
    /// Retries of a migration after a lock timeout before giving up.
    public var maxLockRetries: Int
    public var retryBackoff: RetryBackoff
    /// The `pg_advisory_lock` key that lets one migrator run at a time.
    public var advisoryLockKey: Int64
    /// How often a waiting migrator tries the advisory lock again.
    public var advisoryLockPollInterval: Duration
    /// The history table, optionally schema-qualified (letters, digits and `_`).
    public var historyTable: String
    /// Where back-fill migrations record their progress, optionally schema-qualified.
    public var backfillProgressTable: String

    /// An arbitrary constant; change it only to run independent migration sets side by side.
    public static let defaultAdvisoryLockKey: Int64 = 0x6D69_6772_6174_6530

    public init(
        lockTimeout: Duration = .seconds(2),
        statementTimeout: Duration = .seconds(600),
        maxLockRetries: Int = 10,
        retryBackoff: RetryBackoff = RetryBackoff(),
        advisoryLockKey: Int64 = MigrationSettings.defaultAdvisoryLockKey,
        advisoryLockPollInterval: Duration = .milliseconds(250),
        historyTable: String = "schema_migrations",
        backfillProgressTable: String = "schema_backfills"
    ) {
        self.lockTimeout = lockTimeout
        self.statementTimeout = statementTimeout
        self.maxLockRetries = maxLockRetries
        self.retryBackoff = retryBackoff
        self.advisoryLockKey = advisoryLockKey
        self.advisoryLockPollInterval = advisoryLockPollInterval
        self.historyTable = historyTable
        self.backfillProgressTable = backfillProgressTable
    }
}
