import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import SpyglassDomain
import SpyglassIntelligence
import SpyglassPipeline
import SpyglassPorts

/// What the checks produced: check runs, snapshots (and their text), changes.
struct HistoryController {
    let dependencies: APIDependencies

    func register(_ routes: RouteRecorder) {
        routes.on(.get, "/v1/monitors/{id}/checks", handler: checks)
        routes.on(.get, "/v1/monitors/{id}/snapshots", handler: snapshots)
        routes.on(.get, "/v1/snapshots/{id}", handler: snapshot)
        routes.on(.get, "/v1/snapshots/{id}/text", handler: snapshotText)
        routes.on(.get, "/v1/changes", handler: changes)
        routes.on(.get, "/v1/changes/{id}", handler: change)
    }

    private func store(_ context: APIRequestContext) throws -> any TenantStorage {
        dependencies.storage.scoped(to: try context.requireTenant())
    }

    private func existingMonitor(_ context: APIRequestContext, store: any TenantStorage) async throws -> Monitor.ID {
        let id: Monitor.ID = try context.parameters.id()
        guard try await store.monitor(id) != nil else { throw APIProblem.notFound("monitor \(id)") }
        return id
    }

    @Sendable func checks(_ request: Request, context: APIRequestContext) async throws -> Response {
        let store = try store(context)
        let id = try await existingMonitor(context, store: store)
        let page = try await store.checks(monitorID: id, page: try Query(request).page())
        return try JSONResponse.list(page.items.map(Wire.CheckBody.init), next: page.nextAfter)
    }

    @Sendable func snapshots(_ request: Request, context: APIRequestContext) async throws -> Response {
        let store = try store(context)
        let id = try await existingMonitor(context, store: store)
        let page = try await store.snapshots(monitorID: id, page: try Query(request).page())
        return try JSONResponse.list(page.items.map(Wire.SnapshotBody.init), next: page.nextAfter)
    }

    @Sendable func snapshot(_ request: Request, context: APIRequestContext) async throws -> Response {
        let id: Snapshot.ID = try context.parameters.id()
        guard let snapshot = try await store(context).snapshot(id) else { throw APIProblem.notFound("snapshot \(id)") }
        return try JSONResponse.make(Wire.SnapshotBody(snapshot))
    }

    @Sendable func snapshotText(_ request: Request, context: APIRequestContext) async throws -> Response {
        let id: Snapshot.ID = try context.parameters.id()
        guard let text = try await store(context).snapshotText(id) else { throw APIProblem.notFound("snapshot \(id)") }
        var headers = HTTPFields()
        headers[.contentType] = "text/plain; charset=utf-8"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    @Sendable func changes(_ request: Request, context: APIRequestContext) async throws -> Response {
        let query = Query(request)
        let filter = ChangeFilter(
            monitorID: try query.id("monitor_id"), competitorID: try query.id("competitor_id"),
            since: try query.date("since"), until: try query.date("until"),
            category: try query.enumValue("category", as: ChangeCategory.self)?.rawValue,
            minSignificance: try query.int("min_significance", range: 0...100))
        let page = try await store(context).changes(filter: filter, page: try query.page())
        return try JSONResponse.list(page.items.map(Wire.ChangeBody.init), next: page.nextAfter)
    }

    @Sendable func change(_ request: Request, context: APIRequestContext) async throws -> Response {
        let id: Change.ID = try context.parameters.id()
        guard let change = try await store(context).change(id) else { throw APIProblem.notFound("change \(id)") }
        return try JSONResponse.make(Wire.ChangeBody(change))
    }
}
