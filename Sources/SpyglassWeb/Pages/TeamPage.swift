import Foundation
import Hummingbird
import SpyglassDomain
import SpyglassPorts

/// `/team`: the workspace's people and open invitations. Admins and owners
/// invite (the link is shown once), change roles and remove people; only an
/// owner makes or unmakes owners, and the last owner stays.
struct TeamPage {
    let kit: PageKit

    struct Member: Sendable {
        var id: String
        var email: String
        var role: String
        var joined: String
        var isYou: Bool
        var manageable: Bool
        var roles: [RoleOption]
    }

    struct RoleOption: Sendable {
        var value: String
        var selected: Bool
    }

    struct Pending: Sendable {
        var id: String
        var email: String
        var role: String
        var expires: String
        var expired: Bool
    }

    struct Model: Sendable {
        var chrome: Chrome
        var members: [Member]
        var invites: [Pending]
        var noInvites: Bool
        var inviteRoles: [RoleOption]
        var inviteLink: String?
        var invitedEmail: String?
        var email: String
        var errors: [String]
    }

    func register(_ router: Router<WebRequestContext>) {
        router.get("/team", use: show)
        router.post("/team/invites", use: invite)
        router.post("/team/invites/:id/revoke", use: revokeInvite)
        router.post("/team/users/:id/role", use: changeRole)
        router.post("/team/users/:id/remove", use: remove)
    }

    @Sendable func show(_ request: Request, context: WebRequestContext) async throws -> Response {
        let signedIn = try context.require(.read)
        return try await page(request, signedIn: signedIn)
    }

    @Sendable func invite(_ request: Request, context: WebRequestContext) async throws -> Response {
        let signedIn = try context.require(.administer)
        let form = context.fields
        let email = FormRules.email(form["email"])
        let role = form["role"].flatMap(WorkspaceRole.init(rawValue:))
        var errors: [String] = []
        if email == nil { errors.append("Enter a valid e-mail address.") }
        if let role, !signedIn.user.role.mayAssign(role) {
            errors.append("Only an owner can invite an owner.")
        } else if role == nil {
            errors.append("Choose a role.")
        }
        guard errors.isEmpty, let email, let role else {
            return try await page(request, signedIn: signedIn, email: form["email"] ?? "", errors: errors,
                                  status: .unprocessableContent)
        }
        let created: (invite: Invite, path: String)
        do {
            created = try await WorkspaceInvitations.create(
                in: kit.storage, tenant: signedIn.user.tenantID, email: email, role: role, now: kit.now,
                lifetime: kit.dependencies.settings.inviteLifetime)
        } catch let refusal as WorkspaceInvitations.Refusal {
            return try await page(request, signedIn: signedIn, email: form["email"] ?? "",
                                  errors: [refusal.sentence],
                                  status: .unprocessableContent)
        }
        return try await page(request, signedIn: signedIn, inviteLink: Self.link(to: created.path, request: request,
                                                                                   secure: kit.sessions.secure(request)),
                              invitedEmail: email, status: .created)
    }

    @Sendable func revokeInvite(_ request: Request, context: WebRequestContext) async throws -> Response {
        let signedIn = try context.require(.administer)
        guard let text = context.parameters.get("id"), let id = Invite.ID(text),
              try await kit.store(signedIn).deleteInvite(id)
        else { throw WebError.notFound("This invitation") }
        return Redirect.to("/team?notice=invite-revoked")
    }

    @Sendable func changeRole(_ request: Request, context: WebRequestContext) async throws -> Response {
        let signedIn = try context.require(.administer)
        let store = kit.store(signedIn)
        let target = try await member(context, store: store)
        guard let role = context.fields["role"].flatMap(WorkspaceRole.init(rawValue:)) else {
            throw WebError.badRequest("Choose a role.")
        }
        try await checkManageable(target, by: signedIn, store: store, losingOwner: target.role == .owner && role != .owner)
        guard signedIn.user.role.mayAssign(role) else { throw WebError.forbidden(.own) }
        _ = try await store.updateUserRole(target.id, role: role)
        return Redirect.to("/team?notice=role-changed")
    }

    @Sendable func remove(_ request: Request, context: WebRequestContext) async throws -> Response {
        let signedIn = try context.require(.administer)
        let store = kit.store(signedIn)
        let target = try await member(context, store: store)
        try await checkManageable(target, by: signedIn, store: store, losingOwner: target.role == .owner)
        _ = try await store.deleteUser(target.id)
        if target.id == signedIn.user.id { return Redirect.to("/signin") }
        return Redirect.to("/team?notice=user-removed")
    }

    private func member(_ context: WebRequestContext, store: any TenantStorage) async throws -> User {
        guard let text = context.parameters.get("id"), let id = User.ID(text), let user = try await store.user(id) else {
            throw WebError.notFound("This person")
        }
        return user
    }

    /// Admins manage members and viewers and other admins; owners are an owner's to manage,
    /// and the workspace keeps at least one.
    private func checkManageable(_ target: User, by actor: SignedIn, store: any TenantStorage, losingOwner: Bool) async throws {
        guard actor.user.role.mayAssign(target.role) else { throw WebError.forbidden(.own) }
        if losingOwner, try await store.users().filter({ $0.role == .owner }).count <= 1 {
            throw WebError(code: .badRequest, status: .conflict, title: "The last owner stays",
                           message: "A workspace needs an owner: make someone else an owner first.")
        }
    }

    /// An absolute link when the Host header looks like a host name (it is only shown to the
    /// person who made the invitation), else the path alone.
    static func link(to path: String, request: Request, secure: Bool) -> String {
        guard let host = request.head.authority, !host.isEmpty, host.count <= 255,
              host.unicodeScalars.allSatisfy({ $0.isASCII && (CharacterSet.alphanumerics.contains($0) || ".-:[]".unicodeScalars.contains($0)) })
        else { return path }
        return "\(secure ? "https" : "http")://\(host)\(path)"
    }

    private func page(
        _ request: Request, signedIn: SignedIn, inviteLink: String? = nil, invitedEmail: String? = nil,
        email: String = "", errors: [String] = [], status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let store = kit.store(signedIn)
        let actor = signedIn.user.role
        let now = kit.now
        let members = try await store.users().map { user in
            Member(
                id: user.id.rawValue, email: user.email, role: user.role.rawValue, joined: TimeText.display(user.createdAt),
                isYou: user.id == signedIn.user.id, manageable: actor.allows(.administer) && actor.mayAssign(user.role),
                roles: WorkspaceRole.allCases.filter(actor.mayAssign).map { RoleOption(value: $0.rawValue, selected: $0 == user.role) })
        }
        let invites = actor.allows(.administer) ? try await store.openInvites() : []
        let model = Model(
            chrome: try await kit.chrome(signedIn, title: "Team", nav: .team, request: request),
            members: members,
            invites: invites.map {
                Pending(id: $0.id.rawValue, email: $0.email, role: $0.role.rawValue, expires: TimeText.display($0.expiresAt),
                        expired: !$0.isOpen(at: now))
            },
            noInvites: invites.isEmpty,
            inviteRoles: WorkspaceRole.allCases.filter(actor.mayAssign).map { RoleOption(value: $0.rawValue, selected: $0 == .member) },
            inviteLink: inviteLink, invitedEmail: invitedEmail, email: email, errors: errors)
        return try kit.page("team", model, status: status)
    }
}
