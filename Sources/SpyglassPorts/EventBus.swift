import Foundation
import SpyglassDomain

/// A domain event: something that happened, named by a dotted type
/// (`change.detected`), with a unique id so consumers can be idempotent.
/// This is the envelope every adapter carries intact: over RabbitMQ the ids,
/// version and trace context travel as message properties and headers.
public struct DomainEvent: Sendable, Equatable, Codable {
    public var id: String
    public var type: String
    /// The schema version of `payload` for this `type`; consumers park versions they do not know.
    public var version: Int
    public var tenantID: String
    /// The aggregate the event is about (a monitor id, a delivery id…); events of
    /// one subject reach a consumer in the order they were written.
    public var subjectID: String
    public var occurredAt: Date
    /// The id shared by every event one request or check caused (for tracing a flow).
    public var correlationID: String?
    /// The id of the event (or request) that directly caused this one.
    public var causationID: String?
    /// W3C trace context (`traceparent`, `tracestate`), when the cause was traced.
    public var traceParent: String?
    public var traceState: String?
    /// JSON payload.
    public var payload: [UInt8]

    public init(
        id: String, type: String, version: Int = 1, tenantID: String, subjectID: String, occurredAt: Date,
        correlationID: String? = nil, causationID: String? = nil, traceParent: String? = nil,
        traceState: String? = nil, payload: [UInt8]
    ) {
        self.id = id
        self.type = type
        self.version = version
        self.tenantID = tenantID
        self.subjectID = subjectID
        self.occurredAt = occurredAt
        self.correlationID = correlationID
        self.causationID = causationID
        self.traceParent = traceParent
        self.traceState = traceState
        self.payload = payload
    }
}

/// How a consumer treats events its handler fails on: retried after each delay in
/// turn, then parked (kept aside with its history) for an operator to inspect and
/// replay. Versions outside `versions` are parked at once, with the reason.
public struct ConsumerPolicy: Sendable, Equatable {
    /// The wait before each retry; `retryDelays.count + 1` attempts in all.
    public var retryDelays: [Duration]
    /// The payload versions the handler understands.
    public var versions: ClosedRange<Int>

    public init(retryDelays: [Duration] = [.seconds(10), .seconds(60), .seconds(600)], versions: ClosedRange<Int> = 1...1) {
        self.retryDelays = retryDelays
        self.versions = versions
    }

    public var maxAttempts: Int { retryDelays.count + 1 }

    public static let standard = ConsumerPolicy()
}

/// An event a consumer gave up on, with why.
public struct ParkedEvent: Sendable, Equatable {
    /// The parking record's id (what `replay` takes).
    public var id: String
    public var consumer: String
    public var event: DomainEvent
    /// How many times the handler was tried (0 when parked for an unknown version).
    public var attempts: Int
    /// The last failure, or why the event was never tried.
    public var reason: String
    /// Every failure in order, one line each.
    public var history: [String]
    public var parkedAt: Date

    public init(
        id: String, consumer: String, event: DomainEvent, attempts: Int, reason: String, history: [String],
        parkedAt: Date
    ) {
        self.id = id
        self.consumer = consumer
        self.event = event
        self.attempts = attempts
        self.reason = reason
        self.history = history
        self.parkedAt = parkedAt
    }
}

/// Durable domain events between stages and services. The embedded adapter keeps
/// events in the local database and dispatches in process; the distributed one
/// goes over a message broker.
public protocol EventBus: Sendable {
    func publish(_ event: DomainEvent) async throws
    /// Delivers every event whose type matches `pattern` (`*` matches one dotted
    /// word, `#` any number) to `handler`, at least once, until the task is cancelled.
    /// A handler that throws gets the event again after the policy's delays; after the
    /// last attempt the event is parked and the consumer moves on.
    func consume(
        as consumer: String, pattern: String, policy: ConsumerPolicy,
        handler: @escaping @Sendable (DomainEvent) async throws -> Void
    ) async throws
    /// Makes `consumer`'s subscription durable from now on: events published after this call
    /// reach it even while it is not consuming yet. A broker keeps events only for the queues
    /// that exist when they are published; the log-backed buses keep every event anyway.
    func subscribe(_ consumer: String, pattern: String, policy: ConsumerPolicy) async throws
    /// Parked events, oldest first (of one consumer, or of all).
    func parked(consumer: String?) async throws -> [ParkedEvent]
    /// Hands a parked event back to its consumer for one more attempt: handled, it leaves the
    /// parking lot; failing, it is parked again with the failure added to its history. False
    /// when there is no such record.
    func replay(parkedID: String) async throws -> Bool
}

extension EventBus {
    /// The log-backed buses: every event stays in the log, so there is nothing to declare.
    public func subscribe(_ consumer: String, pattern: String, policy: ConsumerPolicy) async throws {}

    public func consume(
        as consumer: String, pattern: String, handler: @escaping @Sendable (DomainEvent) async throws -> Void
    ) async throws {
        try await consume(as: consumer, pattern: pattern, policy: .standard, handler: handler)
    }
}

/// Fire-and-forget fan-out of live notifications (for dashboards): a message
/// published while nobody listens is gone.
public protocol PubSub: Sendable {
    func publish(channel: String, message: [UInt8]) async throws
    func subscribe(channel: String) async throws -> AsyncStream<[UInt8]>
}

/// Topic matching with AMQP's rules, so both event-bus adapters agree.
public enum TopicPattern {
    public static func matches(pattern: String, routingKey: String) -> Bool {
        let p = pattern.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        let k = routingKey.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        return match(p[...], k[...])
    }

    private static func match(_ p: ArraySlice<String>, _ k: ArraySlice<String>) -> Bool {
        guard let first = p.first else { return k.isEmpty }
        if first == "#" {
            let rest = p.dropFirst()
            var keys = k
            while true {
                if match(rest, keys) { return true }
                guard !keys.isEmpty else { return false }
                keys = keys.dropFirst()
            }
        }
        guard let key = k.first else { return false }
        return (first == "*" || first == key) && match(p.dropFirst(), k.dropFirst())
    }
}
