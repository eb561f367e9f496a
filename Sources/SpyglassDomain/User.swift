import Foundation

/// A person who signs in to the dashboard. An e-mail address belongs to one
/// person on the whole instance, so signing in needs no workspace name.
public struct User: Sendable, Equatable, IdentifiedEntity {
    public static let idPrefix = "usr"
    public typealias ID = Identifier<User>

    public var id: ID
    public var tenantID: Tenant.ID
    /// Lower-cased and trimmed (see `User.normalizedEmail`).
    public var email: String
    /// A self-describing hash (`pbkdf2-sha256$600000$<salt>$<hash>`), never the password.
    public var passwordHash: String
    public var role: WorkspaceRole
    public var createdAt: Date

    public init(
        id: ID, tenantID: Tenant.ID, email: String, passwordHash: String, role: WorkspaceRole, createdAt: Date
    ) {
        self.id = id
        self.tenantID = tenantID
        self.email = email
        self.passwordHash = passwordHash
        self.role = role
        self.createdAt = createdAt
    }

    /// The form addresses are stored and compared in.
    public static func normalizedEmail(_ text: String) -> String {
        text.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
    }
}

/// A signed-in browser. The cookie holds a random secret; only its SHA-256 is
/// stored (as `id`), so a copy of the database signs nobody in.
public struct WebSession: Sendable, Equatable {
    /// Hex SHA-256 of the cookie's secret.
    public var id: String
    public var userID: User.ID
    public var tenantID: Tenant.ID
    /// Every form of this session carries it; a POST without it is refused.
    public var csrfToken: String
    public var createdAt: Date
    public var expiresAt: Date
    /// Set at sign-out: the cookie signs nobody in any more.
    public var revokedAt: Date?

    public init(
        id: String, userID: User.ID, tenantID: Tenant.ID, csrfToken: String, createdAt: Date, expiresAt: Date,
        revokedAt: Date? = nil
    ) {
        self.id = id
        self.userID = userID
        self.tenantID = tenantID
        self.csrfToken = csrfToken
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.revokedAt = revokedAt
    }

    public func isActive(at now: Date) -> Bool { revokedAt == nil && now < expiresAt }
}

/// An invitation to join a workspace with a role. The link holds a random
/// token; only its SHA-256 is stored.
public struct Invite: Sendable, Equatable, IdentifiedEntity {
    public static let idPrefix = "inv"
    public typealias ID = Identifier<Invite>

    public var id: ID
    public var tenantID: Tenant.ID
    public var email: String
    public var role: WorkspaceRole
    /// Hex SHA-256 of the token in the link.
    public var tokenHash: String
    public var createdAt: Date
    public var expiresAt: Date
    public var acceptedAt: Date?

    public init(
        id: ID, tenantID: Tenant.ID, email: String, role: WorkspaceRole, tokenHash: String, createdAt: Date,
        expiresAt: Date, acceptedAt: Date? = nil
    ) {
        self.id = id
        self.tenantID = tenantID
        self.email = email
        self.role = role
        self.tokenHash = tokenHash
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.acceptedAt = acceptedAt
    }

    public func isOpen(at now: Date) -> Bool { acceptedAt == nil && now < expiresAt }
}
