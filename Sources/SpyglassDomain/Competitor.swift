import Foundation

public struct Competitor: Sendable, Equatable, IdentifiedEntity {
    public static let idPrefix = "cmp"
    public typealias ID = Identifier<Competitor>

    public var id: ID
    public var tenantID: Tenant.ID
    public var name: String
    public var website: String?
    public var tags: [String]
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: ID, tenantID: Tenant.ID, name: String, website: String?, tags: [String], createdAt: Date,
        updatedAt: Date
    ) {
        self.id = id
        self.tenantID = tenantID
        self.name = name
        self.website = website
        self.tags = tags
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}
