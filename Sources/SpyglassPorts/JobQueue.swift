import Foundation
import SpyglassDomain

/// The durable job queue port. A leased job belongs to its worker until the
/// lease runs out; a worker that dies simply stops renewing it, and the job
/// becomes available again (at-least-once execution).
public protocol JobQueue: Sendable {
    /// Queues a job. When `job.dedupeKey` matches a job still queued or leased,
    /// nothing is added and that job is returned instead.
    func enqueue(_ job: Job) async throws -> Job
    /// Takes the next due job (queued and due, or leased with an expired lease).
    /// A job whose lease expired after its last attempt becomes dead instead.
    func lease(owner: String, for visibility: Duration) async throws -> Job?
    /// Extends a lease still held by `owner`; false when it was lost.
    func renewLease(_ id: Job.ID, owner: String, for visibility: Duration) async throws -> Bool
    func complete(_ id: Job.ID, owner: String) async throws
    /// Records a failed attempt: queued again after `retryAfter`, or dead when
    /// attempts are spent or `retryAfter` is nil (a permanent failure).
    func fail(_ id: Job.ID, owner: String, error: String, retryAfter: Duration?) async throws
    func job(_ id: Job.ID, tenant: Tenant.ID) async throws -> Job?
    func jobs(tenant: Tenant.ID, status: Job.Status?, page: PageRequest) async throws -> Page<Job>
    /// Counts by status, for metrics and health.
    func depth() async throws -> [Job.Status: Int]
    /// How long the longest-waiting due job has waited at `now` (nil when none is due): with
    /// the depth, the measure of whether the workers keep up.
    func oldestReadyAge(now: Date) async throws -> Duration?
    /// A stream that yields whenever work may be available, so idle workers wake at once.
    func wakeups() -> AsyncStream<Void>
    /// Wakes idle workers after jobs were inserted by another path (the storage
    /// adapter inserts delivery jobs in the same transaction as the change).
    func notifyEnqueued()
}

extension Job {
    /// A new queued job.
    public static func new(
        tenantID: Tenant.ID, kind: Kind, subjectID: String, runAt: Date, maxAttempts: Int = 5,
        dedupeKey: String? = nil, now: Date
    ) -> Job {
        Job(
            id: .generate(at: now), tenantID: tenantID, kind: kind, subjectID: subjectID, status: .queued,
            attempts: 0, maxAttempts: maxAttempts, runAt: runAt, dedupeKey: dedupeKey, createdAt: now,
            updatedAt: now
        )
    }
}
