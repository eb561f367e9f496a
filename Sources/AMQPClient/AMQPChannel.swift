import AMQPWire
import NIOCore

/// One channel of an `AMQPConnection`. Requests on it are answered in order; any number may be in
/// flight. A channel error from the broker (404 no such queue, 406 precondition failed …) closes
/// the channel: the call that caused it and everything outstanding throw `.channelClosed` with the
/// reply code, and so does every later call. Open another channel to carry on.
public final class AMQPChannel: Sendable {
    public var channelID: UInt16 { slot.id }
    let slot: AMQPChannelSlot
    let handle: AMQPConnectionHandle
    private let status: AMQPChannelStatus

    init(slot: AMQPChannelSlot, handle: AMQPConnectionHandle, status: AMQPChannelStatus) {
        self.slot = slot
        self.handle = handle
        self.status = status
    }

    /// False once the channel is closed (by either side, or with its connection).
    public var isOpen: Bool { status.isOpen }

    /// Waits until the channel is closed; returns why (nil when the client closed it).
    public func closed() async -> AMQPClientError? {
        await status.closed()
    }

    // MARK: Exchanges and queues
    // `noWait` is ignored: every call waits for the broker's answer, so errors reach the caller.

    public func declareExchange(_ declare: Exchange.Declare) async throws {
        var declare = declare
        declare.noWait = false
        try await expect(.exchangeDeclare(declare)) { if case .exchangeDeclareOk = $0 { () } else { nil } }
    }

    public func deleteExchange(_ delete: Exchange.Delete) async throws {
        var delete = delete
        delete.noWait = false
        try await expect(.exchangeDelete(delete)) { if case .exchangeDeleteOk = $0 { () } else { nil } }
    }

    /// Binds exchange `source` to exchange `destination` (a RabbitMQ extension).
    public func bindExchange(_ bind: Exchange.Bind) async throws {
        var bind = bind
        bind.noWait = false
        try await expect(.exchangeBind(bind)) { if case .exchangeBindOk = $0 { () } else { nil } }
    }

    public func unbindExchange(_ unbind: Exchange.Bind) async throws {
        var unbind = unbind
        unbind.noWait = false
        try await expect(.exchangeUnbind(unbind)) { if case .exchangeUnbindOk = $0 { () } else { nil } }
    }

    public func declareQueue(_ declare: Queue.Declare) async throws -> Queue.DeclareOk {
        var declare = declare
        declare.noWait = false
        return try await expect(.queueDeclare(declare)) { if case .queueDeclareOk(let ok) = $0 { ok } else { nil } }
    }

    /// Returns how many messages the queue held.
    public func deleteQueue(_ delete: Queue.Delete) async throws -> UInt32 {
        var delete = delete
        delete.noWait = false
        return try await expect(.queueDelete(delete)) {
            if case .queueDeleteOk(let count) = $0 { count } else { nil }
        }
    }

    /// Removes every ready message; returns how many.
    public func purgeQueue(_ name: String) async throws -> UInt32 {
        try await expect(.queuePurge(queue: name, noWait: false)) {
            if case .queuePurgeOk(let count) = $0 { count } else { nil }
        }
    }

    public func bindQueue(_ bind: Queue.Bind) async throws {
        var bind = bind
        bind.noWait = false
        try await expect(.queueBind(bind)) { if case .queueBindOk = $0 { () } else { nil } }
    }

    public func unbindQueue(_ unbind: Queue.Unbind) async throws {
        try await expect(.queueUnbind(unbind)) { if case .queueUnbindOk = $0 { () } else { nil } }
    }

    // MARK: Consuming

    /// How many unacknowledged deliveries the broker sends this channel's consumers at most.
    public func qos(prefetchCount: UInt16) async throws {
        try await expect(.basicQos(Basic.Qos(prefetchCount: prefetchCount))) {
            if case .basicQosOk = $0 { () } else { nil }
        }
    }

    /// Starts a consumer with manual acknowledgements. Returns once the broker confirmed it.
    public func consume(
        queue: String, consumerTag: String = "", exclusive: Bool = false, arguments: AMQPFieldTable = [:]
    ) async throws -> AMQPConsumer {
        let (stream, continuation) = AsyncThrowingStream.makeStream(of: AMQPDelivery.self)
        let tag: String
        do {
            tag = try await startConsumer(
                queue: queue, consumerTag: consumerTag, exclusive: exclusive, arguments: arguments,
                sink: AMQPDeliverySink(continuation: continuation))
        } catch {
            continuation.finish(throwing: error)
            throw error
        }
        let handle = self.handle
        let slot = self.slot
        continuation.onTermination = { termination in
            if case .cancelled = termination {
                handle.execute { $0.consumerDropped(slot, tag: tag) }
            }
        }
        return AMQPConsumer(consumerTag: tag, stream: stream)
    }

    /// basic.consume with `sink` receiving the deliveries; returns the consumer tag.
    func startConsumer(
        queue: String, consumerTag: String, exclusive: Bool, arguments: AMQPFieldTable, sink: AMQPDeliverySink
    ) async throws -> String {
        let consume = Basic.Consume(
            queue: queue, consumerTag: consumerTag, noAck: false, exclusive: exclusive, arguments: arguments)
        return try await expect(.basicConsume(consume), consumer: sink) {
            if case .basicConsumeOk(let tag) = $0 { tag } else { nil }
        }
    }

    /// Stops a consumer; its stream ends (normally) once the broker confirmed.
    public func cancel(consumerTag: String) async throws {
        try await expect(.basicCancel(consumerTag: consumerTag, noWait: false)) {
            if case .basicCancelOk = $0 { () } else { nil }
        }
    }

    /// basic.get with manual acknowledgement; nil when the queue is empty.
    public func get(queue: String) async throws -> AMQPDelivery? {
        let reply = try await request(.basicGet(queue: queue, noAck: false))
        switch reply {
        case .message(let getOk, let message):
            return AMQPDelivery(
                message: message, exchange: getOk.exchange, routingKey: getOk.routingKey,
                redelivered: getOk.redelivered, deliveryTag: getOk.deliveryTag,
                acknowledger: AMQPAcknowledger(handle: handle, slot: slot, status: status))
        case .method(.basicGetEmpty):
            return nil
        default:
            throw AMQPClientError(.protocolError, "unexpected reply to basic.get")
        }
    }

    public func ack(deliveryTag: UInt64, multiple: Bool = false) async throws {
        try AMQPAcknowledger(handle: handle, slot: slot, status: status).send(
            .basicAck(deliveryTag: deliveryTag, multiple: multiple))
    }

    public func nack(deliveryTag: UInt64, multiple: Bool = false, requeue: Bool = true) async throws {
        try AMQPAcknowledger(handle: handle, slot: slot, status: status).send(
            .basicNack(deliveryTag: deliveryTag, multiple: multiple, requeue: requeue))
    }

    public func reject(deliveryTag: UInt64, requeue: Bool = true) async throws {
        try AMQPAcknowledger(handle: handle, slot: slot, status: status).send(
            .basicReject(deliveryTag: deliveryTag, requeue: requeue))
    }

    // MARK: Publishing

    /// Switches on publisher confirms: from now on `publish` returns only once the broker
    /// confirmed the message.
    public func confirmSelect() async throws {
        try await expect(.confirmSelect(noWait: false)) { if case .confirmSelectOk = $0 { () } else { nil } }
    }

    /// Returns when written (no confirm mode) or when the broker confirmed it (confirm mode).
    /// Throws `.nacked`, `.returned` (mandatory and unroutable), `.channelClosed`, or
    /// `.connectionLost` when the connection dropped before the confirm (the message may or may
    /// not have arrived). Not cancellable: it ends with the confirm or with the connection.
    public func publish(_ message: AMQPMessage, exchange: String, routingKey: String, mandatory: Bool = false)
        async throws
    {
        let slot = self.slot
        let publish = Basic.Publish(exchange: exchange, routingKey: routingKey, mandatory: mandatory)
        let _: AMQPReply = try await withClosedReason {
            try await handle.request { handler, continuation in
                handler.publish(slot, publish, message, waiter: .reply(continuation))
            }
        }
    }

    // MARK: Closing

    /// channel.close; waits for close-ok. Unacknowledged deliveries go back to their queues.
    public func close() async throws {
        guard status.isOpen else { return }
        let slot = self.slot
        do {
            let _: AMQPReply = try await handle.request { handler, continuation in
                handler.closeChannel(slot, waiter: .reply(continuation))
            }
        } catch where !status.isOpen {
            // Closed meanwhile (with its connection, say): that is what was asked for.
        }
    }

    /// Starts closing without waiting.
    func startClose() {
        let slot = self.slot
        handle.execute { handler in
            handler.closeChannel(slot, waiter: .discard)
        }
    }

    // MARK: Helpers

    private func request(_ method: AMQPMethod, consumer: AMQPDeliverySink? = nil) async throws -> AMQPReply {
        let slot = self.slot
        return try await withClosedReason {
            try await handle.request { handler, continuation in
                handler.request(slot, method, consumer: consumer, waiter: .reply(continuation))
            }
        }
    }

    /// Once the channel is closed, calls fail with why it closed (the broker's reply code, say).
    private func withClosedReason<Value>(_ body: () async throws -> Value) async throws -> Value {
        if let closed = status.closedError { throw closed }
        do {
            return try await body()
        } catch let error as AMQPClientError where error.code == .shutDown {
            throw status.closedError ?? error
        }
    }

    @discardableResult
    private func expect<Value>(
        _ method: AMQPMethod, consumer: AMQPDeliverySink? = nil, _ extract: (AMQPMethod) -> Value?
    ) async throws -> Value {
        guard case .method(let reply) = try await request(method, consumer: consumer), let value = extract(reply) else {
            throw AMQPClientError(.protocolError, "unexpected reply to \(method.name)")
        }
        return value
    }
}
