import Foundation
import Hummingbird
import SpyglassDomain
import SpyglassPorts

/// Signed-in browsers. The cookie holds a random secret; the session is stored
/// under its SHA-256, with its CSRF token, an expiry and a revocation time.
/// Cookies are `HttpOnly; SameSite=Lax; Path=/`, and `Secure` over TLS.
struct Sessions: Sendable {
    static let cookieName = "sg_session"
    /// The CSRF token of forms shown before anyone signs in (setup, sign-in, invitations).
    static let formCookieName = "sg_form"

    let storage: any Storage
    let clock: any WallClock
    let settings: WebSettings

    /// Whether cookies of this request's answer must be `Secure`.
    func secure(_ request: Request) -> Bool {
        settings.secureCookies || request.head.scheme?.lowercased() == "https"
    }

    /// A new session for `user`, and the cookie that carries it.
    func start(for user: User, request: Request) async throws -> (WebSession, Cookie) {
        let secret = RandomToken.make()
        let now = clock.now()
        let session = WebSession(
            id: RandomToken.hash(secret), userID: user.id, tenantID: user.tenantID, csrfToken: RandomToken.make(),
            createdAt: now, expiresAt: now.addingTimeInterval(settings.sessionLifetime.seconds))
        try await storage.scoped(to: user.tenantID).insertSession(session)
        let maxAge = Int(settings.sessionLifetime.seconds)
        return (session, cookie(Self.cookieName, value: secret, maxAge: maxAge, request: request))
    }

    /// The person behind a cookie's secret, if the session is live and they are still in its workspace.
    func resolve(secret: String) async throws -> SignedIn? {
        guard RandomToken.isWellFormed(secret),
              let session = try await storage.session(id: RandomToken.hash(secret)),
              session.isActive(at: clock.now()),
              let user = try await storage.scoped(to: session.tenantID).user(session.userID),
              user.tenantID == session.tenantID
        else { return nil }
        return SignedIn(user: user, session: session)
    }

    func end(_ signedIn: SignedIn) async throws {
        _ = try await storage.scoped(to: signedIn.user.tenantID).revokeSession(id: signedIn.session.id, at: clock.now())
    }

    /// Tells the browser to forget the session cookie.
    func clearedCookie(request: Request) -> Cookie {
        cookie(Self.cookieName, value: "", maxAge: 0, request: request)
    }

    /// The anonymous forms' token: the one the browser already has, or a new one with its cookie.
    func formToken(_ context: WebRequestContext, request: Request) -> (token: String, cookie: Cookie?) {
        if let token = context.anonymousToken { return (token, nil) }
        let token = RandomToken.make()
        return (token, cookie(Self.formCookieName, value: token, maxAge: 86_400, request: request, sameSite: .strict))
    }

    func cookie(
        _ name: String, value: String, maxAge: Int, request: Request, sameSite: Cookie.SameSite = .lax
    ) -> Cookie {
        Cookie(name: name, value: value, maxAge: maxAge, path: "/", secure: secure(request), httpOnly: true,
               sameSite: sameSite)
    }
}
