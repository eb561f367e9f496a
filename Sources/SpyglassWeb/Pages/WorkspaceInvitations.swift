import Foundation
import SpyglassDomain
import SpyglassPorts

/// Invitations to a workspace: the team page makes them for the signed-in admin,
/// `spyglass tenant invite` for an operator (a workspace made on the command line
/// has no one to sign in yet). Only the token's hash is stored; the link with the
/// token is shown once.
public enum WorkspaceInvitations {
    /// Why no invitation was made: a clause for the command line, a sentence for a form.
    public struct Refusal: Error, Sendable, CustomStringConvertible {
        public let description: String

        var sentence: String { description.prefix(1).uppercased() + description.dropFirst() + "." }
    }

    /// A new invitation and its path (`/invite/<token>`).
    public static func create(
        in storage: any Storage, tenant: Tenant.ID, email text: String, role: WorkspaceRole, now: Date,
        lifetime: Duration = WebSettings.defaultInviteLifetime
    ) async throws -> (invite: Invite, path: String) {
        guard let email = FormRules.email(text) else { throw Refusal(description: "\(text) is not a valid e-mail address") }
        if try await storage.user(email: email) != nil { throw Refusal(description: "\(email) has an account already") }
        let token = RandomToken.make()
        let invite = Invite(
            id: .generate(at: now), tenantID: tenant, email: email, role: role, tokenHash: RandomToken.hash(token),
            createdAt: now, expiresAt: now.addingTimeInterval(lifetime.seconds))
        try await storage.scoped(to: tenant).insertInvite(invite)
        return (invite, "/invite/\(token)")
    }
}
