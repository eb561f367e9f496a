import Foundation
import Hummingbird
import SpyglassDomain
import SpyglassPorts

/// `/signin` and `/signout`. Attempts are rate-limited per e-mail address and
/// per client address (the `RateLimiter` port); an unknown address costs as
/// much time as a wrong password, so timing tells nobody who has an account.
struct SignInPages {
    let kit: PageKit

    struct Model: Sendable {
        var chrome: Chrome
        var email: String
        var next: String
        var errors: [String]
    }

    func register(_ router: Router<WebRequestContext>) {
        router.get("/signin", use: show)
        router.post("/signin", use: submit)
        router.post("/signout", use: signOut)
    }

    @Sendable func show(_ request: Request, context: WebRequestContext) async throws -> Response {
        if context.signedIn != nil { return Redirect.to("/") }
        guard try await kit.storage.userCount() > 0 else { return Redirect.to("/setup") }
        let next = Redirect.localPath(request.uri.queryParameters["next"].map(String.init)) ?? ""
        let notice = Notice.text(request.uri.queryParameters["notice"].map(String.init))
        return try form(request, context: context, email: "", next: next, errors: [], notice: notice)
    }

    @Sendable func submit(_ request: Request, context: WebRequestContext) async throws -> Response {
        let form = context.fields
        let next = Redirect.localPath(form["next"]) ?? "/"
        let email = User.normalizedEmail(form["email"] ?? "")
        let password = form.raw("password") ?? ""
        guard !email.isEmpty, !password.isEmpty else {
            return try self.form(request, context: context, email: email, next: next,
                                 errors: ["Enter your e-mail address and password."], status: .unprocessableContent)
        }
        if let wait = try await refusal(email: email, context: context) {
            return try self.form(request, context: context, email: email, next: next,
                                 errors: ["Too many sign-in attempts. Try again in \(wait)."], status: .tooManyRequests)
        }
        let passwords = kit.dependencies.settings.passwords
        let user = email.count <= 254 ? try await kit.storage.user(email: email) : nil
        guard let user else {
            await passwords.burn(password)
            return try failed(request, context: context, email: email, next: next)
        }
        guard await passwords.verify(password, against: user.passwordHash) else {
            return try failed(request, context: context, email: email, next: next)
        }
        let (_, cookie) = try await kit.sessions.start(for: user, request: request)
        return Redirect.to(next, cookies: [cookie])
    }

    @Sendable func signOut(_ request: Request, context: WebRequestContext) async throws -> Response {
        if let signedIn = context.signedIn { try await kit.sessions.end(signedIn) }
        return Redirect.to("/signin?notice=signed-out", cookies: [kit.sessions.clearedCookie(request: request)])
    }

    /// How long to wait, when this attempt is one too many for the address or the client.
    private func refusal(email: String, context: WebRequestContext) async throws -> String? {
        let settings = kit.dependencies.settings
        let limiter = kit.dependencies.rateLimiter
        let byEmail = try await limiter.acquire(key: "signin:email:\(RandomToken.hash(email))", policy: settings.signInPerEmail)
        let byClient = try await limiter.acquire(
            key: "signin:client:\(context.clientAddress ?? "unknown")", policy: settings.signInPerAddress)
        let refused = [byEmail, byClient].filter { !$0.allowed }
        guard let longest = refused.map(\.retryAfter).max() else { return nil }
        let minutes = Int((longest.seconds / 60).rounded(.up))
        return minutes <= 1 ? "a minute" : "\(minutes) minutes"
    }

    private func failed(_ request: Request, context: WebRequestContext, email: String, next: String) throws -> Response {
        try form(request, context: context, email: email, next: next,
                 errors: ["That e-mail address and password do not match an account."], status: .unauthorized)
    }

    private func form(
        _ request: Request, context: WebRequestContext, email: String, next: String, errors: [String],
        notice: String? = nil, status: HTTPResponse.Status = .ok
    ) throws -> Response {
        let (token, cookie) = kit.sessions.formToken(context, request: request)
        let model = Model(
            chrome: kit.anonymousChrome(title: "Sign in", token: token, notice: notice), email: email, next: next,
            errors: errors)
        var response = try kit.page("signin", model, status: status)
        if let cookie { response.setCookie(cookie) }
        return response
    }
}
