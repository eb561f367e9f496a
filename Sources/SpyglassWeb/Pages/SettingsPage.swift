import Foundation
import Hummingbird
import SpyglassDomain
import SpyglassPorts

/// `/settings`: the workspace's name (owners and admins rename it), the signed-in account, and a
/// change of one's own password (the current one first, then the new one, hashed like every other).
struct SettingsPage {
    let kit: PageKit

    struct Model: Sendable {
        var chrome: Chrome
        var workspaceName: String
        var email: String
        var role: String
        var workspaceErrors: [String]
        var passwordErrors: [String]
    }

    func register(_ router: Router<WebRequestContext>) {
        router.get("/settings", use: show)
        router.post("/settings/workspace", use: rename)
        router.post("/settings/password", use: changePassword)
    }

    @Sendable func show(_ request: Request, context: WebRequestContext) async throws -> Response {
        let signedIn = try context.require(.administer)
        return try await page(request, signedIn: signedIn)
    }

    @Sendable func rename(_ request: Request, context: WebRequestContext) async throws -> Response {
        let signedIn = try context.require(.administer)
        let name = context.fields["workspace"] ?? ""
        if let problem = Validate.name(name, field: "workspace") {
            return try await page(
                request, signedIn: signedIn, workspaceName: name, workspaceErrors: ["Workspace name \(problem.message)."],
                status: .unprocessableContent)
        }
        guard try await kit.store(signedIn).renameWorkspace(name) else { throw WebError.notFound("This workspace") }
        return Redirect.to("/settings?notice=workspace-renamed")
    }

    @Sendable func changePassword(_ request: Request, context: WebRequestContext) async throws -> Response {
        let signedIn = try context.require(.administer)
        let form = context.fields
        let passwords = kit.dependencies.settings.passwords
        var errors: [String] = []
        if !(await passwords.verify(form.raw("current_password") ?? "", against: signedIn.user.passwordHash)) {
            errors.append("The current password is not right.")
        }
        if let problem = FormRules.passwordProblem(form.raw("password"), confirmation: form.raw("password_confirm")) {
            errors.append(problem)
        }
        guard errors.isEmpty, let password = form.raw("password") else {
            return try await page(request, signedIn: signedIn, passwordErrors: errors, status: .unprocessableContent)
        }
        let hash = try await passwords.hash(password)
        guard try await kit.store(signedIn).updateUserPassword(signedIn.user.id, passwordHash: hash) else {
            throw WebError.notFound("This account")
        }
        return Redirect.to("/settings?notice=password-changed")
    }

    private func page(
        _ request: Request, signedIn: SignedIn, workspaceName: String? = nil, workspaceErrors: [String] = [],
        passwordErrors: [String] = [], status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let current = try await kit.store(signedIn).workspace()?.name ?? ""
        let model = Model(
            chrome: try await kit.chrome(signedIn, title: "Settings", nav: .settings, request: request),
            workspaceName: workspaceName ?? current, email: signedIn.user.email, role: signedIn.user.role.rawValue,
            workspaceErrors: workspaceErrors, passwordErrors: passwordErrors)
        return try kit.page("settings", model, status: status)
    }
}
