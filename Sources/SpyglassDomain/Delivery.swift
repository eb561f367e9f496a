import Foundation

/// One event on its way to one channel, with every attempt recorded.
public struct Delivery: Sendable, Equatable, IdentifiedEntity {
    public static let idPrefix = "dlv"
    public typealias ID = Identifier<Delivery>

    public enum Status: String, Sendable, Codable, CaseIterable {
        case pending
        case succeeded
        /// The last attempt failed; another is scheduled at `nextAttemptAt`.
        case retrying
        /// Given up: the retry window is over or the failure is permanent.
        case failed
    }

    public enum EventType: String, Sendable, Codable, CaseIterable {
        case changeDetected = "change.detected"
        case channelTest = "channel.test"
        case digest = "digest"
    }

    public var id: ID
    public var tenantID: Tenant.ID
    public var channelID: AlertChannel.ID
    public var changeID: Change.ID?
    /// Unique per event and stable across retries (`Spyglass-Event-Id`), so receivers can de-duplicate.
    public var eventID: String
    public var eventType: EventType
    public var status: Status
    public var attempts: Int
    public var lastError: String?
    public var lastStatusCode: Int?
    public var nextAttemptAt: Date?
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: ID, tenantID: Tenant.ID, channelID: AlertChannel.ID, changeID: Change.ID?, eventID: String,
        eventType: EventType, status: Status, attempts: Int, lastError: String? = nil, lastStatusCode: Int? = nil,
        nextAttemptAt: Date?, createdAt: Date, updatedAt: Date
    ) {
        self.id = id
        self.tenantID = tenantID
        self.channelID = channelID
        self.changeID = changeID
        self.eventID = eventID
        self.eventType = eventType
        self.status = status
        self.attempts = attempts
        self.lastError = lastError
        self.lastStatusCode = lastStatusCode
        self.nextAttemptAt = nextAttemptAt
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

public struct DeliveryAttempt: Sendable, Equatable {
    public var deliveryID: Delivery.ID
    public var number: Int
    public var attemptedAt: Date
    public var statusCode: Int?
    public var error: String?
    public var durationMilliseconds: Int

    public init(
        deliveryID: Delivery.ID, number: Int, attemptedAt: Date, statusCode: Int?, error: String?,
        durationMilliseconds: Int
    ) {
        self.deliveryID = deliveryID
        self.number = number
        self.attemptedAt = attemptedAt
        self.statusCode = statusCode
        self.error = error
        self.durationMilliseconds = durationMilliseconds
    }
}
