import Foundation
import PostgresNIO
import ServiceLifecycle
import SpyglassDomain
import SpyglassPorts

/// The durable job queue in PostgreSQL, the twin of the embedded one. Jobs are
/// rows of their tenant; workers take jobs of every tenant through the schema's
/// `lease_job` family (`FOR UPDATE SKIP LOCKED`, so concurrent workers never
/// take the same job). Times come from the injected clock, never the server's.
///
/// Idle workers wake when a job is queued in this process and — while `run()`
/// runs, as a service of the executable — when one is queued by another process
/// (`NOTIFY spyglass_jobs`).
public final class PostgresJobQueue: JobQueue, Service {
    let pool: PostgresPool
    let clock: any WallClock
    private let wakeupChannel: CrossProcessWakeups

    /// The `NOTIFY` channel other processes listen on.
    public static let notificationChannel = "spyglass_jobs"

    public init(pool: PostgresPool, clock: any WallClock = SystemWallClock()) {
        self.pool = pool
        self.clock = clock
        self.wakeupChannel = CrossProcessWakeups(channel: Self.notificationChannel, pool: pool)
    }

    /// Listens for other processes' enqueues until cancelled or shut down gracefully.
    public func run() async {
        await wakeupChannel.run()
    }

    public func enqueue(_ job: Job) async throws -> Job {
        let stored = try await pool.withTenant(job.tenantID) { connection -> Job in
            // A conflicting insert waits for the other transaction, then does nothing;
            // another round covers a duplicate that finished between the two statements.
            for _ in 0..<3 {
                if try await PostgresJobRows.insert(job, connection: connection) {
                    try await wakeupChannel.notify(in: connection)
                    return job
                }
                guard let key = job.dedupeKey else { break }
                if let existing = try await pending(key, connection: connection) { return existing }
            }
            throw StorageError(.conflict, "job \(job.id) was not queued: its id or dedupe key is taken")
        }
        wakeupChannel.wakeLocally()
        return stored
    }

    /// The queued or leased job holding a dedupe key, in the transaction's tenant.
    private func pending(_ key: String, connection: PostgresConnection) async throws -> Job? {
        try await connection.query(
            "SELECT * FROM jobs WHERE dedupe_key = \(key) AND status IN ('queued', 'leased')", logger: pool.logger
        ).mapAll(PostgresRowMapping.job).first
    }

    public func lease(owner: String, for visibility: Duration) async throws -> Job? {
        let now = clock.now()
        let until = now.addingTimeInterval(visibility.seconds)
        return try await pool.withoutTenant { connection in
            try await connection.query(
                "SELECT * FROM lease_job(\(owner), \(now), \(until))", logger: pool.logger
            ).mapAll(PostgresRowMapping.job).first
        }
    }

    public func renewLease(_ id: Job.ID, owner: String, for visibility: Duration) async throws -> Bool {
        let now = clock.now()
        let until = now.addingTimeInterval(visibility.seconds)
        return try await pool.withoutTenant { connection in
            let renewed = try await connection.query(
                "SELECT renew_job_lease(\(id.rawValue), \(owner), \(now), \(until)) AS renewed", logger: pool.logger
            ).mapAll { try $0.bool("renewed") }
            return renewed.first ?? false
        }
    }

    public func complete(_ id: Job.ID, owner: String) async throws {
        let now = clock.now()
        try await pool.withoutTenant { connection in
            _ = try await connection.query(
                "SELECT complete_job(\(id.rawValue), \(owner), \(now))", logger: pool.logger
            ).collect()
        }
    }

    public func fail(_ id: Job.ID, owner: String, error: String, retryAfter: Duration?) async throws {
        let now = clock.now()
        let retryAt = retryAfter.map { now.addingTimeInterval($0.seconds) }
        // The message may quote a remote server; PostgreSQL text cannot hold NUL.
        let message = String(error.prefix(1_000)).replacing("\u{0}", with: "\u{FFFD}")
        try await pool.withoutTenant { connection in
            _ = try await connection.query(
                "SELECT fail_job(\(id.rawValue), \(owner), \(message), \(now), \(retryAt))", logger: pool.logger
            ).collect()
        }
    }

    public func job(_ id: Job.ID, tenant: Tenant.ID) async throws -> Job? {
        try await pool.withTenant(tenant) { connection in
            try await connection.query(
                "SELECT * FROM jobs WHERE tenant_id = \(tenant.rawValue) AND id = \(id.rawValue)", logger: pool.logger
            ).mapAll(PostgresRowMapping.job).first
        }
    }

    public func jobs(tenant: Tenant.ID, status: Job.Status?, page: PageRequest) async throws -> Page<Job> {
        var query: PostgresQuery = "SELECT * FROM jobs WHERE tenant_id = \(tenant.rawValue)"
        if let status { query.and("status", "=", status.rawValue) }
        query.page(page, descending: true)
        let rows = try await pool.withTenant(tenant) { connection in
            try await connection.query(query, logger: pool.logger).mapAll(PostgresRowMapping.job)
        }
        return Page(overfetched: rows, limit: page.limit, key: { $0.id.rawValue })
    }

    public func depth() async throws -> [Job.Status: Int] {
        let counts = try await pool.withoutTenant { connection in
            try await connection.query("SELECT status, jobs FROM job_depth()", logger: pool.logger)
                .mapAll { row in (try row.enumValue("status", as: Job.Status.self), try row.int("jobs")) }
        }
        return Dictionary(counts, uniquingKeysWith: +)
    }

    public func oldestReadyAge(now: Date) async throws -> Duration? {
        let oldest = try await pool.withoutTenant { connection in
            try await connection.query("SELECT oldest_ready_job_at(\(now)) AS oldest", logger: pool.logger)
                .mapAll { try $0.optionalDate("oldest") }.first ?? nil
        }
        return oldest.map { .milliseconds(Int64(now.timeIntervalSince($0) * 1_000)) }
    }

    public func wakeups() -> AsyncStream<Void> {
        wakeupChannel.stream()
    }

    /// Wakes idle workers here and, while `run()` runs, in other processes after
    /// another writer (the storage adapter) queued jobs.
    public func notifyEnqueued() {
        wakeupChannel.wakeEverywhere()
    }
}
