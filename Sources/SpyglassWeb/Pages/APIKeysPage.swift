import Foundation
import Hummingbird
import SpyglassDomain
import SpyglassPipeline
import SpyglassPorts

/// `/keys`: the workspace's API keys. Admins and owners create keys (the secret
/// is shown once; only its hash is stored) with a role up to their own, and revoke them.
struct APIKeysPage {
    let kit: PageKit

    struct Key: Sendable {
        var id: String
        var name: String
        var role: String
        var prefix: String
        var created: String
        var revocable: Bool
    }

    struct RoleOption: Sendable {
        var value: String
        var selected: Bool
    }

    struct Model: Sendable {
        var chrome: Chrome
        var keys: [Key]
        var roles: [RoleOption]
        var name: String
        var errors: [String]
        var secret: String?
        var secretName: String?
    }

    func register(_ router: Router<WebRequestContext>) {
        router.get("/keys", use: show)
        router.post("/keys", use: create)
        router.post("/keys/:id/revoke", use: revoke)
    }

    @Sendable func show(_ request: Request, context: WebRequestContext) async throws -> Response {
        let signedIn = try context.require(.administer)
        return try await page(request, signedIn: signedIn)
    }

    @Sendable func create(_ request: Request, context: WebRequestContext) async throws -> Response {
        let signedIn = try context.require(.administer)
        let form = context.fields
        let name = form["name"] ?? ""
        let role = form["role"].flatMap(WorkspaceRole.init(rawValue:))
        var errors: [String] = []
        if let problem = Validate.name(name, field: "name") { errors.append("Name \(problem.message).") }
        if let role, !signedIn.user.role.mayAssign(role) || role > signedIn.user.role {
            errors.append("A key cannot have a role above your own.")
        } else if role == nil {
            errors.append("Choose a role.")
        }
        guard errors.isEmpty, let role else {
            return try await page(request, signedIn: signedIn, name: name, errors: errors, status: .unprocessableContent)
        }
        let secret = Secrets.generate(prefix: TenantProvisioning.keyPrefix)
        let now = kit.now
        try await kit.store(signedIn).insertAPIKey(APIKey(
            id: .generate(at: now), tenantID: signedIn.user.tenantID, name: name, role: role,
            displayPrefix: String(secret.prefix(TenantProvisioning.keyPrefix.count + 6)),
            secretHash: Secrets.sha256Hex(secret), createdAt: now))
        return try await page(request, signedIn: signedIn, secret: secret, secretName: name, status: .created)
    }

    @Sendable func revoke(_ request: Request, context: WebRequestContext) async throws -> Response {
        let signedIn = try context.require(.administer)
        let store = kit.store(signedIn)
        guard let text = context.parameters.get("id"), let id = APIKey.ID(text),
              let key = try await store.apiKeys().first(where: { $0.id == id })
        else { throw WebError.notFound("This key") }
        guard signedIn.user.role.mayAssign(key.role) else { throw WebError.forbidden(.own) }
        _ = try await store.deleteAPIKey(id)
        return Redirect.to("/keys?notice=key-revoked")
    }

    private func page(
        _ request: Request, signedIn: SignedIn, name: String = "", errors: [String] = [], secret: String? = nil,
        secretName: String? = nil, status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let actor = signedIn.user.role
        let keys = try await kit.store(signedIn).apiKeys().map {
            Key(id: $0.id.rawValue, name: $0.name, role: $0.role.rawValue, prefix: $0.displayPrefix + "…",
                created: TimeText.display($0.createdAt), revocable: actor.mayAssign($0.role))
        }
        let model = Model(
            chrome: try await kit.chrome(signedIn, title: "API keys", nav: .keys, request: request), keys: keys,
            roles: WorkspaceRole.allCases.filter { actor.mayAssign($0) && $0 <= actor }.map {
                RoleOption(value: $0.rawValue, selected: $0 == .viewer)
            },
            name: name, errors: errors, secret: secret, secretName: secretName)
        return try kit.page("keys", model, status: status)
    }
}
