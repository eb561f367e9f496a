import Foundation

/// The record of one check of a monitor: what happened and, when nothing was
/// stored, why (a refused address, a robots.txt rule, a timeout…).
public struct CheckRun: Sendable, Equatable, IdentifiedEntity {
    public static let idPrefix = "chk"
    public typealias ID = Identifier<CheckRun>

    public enum Outcome: String, Sendable, Codable, CaseIterable {
        /// First snapshot of the monitor: nothing to compare with yet.
        case baseline
        case changed
        case unchanged
        /// The server answered 304 to the conditional GET.
        case notModified = "not_modified"
        /// Only noise differed (dates, counters, tokens, rotating content…).
        case noiseOnly = "noise_only"
        /// The page went back to a version seen recently.
        case reverted
        case failed
    }

    public var id: ID
    public var tenantID: Tenant.ID
    public var monitorID: Monitor.ID
    public var jobID: Job.ID?
    public var outcome: Outcome
    /// Machine-readable failure code (`address_refused`, `robots_disallowed`, …).
    public var errorCode: String?
    /// One line for a person.
    public var reason: String?
    public var snapshotID: Snapshot.ID?
    public var changeID: Change.ID?
    /// What was ignored as noise, with reasons (JSON), so users can check it.
    public var suppressedJSON: String
    public var startedAt: Date
    public var finishedAt: Date

    public init(
        id: ID, tenantID: Tenant.ID, monitorID: Monitor.ID, jobID: Job.ID?, outcome: Outcome, errorCode: String? = nil,
        reason: String? = nil, snapshotID: Snapshot.ID? = nil, changeID: Change.ID? = nil,
        suppressedJSON: String = "[]", startedAt: Date, finishedAt: Date
    ) {
        self.id = id
        self.tenantID = tenantID
        self.monitorID = monitorID
        self.jobID = jobID
        self.outcome = outcome
        self.errorCode = errorCode
        self.reason = reason
        self.snapshotID = snapshotID
        self.changeID = changeID
        self.suppressedJSON = suppressedJSON
        self.startedAt = startedAt
        self.finishedAt = finishedAt
    }
}
