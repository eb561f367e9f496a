import Hummingbird
import Logging
import SpyglassDomain
import SpyglassPipeline

/// `Authorization: Bearer <api key>`: the key is hashed and looked up; the
/// secret itself is never stored or logged.
struct AuthMiddleware: RouterMiddleware {
    typealias Context = APIRequestContext
    let provisioning: TenantProvisioning

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        guard let header = request.headers[.authorization] else {
            throw APIProblem.unauthorized("send your API key as Authorization: Bearer <key>")
        }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else {
            throw APIProblem.unauthorized("the Authorization header must use the Bearer scheme")
        }
        guard let key = try await provisioning.authenticate(secret: String(parts[1])) else {
            throw APIProblem.unauthorized("the API key is not valid")
        }
        var context = context
        context.apiKey = key
        context.logger[metadataKey: "tenant_id"] = "\(key.tenantID)"
        return try await next(request, context)
    }
}
