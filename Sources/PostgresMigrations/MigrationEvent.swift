/// What a migration run is doing, for a CLI to print or a log to record.
public enum MigrationEvent: Sendable, Hashable {
    /// Another migrator holds the advisory lock; this one waits for it.
    case waitingForMigratorLock(key: Int64)
    /// This run holds the advisory lock until it ends.
    case acquiredMigratorLock(key: Int64)
    /// Nothing is pending.
    case upToDate
    /// A migration starts; `attempt` is 1 the first time, higher after lock timeouts.
    case started(Migration, attempt: Int)
    /// A statement could not get its lock in time; everything done by this attempt was
    /// rolled back (or, without a transaction, will be redone) and the migration is retried after `delay`.
    case retryingAfterLockTimeout(Migration, line: Int, statement: String, retry: Int, delay: Duration)
    /// An invalid index left by an earlier failed `CREATE INDEX CONCURRENTLY` is dropped and rebuilt.
    case rebuildingInvalidIndex(Migration, index: String)
    /// A back-fill migration finished a batch.
    case backfillProgress(Migration, BackfillProgress)
    /// A migration is applied and recorded.
    case applied(Migration, duration: Duration)
}
