import Hummingbird
import SpyglassDomain
import Logging

/// Reads the session cookie and the anonymous forms' cookie into the context.
/// A cookie that names no live session simply signs nobody in.
struct SessionMiddleware: RouterMiddleware {
    typealias Context = WebRequestContext
    let sessions: Sessions

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        var context = context
        if let secret = request.cookies[Sessions.cookieName]?.value {
            context.signedIn = try await sessions.resolve(secret: secret)
        }
        if let token = request.cookies[Sessions.formCookieName]?.value, RandomToken.isWellFormed(token) {
            context.anonymousToken = token
        }
        if let user = context.signedIn?.user {
            context.logger[metadataKey: "user_id"] = "\(user.id)"
            context.logger[metadataKey: "tenant_id"] = "\(user.tenantID)"
        }
        return try await next(request, context)
    }
}
