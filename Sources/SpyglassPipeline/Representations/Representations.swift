import Foundation
import SpyglassDomain

/// The JSON shapes of the API and of webhook payloads: snake_case (by the
/// encoder), every object with an `id`. One place, so the API and the webhooks
/// never disagree about what a change looks like.
public enum Wire {
    public static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(Timestamp.format(date))
        }
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    public struct CompetitorBody: Encodable, Sendable {
        public var id: String
        public var name: String
        @Nullable public var website: String?
        public var tags: [String]
        public var createdAt: Date
        public var updatedAt: Date

        public init(_ c: Competitor) {
            id = c.id.rawValue
            name = c.name
            website = c.website
            tags = c.tags
            createdAt = c.createdAt
            updatedAt = c.updatedAt
        }


    }

    public struct MonitorBody: Encodable, Sendable {
        public var id: String
        public var competitorId: String
        public var url: String
        public var kind: String
        @Nullable public var selector: String?
        public var intervalSeconds: Int
        public var enabled: Bool
        public var nextCheckAt: Date
        @Nullable public var lastCheckedAt: Date?
        @Nullable public var lastSnapshotId: String?
        /// Noise rules of this monitor (ignore_text, ignore_patterns, triggers, …).
        public var noiseRules: JSONDocument
        public var excludeSelectors: [String]
        /// A pinned category, or null to let the classifier decide.
        @Nullable public var category: String?
        public var significanceThreshold: Int
        public var createdAt: Date
        public var updatedAt: Date

        public init(_ m: Monitor) {
            id = m.id.rawValue
            competitorId = m.competitorID.rawValue
            url = m.url
            kind = m.kind.rawValue
            selector = m.selector
            intervalSeconds = m.intervalSeconds
            enabled = m.enabled
            nextCheckAt = m.nextCheckAt
            lastCheckedAt = m.lastCheckedAt
            lastSnapshotId = m.lastSnapshotID?.rawValue
            noiseRules = JSONDocument(text: m.noiseRulesJSON, fallback: .object([:]))
            excludeSelectors = m.excludeSelectors
            category = m.pinnedCategory
            significanceThreshold = m.significanceThreshold
            createdAt = m.createdAt
            updatedAt = m.updatedAt
        }


    }

    public struct SnapshotBody: Encodable, Sendable {
        public var id: String
        public var monitorId: String
        public var contentHash: String
        public var byteCount: Int
        public var capturedAt: Date

        public init(_ s: Snapshot) {
            id = s.id.rawValue
            monitorId = s.monitorID.rawValue
            contentHash = s.contentHash
            byteCount = s.byteCount
            capturedAt = s.capturedAt
        }
    }

    public struct ChangeBody: Encodable, Sendable {
        public var id: String
        public var monitorId: String
        public var competitorId: String
        public var previousSnapshotId: String
        public var snapshotId: String
        public var added: [String]
        public var removed: [String]
        public var diff: String
        public var summary: String
        public var detectedAt: Date
        @Nullable public var category: String?
        @Nullable public var confidence: Double?
        public var significance: Int
        public var reasons: [String]
        /// Structured deltas: `{kind, summary, plan, before, after, percent, …}`.
        public var deltas: JSONDocument
        /// Differences ignored as noise: `{removed, added, rule, reason}`.
        public var suppressed: JSONDocument

        public init(_ c: Change) {
            id = c.id.rawValue
            monitorId = c.monitorID.rawValue
            competitorId = c.competitorID.rawValue
            previousSnapshotId = c.previousSnapshotID.rawValue
            snapshotId = c.snapshotID.rawValue
            added = c.added
            removed = c.removed
            diff = c.diff
            summary = c.summary
            detectedAt = c.detectedAt
            category = c.category
            confidence = c.confidence
            significance = c.significance
            reasons = c.reasons
            deltas = JSONDocument(text: c.deltasJSON, fallback: .array([]))
            suppressed = JSONDocument(text: c.suppressedJSON, fallback: .array([]))
        }
    }

    public struct CheckBody: Encodable, Sendable {
        public var id: String
        public var monitorId: String
        @Nullable public var jobId: String?
        public var outcome: String
        @Nullable public var errorCode: String?
        @Nullable public var reason: String?
        @Nullable public var snapshotId: String?
        @Nullable public var changeId: String?
        /// What this check ignored as noise, with reasons.
        public var suppressed: JSONDocument
        public var startedAt: Date
        public var finishedAt: Date

        public init(_ r: CheckRun) {
            id = r.id.rawValue
            monitorId = r.monitorID.rawValue
            jobId = r.jobID?.rawValue
            outcome = r.outcome.rawValue
            errorCode = r.errorCode
            reason = r.reason
            snapshotId = r.snapshotID?.rawValue
            changeId = r.changeID?.rawValue
            suppressed = JSONDocument(text: r.suppressedJSON, fallback: .array([]))
            startedAt = r.startedAt
            finishedAt = r.finishedAt
        }


    }

    public struct ChannelBody: Encodable, Sendable {
        public var id: String
        public var kind: String
        public var name: String
        public var url: String
        public var enabled: Bool
        public var routing: RoutingRule
        /// E-mail channels: daily or weekly.
        @Nullable public var digest: String?
        @Nullable public var lastDigestAt: Date?
        /// Present only in the answer to the request that created the channel.
        public var secret: String?
        public var createdAt: Date
        public var updatedAt: Date

        public init(_ c: AlertChannel, revealSecret: Bool = false) {
            id = c.id.rawValue
            kind = c.kind.rawValue
            name = c.name
            url = c.url
            enabled = c.enabled
            routing = c.routing
            digest = c.digest?.rawValue
            lastDigestAt = c.lastDigestAt
            secret = revealSecret ? c.secret : nil
            createdAt = c.createdAt
            updatedAt = c.updatedAt
        }
    }

    public struct DeliveryBody: Encodable, Sendable {
        public var id: String
        public var channelId: String
        @Nullable public var changeId: String?
        public var eventId: String
        public var eventType: String
        public var status: String
        public var attempts: Int
        @Nullable public var lastError: String?
        @Nullable public var lastStatusCode: Int?
        @Nullable public var nextAttemptAt: Date?
        public var createdAt: Date
        public var updatedAt: Date
        public var attemptLog: [AttemptBody]?

        public init(_ d: Delivery, attempts log: [DeliveryAttempt]? = nil) {
            id = d.id.rawValue
            channelId = d.channelID.rawValue
            changeId = d.changeID?.rawValue
            eventId = d.eventID
            eventType = d.eventType.rawValue
            status = d.status.rawValue
            attempts = d.attempts
            lastError = d.lastError
            lastStatusCode = d.lastStatusCode
            nextAttemptAt = d.nextAttemptAt
            createdAt = d.createdAt
            updatedAt = d.updatedAt
            attemptLog = log.map { $0.map(AttemptBody.init) }
        }


    }

    public struct AttemptBody: Encodable, Sendable {
        public var number: Int
        public var attemptedAt: Date
        @Nullable public var statusCode: Int?
        @Nullable public var error: String?
        public var durationMs: Int

        public init(_ a: DeliveryAttempt) {
            number = a.number
            attemptedAt = a.attemptedAt
            statusCode = a.statusCode
            error = a.error
            durationMs = a.durationMilliseconds
        }


    }

    public struct JobBody: Encodable, Sendable {
        public var id: String
        public var kind: String
        public var subjectId: String
        public var status: String
        public var attempts: Int
        public var maxAttempts: Int
        public var runAt: Date
        @Nullable public var leasedUntil: Date?
        @Nullable public var lastError: String?
        public var createdAt: Date
        public var updatedAt: Date
        @Nullable public var finishedAt: Date?

        public init(_ j: Job) {
            id = j.id.rawValue
            kind = j.kind.rawValue
            subjectId = j.subjectID
            status = j.status.rawValue
            attempts = j.attempts
            maxAttempts = j.maxAttempts
            runAt = j.runAt
            leasedUntil = j.leasedUntil
            lastError = j.lastError
            createdAt = j.createdAt
            updatedAt = j.updatedAt
            finishedAt = j.finishedAt
        }


    }
}

/// Encodes nil as an explicit `null`: clients see every field of a shape,
/// present or not (synthesized Encodable would leave the key out).
@propertyWrapper
public struct Nullable<Value: Encodable & Sendable>: Encodable, Sendable {
    public var wrappedValue: Value?

    public init(wrappedValue: Value?) {
        self.wrappedValue = wrappedValue
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        if let wrappedValue {
            try container.encode(wrappedValue)
        } else {
            try container.encodeNil()
        }
    }
}

/// RFC 3339 timestamps in UTC with milliseconds.
public enum Timestamp {
    public static func format(_ date: Date) -> String {
        date.formatted(.iso8601.year().month().day().dateSeparator(.dash).time(includingFractionalSeconds: true)
            .timeSeparator(.colon).timeZone(separator: .omitted))
    }

    public static func parse(_ text: String) -> Date? {
        if let date = try? Date(text, strategy: .iso8601.year().month().day().dateSeparator(.dash)
            .time(includingFractionalSeconds: true).timeSeparator(.colon).timeZone(separator: .omitted)) {
            return date
        }
        return try? Date(text, strategy: .iso8601)
    }
}
