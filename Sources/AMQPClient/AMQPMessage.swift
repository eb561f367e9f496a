import AMQPWire
import NIOCore

/// A message body with its content properties.
public struct AMQPMessage: Sendable, Equatable {
    public var body: ByteBuffer
    public var properties: AMQPProperties

    public init(body: ByteBuffer, properties: AMQPProperties = AMQPProperties()) {
        self.body = body
        self.properties = properties
    }

    public init(_ text: String, properties: AMQPProperties = AMQPProperties()) {
        self.init(body: ByteBuffer(string: text), properties: properties)
    }
}

/// A message the broker handed to a consumer (basic.deliver) or to basic.get. Acknowledge it with
/// `ack()`, or give it back with `nack(requeue:)` / `reject(requeue:)`. Once its channel or
/// connection is gone those throw `.staleDelivery`: the broker redelivers the message anyway.
public struct AMQPDelivery: Sendable {
    public var message: AMQPMessage
    public var exchange: String
    public var routingKey: String
    public var redelivered: Bool
    public var deliveryTag: UInt64
    let acknowledger: AMQPAcknowledger

    init(
        message: AMQPMessage, exchange: String, routingKey: String, redelivered: Bool, deliveryTag: UInt64,
        acknowledger: AMQPAcknowledger
    ) {
        self.message = message
        self.exchange = exchange
        self.routingKey = routingKey
        self.redelivered = redelivered
        self.deliveryTag = deliveryTag
        self.acknowledger = acknowledger
    }

    /// basic.ack for this delivery alone. Returns once handed to the connection (acks are not
    /// confirmed by the broker); throws `.staleDelivery` when its channel is known to be gone.
    public func ack() async throws {
        try acknowledger.send(.basicAck(deliveryTag: deliveryTag, multiple: false))
    }

    /// basic.nack: `requeue` puts it back in its queue (it comes again with `redelivered`),
    /// otherwise the broker drops it or dead-letters it.
    public func nack(requeue: Bool) async throws {
        try acknowledger.send(.basicNack(deliveryTag: deliveryTag, multiple: false, requeue: requeue))
    }

    /// basic.reject: like `nack` for one message.
    public func reject(requeue: Bool) async throws {
        try acknowledger.send(.basicReject(deliveryTag: deliveryTag, requeue: requeue))
    }
}

/// What a waiting request is resumed with.
enum AMQPReply: Sendable, Equatable {
    /// The synchronous reply method.
    case method(AMQPMethod)
    /// basic.get-ok with its content.
    case message(Basic.GetOk, AMQPMessage)
    /// Written (no reply expected), or confirmed by the broker.
    case done
}
