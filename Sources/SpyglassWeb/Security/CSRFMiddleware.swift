import HTTPTypes
import Hummingbird
import SpyglassDomain

/// Every POST carries the page's CSRF token in its `_csrf` field, checked before
/// any handler runs (403 without it). Signed in, the token is the session's; the
/// forms shown before signing in (setup, sign-in, invitations) use the token of a
/// `SameSite=Strict` cookie of their own. A POST from someone not signed in to any
/// other form is sent to sign in.
struct CSRFMiddleware: RouterMiddleware {
    typealias Context = WebRequestContext

    static func isAnonymousForm(_ path: String) -> Bool {
        path == "/signin" || path == "/setup" || path.hasPrefix("/invite/")
    }

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        guard request.method != .get, request.method != .head else { return try await next(request, context) }
        let path = request.uri.path
        let expected: String
        if let session = context.signedIn?.session, !Self.isAnonymousForm(path) {
            expected = session.csrfToken
        } else if Self.isAnonymousForm(path), let token = context.anonymousToken {
            expected = token
        } else if Self.isAnonymousForm(path) {
            throw WebError.csrf
        } else {
            throw WebError.signInRequired
        }
        var request = request
        let form = try await FormBody.read(&request)
        guard let sent = form.raw("_csrf"), RandomToken.equal(sent, expected) else { throw WebError.csrf }
        var context = context
        context.form = form
        return try await next(request, context)
    }
}
