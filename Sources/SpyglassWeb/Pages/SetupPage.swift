import Foundation
import Hummingbird
import SpyglassDomain
import SpyglassPipeline
import SpyglassPorts

/// `/setup`: on an instance with nobody to sign in yet, creates the first owner
/// (e-mail and password) of the first workspace (the one `serve` made, or a new one).
/// Once anyone exists the page sends people to sign in.
struct SetupPage {
    let kit: PageKit

    struct Model: Sendable {
        var chrome: Chrome
        var workspace: String
        var email: String
        var errors: [String]
    }

    func register(_ router: Router<WebRequestContext>) {
        router.get("/setup", use: show)
        router.post("/setup", use: submit)
    }

    @Sendable func show(_ request: Request, context: WebRequestContext) async throws -> Response {
        guard try await kit.storage.userCount() == 0 else { return Redirect.to("/signin") }
        let workspace = try await kit.storage.firstTenant()?.name ?? "My workspace"
        return try form(request, context: context, workspace: workspace, email: "", errors: [])
    }

    @Sendable func submit(_ request: Request, context: WebRequestContext) async throws -> Response {
        guard try await kit.storage.userCount() == 0 else { return Redirect.to("/signin") }
        let form = context.fields
        let workspaceName = form["workspace"] ?? "My workspace"
        let email = FormRules.email(form["email"])
        var errors: [String] = []
        if let problem = Validate.name(workspaceName, field: "workspace") { errors.append("Workspace name \(problem.message).") }
        if email == nil { errors.append("Enter a valid e-mail address.") }
        if let problem = FormRules.passwordProblem(form.raw("password"), confirmation: form.raw("password_confirm")) {
            errors.append(problem)
        }
        guard errors.isEmpty, let email, let password = form.raw("password") else {
            return try self.form(request, context: context, workspace: workspaceName, email: form["email"] ?? "",
                                 errors: errors, status: .unprocessableContent)
        }
        let tenant: Tenant
        if let first = try await kit.storage.firstTenant() {
            tenant = first
            _ = try await kit.storage.scoped(to: tenant.id).renameWorkspace(workspaceName)
        } else {
            // The workspace's owner API key is not shown: keys are made on the API keys page.
            tenant = try await TenantProvisioning(storage: kit.storage).createTenant(name: workspaceName).tenant
        }
        let now = kit.now
        let user = User(
            id: .generate(at: now), tenantID: tenant.id, email: email,
            passwordHash: try await kit.dependencies.settings.passwords.hash(password), role: .owner, createdAt: now)
        // Someone else finished the setup a moment ago: they own the instance.
        guard try await kit.storage.insertFirstUser(user) else { return Redirect.to("/signin") }
        let (_, cookie) = try await kit.sessions.start(for: user, request: request)
        return Redirect.to("/?notice=welcome", cookies: [cookie])
    }

    private func form(
        _ request: Request, context: WebRequestContext, workspace: String, email: String, errors: [String],
        status: HTTPResponse.Status = .ok
    ) throws -> Response {
        let (token, cookie) = kit.sessions.formToken(context, request: request)
        let model = Model(
            chrome: kit.anonymousChrome(title: "Set up Spyglass", token: token), workspace: workspace, email: email,
            errors: errors)
        var response = try kit.page("setup", model, status: status)
        if let cookie { response.setCookie(cookie) }
        return response
    }
}
