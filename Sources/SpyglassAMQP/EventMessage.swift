import AMQPClient
import AMQPWire
import Foundation
import NIOCore
import SpyglassPorts

/// A domain event as an AMQP message: the payload is the body; the envelope travels in the
/// standard properties (message id, type, timestamp, correlation id) and in headers (the rest,
/// W3C trace context under its own names), so tools that know nothing of Spyglass can route
/// and trace it. Retry bookkeeping (`x-attempts`, `x-history`) rides along in headers too.
enum EventMessage {
    enum Header {
        static let version = "spyglass-version"
        static let tenant = "spyglass-tenant"
        static let subject = "spyglass-subject"
        static let occurredAt = "spyglass-occurred-at-ms"
        static let causation = "spyglass-causation-id"
        static let traceParent = "traceparent"
        static let traceState = "tracestate"
        static let attempts = "x-attempts"
        static let history = "x-history"
        static let parkedID = "x-parked-id"
        static let parkedReason = "x-parked-reason"
        static let parkedAt = "x-parked-at-ms"
        static let consumer = "x-consumer"
        /// Set on a replayed event: one more attempt, then back to the parking lot.
        static let replayed = "x-replayed"
    }

    struct Decoded: Sendable {
        var event: DomainEvent
        var attempts: Int
        var history: [String]
        var replayed: Bool
    }

    static func message(_ event: DomainEvent, attempts: Int = 0, history: [String] = [], extra: AMQPFieldTable = [:]) -> AMQPMessage {
        var headers: AMQPFieldTable = [
            Header.version: .int64(Int64(event.version)),
            Header.tenant: .string(event.tenantID),
            Header.subject: .string(event.subjectID),
            Header.occurredAt: .int64(Int64((event.occurredAt.timeIntervalSince1970 * 1_000).rounded())),
        ]
        if let causation = event.causationID { headers[Header.causation] = .string(causation) }
        if let parent = event.traceParent { headers[Header.traceParent] = .string(parent) }
        if let state = event.traceState { headers[Header.traceState] = .string(state) }
        if attempts > 0 { headers[Header.attempts] = .int32(Int32(clamping: attempts)) }
        if !history.isEmpty { headers[Header.history] = .array(history.map { .string($0) }) }
        for entry in extra.entries { headers[entry.name] = entry.value }
        let properties = AMQPProperties(
            contentType: "application/json", headers: headers, deliveryMode: 2, correlationID: event.correlationID,
            messageID: event.id, timestamp: UInt64(max(0, event.occurredAt.timeIntervalSince1970)), type: event.type)
        return AMQPMessage(body: ByteBuffer(bytes: event.payload), properties: properties)
    }

    /// The event a message carries; a message that is not a Spyglass event is an error with the reason.
    static func decode(_ message: AMQPMessage) throws(EventMessageError) -> Decoded {
        let p = message.properties
        let headers = p.headers ?? [:]
        guard let id = p.messageID, !id.isEmpty else { throw EventMessageError("no message id") }
        guard let type = p.type, !type.isEmpty else { throw EventMessageError("no event type") }
        guard let tenant = headers[Header.tenant]?.stringValue else { throw EventMessageError("no tenant header") }
        guard let version = headers[Header.version].flatMap(integer) else { throw EventMessageError("no version header") }
        let occurredMS = headers[Header.occurredAt].flatMap(integer) ?? Int(p.timestamp ?? 0) * 1_000
        var history: [String] = []
        if case .array(let items)? = headers[Header.history] {
            history = items.compactMap(\.stringValue)
        }
        let event = DomainEvent(
            id: id, type: type, version: version, tenantID: tenant,
            subjectID: headers[Header.subject]?.stringValue ?? "",
            occurredAt: Date(timeIntervalSince1970: Double(occurredMS) / 1_000), correlationID: p.correlationID,
            causationID: headers[Header.causation]?.stringValue, traceParent: headers[Header.traceParent]?.stringValue,
            traceState: headers[Header.traceState]?.stringValue, payload: Array(message.body.readableBytesView))
        return Decoded(
            event: event, attempts: headers[Header.attempts].flatMap(integer) ?? 0, history: history,
            replayed: headers[Header.replayed] != nil)
    }

    /// Any integer field type (brokers and other clients pick different widths).
    static func integer(_ value: AMQPFieldValue) -> Int? {
        switch value {
        case .int8(let v): Int(v)
        case .uint8(let v): Int(v)
        case .int16(let v): Int(v)
        case .uint16(let v): Int(v)
        case .int32(let v): Int(v)
        case .uint32(let v): Int(v)
        case .int64(let v): Int(v)
        case .timestamp(let v): Int(clamping: v)
        default: nil
        }
    }
}

/// Why a message cannot be read as a domain event (it is parked with this reason).
struct EventMessageError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
