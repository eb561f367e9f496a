import Hummingbird
import SpyglassDomain
import SpyglassPipeline
import SpyglassPorts

/// The tenant's background jobs; `?status=dead` lists the ones given up on.
struct JobsController {
    let dependencies: APIDependencies

    func register(_ routes: RouteRecorder) {
        routes.on(.get, "/v1/jobs", handler: list)
        routes.on(.get, "/v1/jobs/{id}", handler: get)
        routes.on(.get, "/v1/queue", handler: queueState)
    }

    /// The shared queue's depth by status and the wait of its oldest due job: whether the
    /// workers keep up. Counts only, no job of anyone.
    @Sendable func queueState(_ request: Request, context: APIRequestContext) async throws -> Response {
        _ = try context.requireTenant()
        let depth = try await dependencies.queue.depth()
        let age = try await dependencies.queue.oldestReadyAge(now: dependencies.clock.now())
        return try JSONResponse.make(QueueStateBody(
            depth: Dictionary(uniqueKeysWithValues: Job.Status.allCases.map { ($0.rawValue, depth[$0] ?? 0) }),
            oldestReadyAgeSeconds: age.map { Double($0.components.seconds) + Double($0.components.attoseconds) / 1e18 }))
    }

    @Sendable func list(_ request: Request, context: APIRequestContext) async throws -> Response {
        let tenant = try context.requireTenant()
        let query = Query(request)
        let status: Job.Status? = try query.enumValue("status")
        let page = try await dependencies.queue.jobs(tenant: tenant, status: status, page: try query.page())
        return try JSONResponse.list(page.items.map(Wire.JobBody.init), next: page.nextAfter)
    }

    @Sendable func get(_ request: Request, context: APIRequestContext) async throws -> Response {
        let tenant = try context.requireTenant()
        let id: Job.ID = try context.parameters.id()
        guard let job = try await dependencies.queue.job(id, tenant: tenant) else { throw APIProblem.notFound("job \(id)") }
        return try JSONResponse.make(Wire.JobBody(job))
    }
}

/// `{"depth": {"queued": 3, …}, "oldest_ready_age_seconds": 1.5 | null}`.
struct QueueStateBody: Encodable {
    var depth: [String: Int]
    var oldestReadyAgeSeconds: Double?

    enum CodingKeys: String, CodingKey {
        case depth
        case oldestReadyAgeSeconds = "oldest_ready_age_seconds"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(depth, forKey: .depth)
        try container.encode(oldestReadyAgeSeconds, forKey: .oldestReadyAgeSeconds)
    }
}
