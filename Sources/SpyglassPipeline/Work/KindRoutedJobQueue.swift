import Foundation
import SpyglassDomain
import SpyglassPorts

/// Two queues seen as one, split by job kind. With Redis configured, collection
/// work (`check` jobs: many, small, needing no transaction with the database)
/// goes over Redis, while deliveries stay in the database's queue, written in
/// the same transaction as the change they announce. Workers lease from each
/// queue directly; this view serves the API and the scheduler: enqueue by
/// kind, look up and list across both.
public struct KindRoutedJobQueue: JobQueue {
    let routed: any JobQueue
    let routedKinds: Set<Job.Kind>
    let rest: any JobQueue

    public init(routing kinds: Set<Job.Kind>, to routed: any JobQueue, rest: any JobQueue) {
        self.routed = routed
        self.routedKinds = kinds
        self.rest = rest
    }

    private func queue(for kind: Job.Kind) -> any JobQueue { routedKinds.contains(kind) ? routed : rest }

    public func enqueue(_ job: Job) async throws -> Job { try await queue(for: job.kind).enqueue(job) }

    public func lease(owner: String, for visibility: Duration) async throws -> Job? {
        if let job = try await routed.lease(owner: owner, for: visibility) { return job }
        return try await rest.lease(owner: owner, for: visibility)
    }

    // A job lives in exactly one queue and these are owner-checked no-ops elsewhere.
    public func renewLease(_ id: Job.ID, owner: String, for visibility: Duration) async throws -> Bool {
        if try await routed.renewLease(id, owner: owner, for: visibility) { return true }
        return try await rest.renewLease(id, owner: owner, for: visibility)
    }

    public func complete(_ id: Job.ID, owner: String) async throws {
        try await routed.complete(id, owner: owner)
        try await rest.complete(id, owner: owner)
    }

    public func fail(_ id: Job.ID, owner: String, error: String, retryAfter: Duration?) async throws {
        try await routed.fail(id, owner: owner, error: error, retryAfter: retryAfter)
        try await rest.fail(id, owner: owner, error: error, retryAfter: retryAfter)
    }

    public func job(_ id: Job.ID, tenant: Tenant.ID) async throws -> Job? {
        if let job = try await routed.job(id, tenant: tenant) { return job }
        return try await rest.job(id, tenant: tenant)
    }

    /// Both lists are newest first by id; merged, they stay so, and the cursor works for both.
    public func jobs(tenant: Tenant.ID, status: Job.Status?, page: PageRequest) async throws -> Page<Job> {
        let first = try await routed.jobs(tenant: tenant, status: status, page: page)
        let second = try await rest.jobs(tenant: tenant, status: status, page: page)
        let merged = (first.items + second.items).sorted { $0.id.rawValue > $1.id.rawValue }
        let more = first.nextAfter != nil || second.nextAfter != nil || merged.count > page.limit
        let items = Array(merged.prefix(page.limit))
        return Page(items: items, nextAfter: more ? items.last?.id.rawValue : nil)
    }

    public func depth() async throws -> [Job.Status: Int] {
        try await routed.depth().merging(try await rest.depth(), uniquingKeysWith: +)
    }

    public func oldestReadyAge(now: Date) async throws -> Duration? {
        [try await routed.oldestReadyAge(now: now), try await rest.oldestReadyAge(now: now)].compactMap { $0 }.max()
    }

    public func wakeups() -> AsyncStream<Void> {
        let (stream, continuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        let sources = [routed.wakeups(), rest.wakeups()]
        // Forwarders end when the merged stream's consumer goes away (onTermination cancels them).
        let forwarders = sources.map { source in
            Task {
                for await _ in source { continuation.yield() }
            }
        }
        continuation.onTermination = { _ in forwarders.forEach { $0.cancel() } }
        return stream
    }

    public func notifyEnqueued() {
        routed.notifyEnqueued()
        rest.notifyEnqueued()
    }
}
