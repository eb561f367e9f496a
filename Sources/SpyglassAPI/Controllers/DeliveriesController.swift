import Hummingbird
import SpyglassDomain
import SpyglassPipeline
import SpyglassPorts

struct DeliveriesController {
    let dependencies: APIDependencies

    func register(_ routes: RouteRecorder) {
        routes.on(.get, "/v1/deliveries", handler: list)
        routes.on(.get, "/v1/deliveries/{id}", handler: get)
    }

    @Sendable func list(_ request: Request, context: APIRequestContext) async throws -> Response {
        let store = dependencies.storage.scoped(to: try context.requireTenant())
        let query = Query(request)
        let filter = DeliveryFilter(
            channelID: try query.id("channel_id"), changeID: try query.id("change_id"),
            status: try query.enumValue("status"))
        let page = try await store.deliveries(filter: filter, page: try query.page())
        return try JSONResponse.list(page.items.map { Wire.DeliveryBody($0) }, next: page.nextAfter)
    }

    /// One delivery with every attempt.
    @Sendable func get(_ request: Request, context: APIRequestContext) async throws -> Response {
        let store = dependencies.storage.scoped(to: try context.requireTenant())
        let id: Delivery.ID = try context.parameters.id()
        guard let delivery = try await store.delivery(id) else { throw APIProblem.notFound("delivery \(id)") }
        let attempts = try await store.deliveryAttempts(id)
        return try JSONResponse.make(Wire.DeliveryBody(delivery, attempts: attempts))
    }
}
