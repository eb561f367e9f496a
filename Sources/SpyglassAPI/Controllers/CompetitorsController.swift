import Foundation
import Hummingbird
import SpyglassDomain
import SpyglassPipeline
import SpyglassPorts

struct CompetitorsController {
    let dependencies: APIDependencies

    func register(_ routes: RouteRecorder) {
        routes.on(.get, "/v1/competitors", handler: list)
        routes.on(.post, "/v1/competitors", handler: create)
        routes.on(.get, "/v1/competitors/{id}", handler: get)
        routes.on(.patch, "/v1/competitors/{id}", handler: update)
        routes.on(.delete, "/v1/competitors/{id}", handler: delete)
    }

    private func store(_ context: APIRequestContext) throws -> any TenantStorage {
        dependencies.storage.scoped(to: try context.requireTenant())
    }

    @Sendable func list(_ request: Request, context: APIRequestContext) async throws -> Response {
        let page = try await store(context).competitors(page: try Query(request).page())
        return try JSONResponse.list(page.items.map(Wire.CompetitorBody.init), next: page.nextAfter)
    }

    @Sendable func create(_ request: Request, context: APIRequestContext) async throws -> Response {
        let tenant = try context.requireTenant()
        var body = try await JSONBody.read(request, allowed: ["name", "website", "tags"])
        let name = body.string("name", required: true)
        let website = body.string("website")
        let tags = body.stringArray("tags") ?? []
        if let name { body.add(Validate.name(name, field: "name")) }
        if let website { body.add(Validate.webURL(website, field: "website")) }
        body.add(Validate.tags(tags, field: "tags"))
        try body.validate()
        let now = dependencies.clock.now()
        let competitor = Competitor(
            id: .generate(at: now), tenantID: tenant, name: (name ?? "").trimmingCharacters(in: .whitespacesAndNewlines),
            website: website?.trimmingCharacters(in: .whitespaces), tags: tags, createdAt: now, updatedAt: now)
        try await dependencies.storage.scoped(to: tenant).insertCompetitor(competitor)
        return try JSONResponse.make(Wire.CompetitorBody(competitor), status: .created)
    }

    @Sendable func get(_ request: Request, context: APIRequestContext) async throws -> Response {
        let id: Competitor.ID = try context.parameters.id()
        guard let competitor = try await store(context).competitor(id) else { throw APIProblem.notFound("competitor \(id)") }
        return try JSONResponse.make(Wire.CompetitorBody(competitor))
    }

    @Sendable func update(_ request: Request, context: APIRequestContext) async throws -> Response {
        let id: Competitor.ID = try context.parameters.id()
        let store = try store(context)
        guard var competitor = try await store.competitor(id) else { throw APIProblem.notFound("competitor \(id)") }
        var body = try await JSONBody.read(request, allowed: ["name", "website", "tags"])
        if let name = body.string("name") {
            body.add(Validate.name(name, field: "name"))
            competitor.name = name.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        if case .some(let website) = body.nullableString("website") {
            if let website { body.add(Validate.webURL(website, field: "website")) }
            competitor.website = website
        }
        if let tags = body.stringArray("tags") {
            body.add(Validate.tags(tags, field: "tags"))
            competitor.tags = tags
        }
        try body.validate()
        competitor.updatedAt = dependencies.clock.now()
        guard try await store.updateCompetitor(competitor) else { throw APIProblem.notFound("competitor \(id)") }
        return try JSONResponse.make(Wire.CompetitorBody(competitor))
    }

    @Sendable func delete(_ request: Request, context: APIRequestContext) async throws -> Response {
        let id: Competitor.ID = try context.parameters.id()
        guard try await store(context).deleteCompetitor(id) else { throw APIProblem.notFound("competitor \(id)") }
        return JSONResponse.noContent()
    }
}
