import Foundation
import Hummingbird
import SpyglassDomain
import SpyglassPorts

/// `/invite/<token>`: an invited person chooses a password and joins the
/// workspace with the role they were invited with.
struct InvitePage {
    let kit: PageKit

    struct Model: Sendable {
        var chrome: Chrome
        var email: String
        var role: String
        var workspace: String
        var token: String
        var errors: [String]
    }

    func register(_ router: Router<WebRequestContext>) {
        router.get("/invite/:token", use: show)
        router.post("/invite/:token", use: accept)
    }

    /// The open invitation the link names, and its raw token.
    private func invite(_ context: WebRequestContext) async throws -> (Invite, String) {
        guard let token = context.parameters.get("token"), RandomToken.isWellFormed(token),
              let invite = try await kit.storage.invite(tokenHash: RandomToken.hash(token)),
              invite.isOpen(at: kit.now)
        else {
            throw WebError(code: .notFound, status: .notFound, title: "Invitation not valid",
                           message: "This invitation link is not valid: it was used, revoked or has expired. "
                               + "Ask for a new one.")
        }
        return (invite, token)
    }

    @Sendable func show(_ request: Request, context: WebRequestContext) async throws -> Response {
        let (invite, token) = try await invite(context)
        return try await form(request, context: context, invite: invite, token: token, errors: [])
    }

    @Sendable func accept(_ request: Request, context: WebRequestContext) async throws -> Response {
        let (invite, token) = try await invite(context)
        let form = context.fields
        if let problem = FormRules.passwordProblem(form.raw("password"), confirmation: form.raw("password_confirm")) {
            return try await self.form(request, context: context, invite: invite, token: token, errors: [problem],
                                 status: .unprocessableContent)
        }
        let now = kit.now
        let user = User(
            id: .generate(at: now), tenantID: invite.tenantID, email: invite.email,
            passwordHash: try await kit.dependencies.settings.passwords.hash(form.raw("password") ?? ""),
            role: invite.role, createdAt: now)
        let accepted: Bool
        do {
            accepted = try await kit.storage.scoped(to: invite.tenantID).acceptInvite(invite.id, user: user, at: now)
        } catch let error as StorageError where error.code == .conflict {
            return try await self.form(request, context: context, invite: invite, token: token,
                                 errors: ["An account with this e-mail address exists already: sign in instead."],
                                 status: .conflict)
        }
        guard accepted else { throw WebError.notFound("This invitation") }
        let (_, cookie) = try await kit.sessions.start(for: user, request: request)
        return Redirect.to("/?notice=welcome", cookies: [cookie])
    }

    private func form(
        _ request: Request, context: WebRequestContext, invite: Invite, token: String, errors: [String],
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let (formToken, cookie) = kit.sessions.formToken(context, request: request)
        let workspace = try await kit.storage.scoped(to: invite.tenantID).workspace()?.name ?? "a workspace"
        let model = Model(
            chrome: kit.anonymousChrome(title: "Join \(workspace)", token: formToken), email: invite.email,
            role: invite.role.rawValue, workspace: workspace, token: token, errors: errors)
        var response = try kit.page("invite", model, status: status)
        if let cookie { response.setCookie(cookie) }
        return response
    }
}
