import HTTPTypes
import Hummingbird
import SpyglassDomain

/// The key's role, enforced on every route: a viewer key reads only; channels
/// (where alerts go, with their secrets) need an admin or owner key; everything
/// else a member key may change. Refusals are 403 problem+json.
struct RoleMiddleware: RouterMiddleware {
    typealias Context = APIRequestContext

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        guard let key = context.apiKey else { return try await next(request, context) }
        let action = Self.action(method: request.method, path: request.uri.path)
        guard key.role.allows(action) else {
            throw APIProblem(
                status: .forbidden, kind: "forbidden", title: "Forbidden",
                detail: "this API key's role (\(key.role.rawValue)) may not \(request.method.rawValue) \(request.uri.path); "
                    + "it needs the \(WorkspaceRole.least(for: action).rawValue) role or above")
        }
        return try await next(request, context)
    }

    static func action(method: HTTPRequest.Method, path: String) -> WorkspaceRole.Action {
        switch method {
        case .get, .head, .options: return .read
        default: return path == "/v1/channels" || path.hasPrefix("/v1/channels/") ? .administer : .editCatalog
        }
    }
}
