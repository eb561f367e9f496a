import Foundation
import SQLiteNIO
import SpyglassDomain
import SpyglassPorts

/// The durable job queue in the embedded database. Jobs are rows; a lease is a
/// deadline on the row, so a job held by a process that crashed is simply
/// leased again once the deadline passes.
public final class SQLiteJobQueue: JobQueue {
    let database: EmbeddedDatabase
    let clock: any WallClock
    private let waiters = WakeupBroadcaster()

    public init(database: EmbeddedDatabase, clock: any WallClock = SystemWallClock()) {
        self.database = database
        self.clock = clock
    }

    public func enqueue(_ job: Job) async throws -> Job {
        let stored = try await database.write { session -> Job in
            if let key = job.dedupeKey {
                let existing = try await session.query(
                    "SELECT * FROM jobs WHERE tenant_id = ? AND dedupe_key = ? AND status IN ('queued', 'leased')",
                    [.id(job.tenantID), .text(key)])
                if let row = existing.first { return try RowMapping.job(row) }
            }
            try await Self.insert(job, session: session)
            return job
        }
        waiters.wakeAll()
        return stored
    }

    static func insert(_ j: Job, session: SQLSession) async throws {
        try await session.execute(
            """
            INSERT INTO jobs (id, tenant_id, kind, subject_id, status, attempts, max_attempts, run_at, leased_until,
                lease_owner, last_error, dedupe_key, created_at, updated_at, finished_at)
            VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)
            """,
            [.id(j.id), .id(j.tenantID), .text(j.kind.rawValue), .text(j.subjectID), .text(j.status.rawValue),
             .integer(j.attempts), .integer(j.maxAttempts), .date(j.runAt), .optionalDate(j.leasedUntil),
             .optionalText(j.leaseOwner), .optionalText(j.lastError), .optionalText(j.dedupeKey), .date(j.createdAt),
             .date(j.updatedAt), .optionalDate(j.finishedAt)])
    }

    public func lease(owner: String, for visibility: Duration) async throws -> Job? {
        let now = clock.now()
        let until = now.addingTimeInterval(visibility.seconds)
        return try await database.write { session -> Job? in
            while true {
                let rows = try await session.query(
                    """
                    SELECT * FROM jobs
                    WHERE (status = 'queued' AND run_at <= ?) OR (status = 'leased' AND leased_until <= ?)
                    ORDER BY run_at, id LIMIT 1
                    """, [.date(now), .date(now)])
                guard let row = rows.first else { return nil }
                var job = try RowMapping.job(row)
                if job.status == .leased && job.attempts >= job.maxAttempts {
                    // Its worker vanished during the last allowed attempt.
                    try await session.execute(
                        """
                        UPDATE jobs SET status = 'dead', lease_owner = NULL, leased_until = NULL, last_error = ?,
                            updated_at = ?, finished_at = ? WHERE id = ?
                        """,
                        [.text("lease expired during attempt \(job.attempts) of \(job.maxAttempts)"), .date(now),
                         .date(now), .id(job.id)])
                    continue
                }
                job.status = .leased
                job.attempts += 1
                job.leaseOwner = owner
                job.leasedUntil = until
                job.updatedAt = now
                try await session.execute(
                    """
                    UPDATE jobs SET status = 'leased', attempts = ?, lease_owner = ?, leased_until = ?, updated_at = ?
                    WHERE id = ?
                    """, [.integer(job.attempts), .text(owner), .date(until), .date(now), .id(job.id)])
                return job
            }
        }
    }

    public func renewLease(_ id: Job.ID, owner: String, for visibility: Duration) async throws -> Bool {
        let now = clock.now()
        return try await database.write { session in
            try await session.execute(
                """
                UPDATE jobs SET leased_until = ?, updated_at = ?
                WHERE id = ? AND status = 'leased' AND lease_owner = ?
                """, [.date(now.addingTimeInterval(visibility.seconds)), .date(now), .id(id), .text(owner)])
            return try await session.changes() > 0
        }
    }

    public func complete(_ id: Job.ID, owner: String) async throws {
        let now = clock.now()
        try await database.write { session in
            try await session.execute(
                """
                UPDATE jobs SET status = 'succeeded', lease_owner = NULL, leased_until = NULL, updated_at = ?,
                    finished_at = ?
                WHERE id = ? AND status = 'leased' AND lease_owner = ?
                """, [.date(now), .date(now), .id(id), .text(owner)])
        }
    }

    public func fail(_ id: Job.ID, owner: String, error: String, retryAfter: Duration?) async throws {
        let now = clock.now()
        let message = String(error.prefix(1_000))
        try await database.write { session in
            let rows = try await session.query(
                "SELECT * FROM jobs WHERE id = ? AND status = 'leased' AND lease_owner = ?", [.id(id), .text(owner)])
            guard let row = rows.first else { return }
            let job = try RowMapping.job(row)
            if let retryAfter, job.attempts < job.maxAttempts {
                try await session.execute(
                    """
                    UPDATE jobs SET status = 'queued', run_at = ?, lease_owner = NULL, leased_until = NULL,
                        last_error = ?, updated_at = ? WHERE id = ?
                    """, [.date(now.addingTimeInterval(retryAfter.seconds)), .text(message), .date(now), .id(id)])
            } else {
                try await session.execute(
                    """
                    UPDATE jobs SET status = 'dead', lease_owner = NULL, leased_until = NULL, last_error = ?,
                        updated_at = ?, finished_at = ? WHERE id = ?
                    """, [.text(message), .date(now), .date(now), .id(id)])
            }
        }
    }

    public func job(_ id: Job.ID, tenant: Tenant.ID) async throws -> Job? {
        let rows = try await database.read { session in
            try await session.query("SELECT * FROM jobs WHERE tenant_id = ? AND id = ?", [.id(tenant), .id(id)])
        }
        return try rows.first.map(RowMapping.job)
    }

    public func jobs(tenant: Tenant.ID, status: Job.Status?, page: PageRequest) async throws -> Page<Job> {
        var sql = "SELECT * FROM jobs WHERE tenant_id = ?"
        var binds: [SQLiteData] = [.id(tenant)]
        if let status {
            sql += " AND status = ?"
            binds.append(.text(status.rawValue))
        }
        let (keyset, keysetBinds) = Keyset.clause(page, descending: true)
        let rows = try await database.read { session in
            try await session.query(
                "\(sql)\(keyset) ORDER BY id DESC LIMIT ?", binds + keysetBinds + [.integer(page.limit + 1)])
        }
        return Page(overfetched: try rows.map(RowMapping.job), limit: page.limit, key: { $0.id.rawValue })
    }

    public func depth() async throws -> [Job.Status: Int] {
        let rows = try await database.read { session in
            try await session.query("SELECT status, COUNT(*) AS n FROM jobs GROUP BY status")
        }
        var counts: [Job.Status: Int] = [:]
        for row in rows {
            counts[try row.enumValue("status")] = try row.int("n")
        }
        return counts
    }

    public func oldestReadyAge(now: Date) async throws -> Duration? {
        let rows = try await database.read { session in
            try await session.query(
                "SELECT MIN(run_at) AS oldest FROM jobs WHERE status = 'queued' AND run_at <= ?", [.date(now)])
        }
        return rows.first?.optionalDate("oldest").map { .milliseconds(Int64(now.timeIntervalSince($0) * 1_000)) }
    }

    public func wakeups() -> AsyncStream<Void> {
        waiters.stream()
    }

    /// Wakes idle workers after another writer (the storage adapter) queued jobs.
    public func notifyEnqueued() {
        waiters.wakeAll()
    }
}
