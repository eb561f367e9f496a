import Foundation

/// Where changes are delivered.
public struct AlertChannel: Sendable, Equatable, IdentifiedEntity {
    public static let idPrefix = "chn"
    public typealias ID = Identifier<AlertChannel>

    public enum Kind: String, Sendable, Codable, CaseIterable {
        /// A JSON POST signed with `Spyglass-Signature`.
        case webhook
        /// A Slack incoming webhook, sent as a message with blocks.
        case slack
    }

    public var id: ID
    public var tenantID: Tenant.ID
    public var kind: Kind
    public var name: String
    public var url: String
    /// HMAC key for webhook signatures; shown once, when the channel is created.
    public var secret: String
    public var enabled: Bool
    /// Which changes this channel receives; everything by default.
    public var routing: RoutingRule
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: ID, tenantID: Tenant.ID, kind: Kind, name: String, url: String, secret: String, enabled: Bool,
        routing: RoutingRule = .everything, createdAt: Date, updatedAt: Date
    ) {
        self.id = id
        self.tenantID = tenantID
        self.kind = kind
        self.name = name
        self.url = url
        self.secret = secret
        self.enabled = enabled
        self.routing = routing
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}
