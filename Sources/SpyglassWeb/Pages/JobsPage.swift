import Foundation
import Hummingbird
import SpyglassDomain
import SpyglassPorts

/// `/jobs`: the queue's state (depth by status, how long the oldest due job has
/// waited) and this workspace's jobs by status; an admin can queue a dead job again.
struct JobsPage {
    let kit: PageKit

    struct Count: Sendable {
        var status: String
        var count: Int
    }

    struct Tab: Sendable {
        var status: String
        var href: String
        var current: Bool
    }

    struct Row: Sendable {
        var id: String
        var kind: String
        var subject: String
        var subjectHref: String?
        var status: String
        var attempts: String
        var runAt: String
        var lastError: String?
        var retryable: Bool
    }

    struct Model: Sendable {
        var chrome: Chrome
        var depth: [Count]
        var oldestWait: String
        var tabs: [Tab]
        var jobs: [Row]
        var empty: Bool
        var olderHref: String?
    }

    func register(_ router: Router<WebRequestContext>) {
        router.get("/jobs", use: show)
        router.post("/jobs/:id/retry", use: retry)
    }

    @Sendable func show(_ request: Request, context: WebRequestContext) async throws -> Response {
        let signedIn = try context.require(.read)
        let queue = kit.dependencies.queue
        let status = request.uri.queryParameters["status"].flatMap { Job.Status(rawValue: String($0)) } ?? .dead
        let after = request.uri.queryParameters["after"].flatMap { Job.ID(String($0)) }
        let page = try await queue.jobs(
            tenant: signedIn.user.tenantID, status: status, page: PageRequest(limit: 50, after: after?.rawValue))
        let depth = try await queue.depth()
        let wait = try await queue.oldestReadyAge(now: kit.now)
        let canRetry = signedIn.user.role.allows(.administer)
        let model = Model(
            chrome: try await kit.chrome(signedIn, title: "Jobs", nav: .jobs, request: request),
            depth: Job.Status.allCases.map { Count(status: $0.rawValue, count: depth[$0] ?? 0) },
            oldestWait: wait.map { "\(Int($0.seconds.rounded())) s" } ?? "none due",
            tabs: Job.Status.allCases.map { Tab(status: $0.rawValue, href: "/jobs?status=\($0.rawValue)", current: $0 == status) },
            jobs: page.items.map { Self.row($0, canRetry: canRetry) }, empty: page.items.isEmpty,
            olderHref: page.nextAfter.map { "/jobs?status=\(status.rawValue)&after=\($0)" })
        return try kit.page("jobs", model)
    }

    /// A dead job queued again as a new job (same kind and subject, attempts afresh).
    @Sendable func retry(_ request: Request, context: WebRequestContext) async throws -> Response {
        let signedIn = try context.require(.administer)
        guard let text = context.parameters.get("id"), let id = Job.ID(text),
              let job = try await kit.dependencies.queue.job(id, tenant: signedIn.user.tenantID)
        else { throw WebError.notFound("This job") }
        guard job.status == .dead else {
            throw WebError.badRequest("Only a dead job can be queued again; this one is \(job.status.rawValue).")
        }
        let now = kit.now
        _ = try await kit.dependencies.queue.enqueue(Job.new(
            tenantID: job.tenantID, kind: job.kind, subjectID: job.subjectID, runAt: now, maxAttempts: job.maxAttempts,
            dedupeKey: job.dedupeKey, now: now))
        return Redirect.to("/jobs?status=dead&notice=job-retried")
    }

    static func row(_ job: Job, canRetry: Bool) -> Row {
        var href: String?
        if job.kind == .check, let monitor = Monitor.ID(job.subjectID) {
            href = "/monitors/\(monitor.rawValue)"
        }
        return Row(
            id: job.id.rawValue, kind: job.kind.rawValue, subject: job.subjectID, subjectHref: href,
            status: job.status.rawValue, attempts: "\(job.attempts) of \(job.maxAttempts)", runAt: TimeText.display(job.runAt),
            lastError: job.lastError, retryable: canRetry && job.status == .dead)
    }
}
