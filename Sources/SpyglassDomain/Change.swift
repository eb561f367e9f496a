import Foundation

/// A detected difference between two consecutive snapshots of a monitor.
public struct Change: Sendable, Equatable, IdentifiedEntity {
    public static let idPrefix = "chg"
    public typealias ID = Identifier<Change>

    public var id: ID
    public var tenantID: Tenant.ID
    public var monitorID: Monitor.ID
    public var competitorID: Competitor.ID
    public var previousSnapshotID: Snapshot.ID
    public var snapshotID: Snapshot.ID
    public var added: [String]
    public var removed: [String]
    /// Unified diff of the normalised text.
    public var diff: String
    public var summary: String
    public var detectedAt: Date
    /// One of product, pricing, people, marketing, customers.
    public var category: String?
    public var confidence: Double?
    /// 0–100: how much the change matters.
    public var significance: Int
    /// Why the category and significance are what they are.
    public var reasons: [String]
    /// Structured deltas ("Pro: $49 → $59 per month"), as JSON.
    public var deltasJSON: String
    /// Differences ignored as noise, with their reasons, as JSON.
    public var suppressedJSON: String

    public init(
        id: ID, tenantID: Tenant.ID, monitorID: Monitor.ID, competitorID: Competitor.ID,
        previousSnapshotID: Snapshot.ID, snapshotID: Snapshot.ID, added: [String], removed: [String], diff: String,
        summary: String, detectedAt: Date, category: String? = nil, confidence: Double? = nil, significance: Int = 0,
        reasons: [String] = [], deltasJSON: String = "[]", suppressedJSON: String = "[]"
    ) {
        self.id = id
        self.tenantID = tenantID
        self.monitorID = monitorID
        self.competitorID = competitorID
        self.previousSnapshotID = previousSnapshotID
        self.snapshotID = snapshotID
        self.added = added
        self.removed = removed
        self.diff = diff
        self.summary = summary
        self.detectedAt = detectedAt
        self.category = category
        self.confidence = confidence
        self.significance = significance
        self.reasons = reasons
        self.deltasJSON = deltasJSON
        self.suppressedJSON = suppressedJSON
    }
}
