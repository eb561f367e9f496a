import HTTPTypes
import Hummingbird
import SpyglassPipeline

/// A route as documented: method and OpenAPI-style path (`/v1/monitors/{id}`).
public struct DocumentedRoute: Hashable, Sendable, CustomStringConvertible {
    public var method: String
    public var path: String
    public var description: String { "\(method) \(path)" }
}

/// Builds the router and records every route it registers, so a test can hold
/// the OpenAPI document against what is really served.
public enum SpyglassAPI {
    public static func buildRouter(_ dependencies: APIDependencies) -> (Router<APIRequestContext>, [DocumentedRoute]) {
        let router = Router(context: APIRequestContext.self)
        let routes = RouteRecorder(router: router)
        router.add(middleware: ProblemMiddleware())

        routes.on(.get, "/healthz") { _, _ in try JSONResponse.make(["status": "ok"]) }
        routes.on(.get, "/v1/openapi.json") { _, _ in OpenAPIDocument.response() }

        router.add(middleware: AuthMiddleware(provisioning: dependencies.provisioning))
        router.add(middleware: RoleMiddleware())
        if let limiter = dependencies.rateLimiter {
            router.add(middleware: RateLimitMiddleware(limiter: limiter, quota: dependencies.apiQuota))
        }
        CompetitorsController(dependencies: dependencies).register(routes)
        MonitorsController(dependencies: dependencies).register(routes)
        HistoryController(dependencies: dependencies).register(routes)
        FeedbackController(dependencies: dependencies).register(routes)
        ChannelsController(dependencies: dependencies).register(routes)
        DeliveriesController(dependencies: dependencies).register(routes)
        JobsController(dependencies: dependencies).register(routes)
        TrendsController(dependencies: dependencies).register(routes)
        EventsController(dependencies: dependencies).register(routes)
        return (router, routes.recorded)
    }
}

typealias Handler = @Sendable (Request, APIRequestContext) async throws -> Response

final class RouteRecorder {
    let router: Router<APIRequestContext>
    private(set) var recorded: [DocumentedRoute] = []

    init(router: Router<APIRequestContext>) {
        self.router = router
    }

    /// `path` uses OpenAPI's `{name}` for parameters.
    func on(_ method: HTTPRequest.Method, _ path: String, handler: @escaping Handler) {
        recorded.append(DocumentedRoute(method: method.rawValue, path: path))
        let hummingbirdPath = path.split(separator: "/", omittingEmptySubsequences: false).map { segment in
            segment.hasPrefix("{") && segment.hasSuffix("}") ? ":" + segment.dropFirst().dropLast() : segment
        }.joined(separator: "/")
        router.on(RouterPath(hummingbirdPath), method: method, use: handler)
    }
}
