import Foundation

/// One watched source: a URL of a competitor, checked on a schedule.
public struct Monitor: Sendable, Equatable, IdentifiedEntity {
    public static let idPrefix = "mon"
    public typealias ID = Identifier<Monitor>

    public enum Kind: String, Sendable, Codable, CaseIterable {
        case html
        case feed
        case json
        case sitemap
    }

    public var id: ID
    public var tenantID: Tenant.ID
    public var competitorID: Competitor.ID
    public var url: String
    public var kind: Kind
    /// CSS or XPath (XPath when it starts with `/` or `(`), applied to html pages.
    public var selector: String?
    public var intervalSeconds: Int
    public var enabled: Bool
    public var nextCheckAt: Date
    public var lastCheckedAt: Date?
    /// Validators of the last fetch, for a conditional GET.
    public var etag: String?
    public var lastModified: String?
    public var lastSnapshotID: Snapshot.ID?
    /// Per-monitor noise rules, as their JSON document (ignore texts and
    /// patterns, triggers, switches); nil for the defaults.
    public var noiseRulesJSON: String?
    /// Parts of the page to leave out before comparing (CSS or XPath).
    public var excludeSelectors: [String]
    /// A category the user pinned; nil lets the classifier decide.
    public var pinnedCategory: String?
    /// Changes scored below this (0–100) are stored but not delivered.
    public var significanceThreshold: Int
    /// The recent versions' fingerprints (JSON), for rotating content and reverts.
    public var versionHistoryJSON: String?
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: ID, tenantID: Tenant.ID, competitorID: Competitor.ID, url: String, kind: Kind, selector: String?,
        intervalSeconds: Int, enabled: Bool, nextCheckAt: Date, lastCheckedAt: Date? = nil, etag: String? = nil,
        lastModified: String? = nil, lastSnapshotID: Snapshot.ID? = nil, noiseRulesJSON: String? = nil, excludeSelectors: [String] = [],
        pinnedCategory: String? = nil, significanceThreshold: Int = 0, versionHistoryJSON: String? = nil,
        createdAt: Date, updatedAt: Date
    ) {
        self.id = id
        self.tenantID = tenantID
        self.competitorID = competitorID
        self.url = url
        self.kind = kind
        self.selector = selector
        self.intervalSeconds = intervalSeconds
        self.enabled = enabled
        self.nextCheckAt = nextCheckAt
        self.lastCheckedAt = lastCheckedAt
        self.etag = etag
        self.lastModified = lastModified
        self.lastSnapshotID = lastSnapshotID
        self.noiseRulesJSON = noiseRulesJSON
        self.excludeSelectors = excludeSelectors
        self.pinnedCategory = pinnedCategory
        self.significanceThreshold = significanceThreshold
        self.versionHistoryJSON = versionHistoryJSON
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

/// Bounds on how often a monitor may be checked.
public struct CheckIntervalPolicy: Sendable, Equatable {
    /// The floor: no monitor is checked more often than this.
    public var minimumSeconds: Int
    public var maximumSeconds: Int
    public var defaultSeconds: Int

    public init(minimumSeconds: Int = 60, maximumSeconds: Int = 7 * 86_400, defaultSeconds: Int = 3_600) {
        self.minimumSeconds = minimumSeconds
        self.maximumSeconds = maximumSeconds
        self.defaultSeconds = defaultSeconds
    }
}
