/// A resumable, throttled back-fill: `update` is run over successive key ranges of `table`.
public struct Backfill: Sendable, Hashable {
    /// How keys compare: as numbers or as text (in the column's collation).
    public enum KeyType: Sendable, Hashable {
        /// `smallint`, `integer` or `bigint` keys, bound as `bigint`.
        case bigint
        /// `text` or `varchar` keys, bound as `text`.
        case text
    }

    /// Identifies the back-fill's progress row; any text.
    public var name: String
    /// The table walked, letters, digits and `_`, optionally `schema.table`.
    public var table: String
    /// A unique, indexed column of `table` (usually the primary key).
    public var keyColumn: String
    public var keyType: KeyType
    /// Rows per batch (per transaction).
    public var batchSize: Int
    /// Sleep between batches, leaving room for the application's own queries.
    public var pause: Duration
    /// One data-modifying statement over the rows with `$1 < key <= $2`, e.g.
    /// `UPDATE t SET b = a WHERE id > $1 AND id <= $2 AND b IS NULL`. Without `RETURNING`.
    /// It is SQL written by the developer, like a migration, and is not escaped.
    public var update: String

    public init(
        name: String, table: String, keyColumn: String, keyType: KeyType = .bigint, batchSize: Int = 1000,
        pause: Duration = .milliseconds(100), update: String
    ) {
        self.name = name
        self.table = table
        self.keyColumn = keyColumn
        self.keyType = keyType
        self.batchSize = batchSize
        self.pause = pause
        self.update = update
    }
}

/// How back-fills are run.
public struct BackfillSettings: Sendable, Hashable {
    /// How long a batch may wait for a lock before it is retried.
    public var lockTimeout: Duration
    /// How long one statement of a batch may run.
    public var statementTimeout: Duration
    /// Retries of one batch after a lock timeout before giving up.
    public var maxLockRetries: Int
    public var retryBackoff: RetryBackoff
    /// The progress table, optionally schema-qualified (letters, digits and `_`).
    public var progressTable: String

    public init(
        lockTimeout: Duration = .seconds(2),
        statementTimeout: Duration = .seconds(60),
        maxLockRetries: Int = 10,
        retryBackoff: RetryBackoff = RetryBackoff(),
        progressTable: String = "schema_backfills"
    ) {
        self.lockTimeout = lockTimeout
        self.statementTimeout = statementTimeout
        self.maxLockRetries = maxLockRetries
        self.retryBackoff = retryBackoff
        self.progressTable = progressTable
    }
}

/// Where a back-fill stands.
public struct BackfillProgress: Sendable, Hashable {
    public var name: String
    /// The highest key done, as text; nil before the first batch.
    public var lastKey: String?
    /// Rows changed, over all runs.
    public var rowsDone: Int64
    /// Batches committed, over all runs.
    public var batches: Int64
    /// Rows per second in the current run (0 when not measured).
    public var rowsPerSecond: Double
    public var finished: Bool

    public init(
        name: String, lastKey: String?, rowsDone: Int64, batches: Int64, rowsPerSecond: Double, finished: Bool
    ) {
        self.name = name
        self.lastKey = lastKey
        self.rowsDone = rowsDone
        self.batches = batches
        self.rowsPerSecond = rowsPerSecond
        self.finished = finished
    }
}

/// How a run of a back-fill ended.
public struct BackfillOutcome: Sendable, Hashable {
    public enum State: Sendable, Hashable {
        /// This run reached the end of the table.
        case finished
        /// An earlier run had finished it; nothing was done.
        case alreadyFinished
        /// The task was cancelled; the next run resumes after `progress.lastKey`.
        case cancelled
    }

    public var state: State
    public var progress: BackfillProgress

    public init(state: State, progress: BackfillProgress) {
        self.state = state
        self.progress = progress
    }
}
