import Foundation
import Logging
import ServiceLifecycle
import SpyglassDomain
import SpyglassPorts

/// The weekly activity projection: consumes `change.detected` as the consumer
/// `activity` and counts each change into its competitor's week. Idempotent: the
/// storage records the event id in the same transaction as the counters, so an
/// event the bus delivers twice (at least once, after all) counts once.
///
/// A payload it cannot read fails the handler: the bus retries it, then parks it.
public struct ActivityProjection: Service {
    public static let consumer = "activity"
    public static let pattern = "change.detected"

    let bus: any EventBus
    let storage: any Storage
    let policy: ConsumerPolicy
    /// The pause before consuming again when the bus itself failed (a lost connection).
    let restartDelay: Duration
    let logger: Logger

    public init(
        bus: any EventBus, storage: any Storage,
        policy: ConsumerPolicy = ConsumerPolicy(retryDelays: [.seconds(1), .seconds(10), .seconds(60)]),
        restartDelay: Duration = .seconds(5), logger: Logger
    ) {
        self.bus = bus
        self.storage = storage
        self.policy = policy
        self.restartDelay = restartDelay
        self.logger = logger
    }

    /// Consumes until cancelled or shut down gracefully.
    public func run() async throws {
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    try await bus.consume(as: Self.consumer, pattern: Self.pattern, policy: policy) { event in
                        _ = try await handle(event)
                    }
                } catch where !Task.isCancelled {
                    logger.warning(
                        "the activity projection lost its event bus; consuming again", metadata: ["error": "\(error)"])
                }
                try await Task.sleep(for: restartDelay)
            }
        }
    }

    /// Counts one delivered event; false when it was counted before.
    @discardableResult
    public func handle(_ event: DomainEvent) async throws -> Bool {
        guard let tenant = Tenant.ID(event.tenantID) else {
            throw ActivityProjectionError(.invalidEvent, "event \(event.id) names no valid tenant")
        }
        let activity = try Self.activity(from: event.payload)
        return try await storage.scoped(to: tenant)
            .recordChangeActivity(activity, eventID: event.id, consumer: Self.consumer)
    }

    /// What the projection counts, from a `change.detected` payload (the webhook envelope of a change).
    public static func activity(from payload: [UInt8]) throws(ActivityProjectionError) -> ChangeActivity {
        struct Envelope: Decodable {
            var data: Body
        }
        struct Body: Decodable {
            var competitorId: String
            var detectedAt: String
            var category: String?
            var significance: Int
        }
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        let body: Body
        do {
            body = try decoder.decode(Envelope.self, from: Data(payload)).data
        } catch {
            throw ActivityProjectionError(.invalidEvent, "the change.detected payload is not a change envelope")
        }
        guard let competitor = Competitor.ID(body.competitorId) else {
            throw ActivityProjectionError(.invalidEvent, "the change names no valid competitor id")
        }
        guard let detectedAt = Timestamp.parse(body.detectedAt) else {
            throw ActivityProjectionError(.invalidEvent, "the change's detected_at is not a timestamp")
        }
        return ChangeActivity(
            competitorID: competitor, detectedAt: detectedAt, category: body.category, significance: body.significance)
    }
}

/// Why an event could not be projected.
public struct ActivityProjectionError: Error, Sendable, Equatable, CustomStringConvertible {
    public struct Code: Hashable, Sendable {
        private let name: String
        private init(_ name: String) { self.name = name }
        public static let invalidEvent = Code("invalid_event")
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
