import Foundation

/// A unit of background work in the durable job queue.
public struct Job: Sendable, Equatable, IdentifiedEntity {
    public static let idPrefix = "job"
    public typealias ID = Identifier<Job>

    public enum Kind: String, Sendable, Codable, CaseIterable {
        /// Check one monitor; `subjectID` is the monitor id.
        case check
        /// Attempt one delivery; `subjectID` is the delivery id.
        case deliver
    }

    public enum Status: String, Sendable, Codable, CaseIterable {
        case queued
        case leased
        case succeeded
        /// Gave up after `maxAttempts`; kept for operators to see.
        case dead
    }

    public var id: ID
    public var tenantID: Tenant.ID
    public var kind: Kind
    public var subjectID: String
    public var status: Status
    public var attempts: Int
    public var maxAttempts: Int
    public var runAt: Date
    public var leasedUntil: Date?
    public var leaseOwner: String?
    public var lastError: String?
    /// While a job with this key is queued or leased, enqueuing another returns it.
    public var dedupeKey: String?
    public var createdAt: Date
    public var updatedAt: Date
    public var finishedAt: Date?

    public init(
        id: ID, tenantID: Tenant.ID, kind: Kind, subjectID: String, status: Status, attempts: Int, maxAttempts: Int,
        runAt: Date, leasedUntil: Date? = nil, leaseOwner: String? = nil, lastError: String? = nil,
        dedupeKey: String? = nil, createdAt: Date, updatedAt: Date, finishedAt: Date? = nil
    ) {
        self.id = id
        self.tenantID = tenantID
        self.kind = kind
        self.subjectID = subjectID
        self.status = status
        self.attempts = attempts
        self.maxAttempts = maxAttempts
        self.runAt = runAt
        self.leasedUntil = leasedUntil
        self.leaseOwner = leaseOwner
        self.lastError = lastError
        self.dedupeKey = dedupeKey
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.finishedAt = finishedAt
    }
}
