import Foundation

/// One captured version of a monitor's normalised text. The text itself lives
/// once per content hash (content-addressed), whatever the number of snapshots.
public struct Snapshot: Sendable, Equatable, IdentifiedEntity {
    public static let idPrefix = "snp"
    public typealias ID = Identifier<Snapshot>

    public var id: ID
    public var tenantID: Tenant.ID
    public var monitorID: Monitor.ID
    /// Hex SHA-256 of the normalised text.
    public var contentHash: String
    public var byteCount: Int
    public var capturedAt: Date
    /// Facts extracted from this version (prices, plans, jobs…), as JSON.
    public var factsJSON: String

    public init(
        id: ID, tenantID: Tenant.ID, monitorID: Monitor.ID, contentHash: String, byteCount: Int, capturedAt: Date,
        factsJSON: String = "{}"
    ) {
        self.id = id
        self.tenantID = tenantID
        self.monitorID = monitorID
        self.contentHash = contentHash
        self.byteCount = byteCount
        self.capturedAt = capturedAt
        self.factsJSON = factsJSON
    }
}
