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
