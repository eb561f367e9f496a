import Foundation

/// A workspace: the unit of isolation. Everything else belongs to exactly one.
public struct Tenant: Sendable, Equatable, IdentifiedEntity {
    public static let idPrefix = "ten"
    public typealias ID = Identifier<Tenant>

    public var id: ID
    public var name: String
    public var createdAt: Date

    public init(id: ID, name: String, createdAt: Date) {
        self.id = id
        self.name = name
        self.createdAt = createdAt
    }
}

/// An API key as stored: only its SHA-256 hash and a short prefix to recognise it.
public struct APIKey: Sendable, Equatable, IdentifiedEntity {
    public static let idPrefix = "key"
    public typealias ID = Identifier<APIKey>

    /// Keys carry the same roles as people: a viewer key may only read.
    public typealias Role = WorkspaceRole

    public var id: ID
    public var tenantID: Tenant.ID
    public var name: String
    public var role: Role
    /// The first characters of the secret, safe to show ("sg_5f2a…").
    public var displayPrefix: String
    /// Hex SHA-256 of the whole secret.
    public var secretHash: String
    public var createdAt: Date

    public init(
        id: ID, tenantID: Tenant.ID, name: String, role: Role, displayPrefix: String, secretHash: String,
        createdAt: Date
    ) {
        self.id = id
        self.tenantID = tenantID
        self.name = name
        self.role = role
        self.displayPrefix = displayPrefix
        self.secretHash = secretHash
        self.createdAt = createdAt
    }
}
