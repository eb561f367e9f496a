import Foundation
import SpyglassDomain

/// A domain event: something that happened, named by a dotted type
/// (`change.detected`), with a unique id so consumers can be idempotent.
public struct DomainEvent: Sendable, Equatable, Codable {
    public var id: String
    public var type: String
    public var tenantID: String
    /// The aggregate the event is about (a monitor id, a delivery id…).
    public var subjectID: String
    public var occurredAt: Date
    /// JSON payload.
    public var payload: [UInt8]

    public init(id: String, type: String, tenantID: String, subjectID: String, occurredAt: Date, payload: [UInt8]) {
        self.id = id
        self.type = type
        self.tenantID = tenantID
        self.subjectID = subjectID
        self.occurredAt = occurredAt
        self.payload = payload
    }
}

/// Durable domain events between stages and services. The embedded adapter keeps
/// events in the local database and dispatches in process; the distributed one
/// goes over a message broker.
public protocol EventBus: Sendable {
    func publish(_ event: DomainEvent) async throws
    /// Delivers every event whose type matches `pattern` (`*` matches one dotted
    /// word, `#` any number) to `handler`, at least once, until the task is cancelled.
    func consume(
        as consumer: String, pattern: String, handler: @escaping @Sendable (DomainEvent) async throws -> Void
    ) async throws
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
