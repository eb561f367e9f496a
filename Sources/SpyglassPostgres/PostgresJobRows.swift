import Foundation
import PostgresNIO
import SpyglassDomain
import SpyglassPorts

/// The one INSERT of a job row, shared by the job queue and by the storage
/// paths that queue a job in the same transaction as their own rows
/// (deliveries with their change, retries with their attempt).
enum PostgresJobRows {
    /// Inserts `job` on `connection`, inside the caller's transaction and tenant
    /// context. False when nothing was inserted because the id or the dedupe key
    /// (of a job still queued or leased) is taken: the queue then returns the holder.
    static func insert(_ j: Job, connection: PostgresConnection) async throws -> Bool {
        try await !connection.query(
            """
            INSERT INTO jobs (id, tenant_id, kind, subject_id, status, attempts, max_attempts, run_at, leased_until,
                lease_owner, last_error, dedupe_key, created_at, updated_at, finished_at)
            VALUES (\(j.id.rawValue), \(j.tenantID.rawValue), \(j.kind.rawValue), \(j.subjectID), \(j.status.rawValue),
                \(j.attempts), \(j.maxAttempts), \(j.runAt), \(j.leasedUntil), \(j.leaseOwner), \(text: j.lastError),
                \(j.dedupeKey), \(j.createdAt), \(j.updatedAt), \(j.finishedAt))
            ON CONFLICT DO NOTHING
            RETURNING 1
            """, logger: connection.logger
        ).mapAll { _ in true }.isEmpty
    }

    /// Inserts a job that must go in with the caller's other rows (a delivery's
    /// job, a retry): a taken id or dedupe key fails the whole transaction, as a
    /// unique constraint does in the embedded adapter.
    static func insertRequired(_ j: Job, connection: PostgresConnection) async throws {
        guard try await insert(j, connection: connection) else {
            throw StorageError(.conflict, "job \(j.id) was not queued: its id or dedupe key is taken")
        }
    }
}
