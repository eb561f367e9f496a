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
        /// E-mail digests; `url` is `mailto:` with one or more addresses.
        case email
    }

    public enum DigestPeriod: String, Sendable, Codable, CaseIterable {
        case daily
        case weekly

        public var seconds: Double { self == .daily ? 86_400 : 7 * 86_400 }
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
    /// For e-mail channels: how often a digest is sent, and when the last was.
    public var digest: DigestPeriod?
    public var lastDigestAt: Date?
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: ID, tenantID: Tenant.ID, kind: Kind, name: String, url: String, secret: String, enabled: Bool,
        routing: RoutingRule = .everything, digest: DigestPeriod? = nil, lastDigestAt: Date? = nil, createdAt: Date,
        updatedAt: Date
    ) {
        self.id = id
        self.tenantID = tenantID
        self.kind = kind
        self.name = name
        self.url = url
        self.secret = secret
        self.enabled = enabled
        self.routing = routing
        self.digest = digest
        self.lastDigestAt = lastDigestAt
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

extension AlertChannel {
    /// The addresses of a `mailto:` URL.
    public var emailAddresses: [String] { Self.emailAddresses(in: url) }

    /// The addresses of a `mailto:` URL, comma-separated; none for any other URL.
    public static func emailAddresses(in url: String) -> [String] {
        guard url.lowercased().hasPrefix("mailto:") else { return [] }
        return url.dropFirst("mailto:".count).split(separator: ",")
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// When the next digest is due.
    public var nextDigestAt: Date? {
        guard kind == .email, let digest else { return nil }
        return (lastDigestAt ?? createdAt).addingTimeInterval(digest.seconds)
    }
}
