import AMQPWire
import Logging
import NIOCore

/// Drives `AMQPConnectionStateMachine` and one `AMQPChannelStateMachine` per channel on the
/// channel's event loop: cuts frames out of the byte stream with `AMQPFrameDecoder` (bounded by
/// the negotiated frame-max), routes them by channel number, encodes what the machines ask to send,
/// runs the periodic timer and resumes callers. Every side effect of the connection happens here.
final class AMQPConnectionHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer
    typealias ChannelMachine = AMQPChannelStateMachine<AMQPWaiter, AMQPDeliverySink>

    /// How often the timer checks heartbeats and deadlines.
    static let tickInterval = TimeAmount.milliseconds(250)

    static let staleDelivery = AMQPClientError(
        .staleDelivery, "the delivery's channel is gone; the broker will redeliver the message")

    private struct ChannelEntry {
        var incarnation: UInt64
        var machine: ChannelMachine
        let status: AMQPChannelStatus
    }

    private var connection: AMQPConnectionStateMachine
    private var channels: [UInt16: ChannelEntry] = [:]
    /// Numbers of channels that closed and were not opened again: the broker may still have
    /// frames for them in flight (a delivery sent just before its channel.close), which are
    /// ignored rather than treated as a protocol error.
    private var retiredChannels = Set<UInt16>()
    private var decoder: AMQPFrameDecoder
    /// Bytes received but not yet a whole frame.
    private var inbound: ByteBuffer?
    private var decodingStopped = false
    private var frameMax: UInt32
    private var channelMax: UInt16 = 0
    private var lastChannelID: UInt16 = 0
    private var nextIncarnation: UInt64 = 0
    private let requestTimeout: TimeAmount
    private let maxBodySize: UInt64
    private let handshakePromise: EventLoopPromise<Void>
    private let closedPromise: EventLoopPromise<AMQPClientError?>
    private let handle: AMQPConnectionHandle
    private let logger: Logger
    private var context: ChannelHandlerContext?
    private var timer: Scheduled<Void>?
    private var handshakeFinished = false
    private var finished = false
    private var wroteSinceTick = false
    private var flushScheduled = false
    private var readSinceTick = false

    init(
        settings: AMQPConnectionStateMachine.Settings,
        requestTimeout: TimeAmount,
        maxBodySize: UInt64,
        handshakePromise: EventLoopPromise<Void>,
        closedPromise: EventLoopPromise<AMQPClientError?>,
        handle: AMQPConnectionHandle,
        logger: Logger
    ) {
        self.connection = AMQPConnectionStateMachine(settings: settings)
        // Until tune-ok the client's own preference bounds frames (connection.start can be large).
        self.decoder = AMQPFrameDecoder(maxFrameSize: max(settings.frameMax, AMQPFrameLimits.minimumFrameMax))
        self.frameMax = settings.frameMax
        self.requestTimeout = requestTimeout
        self.maxBodySize = maxBodySize
        self.handshakePromise = handshakePromise
        self.closedPromise = closedPromise
        self.handle = handle
        self.logger = logger
    }

    // MARK: Requests (called on the event loop through AMQPConnectionHandle)

    func openChannel(status: AMQPChannelStatus, promise: EventLoopPromise<AMQPChannelSlot>) {
        guard connection.isOpen else {
            promise.fail(unavailableError)
            return
        }
        guard let id = freeChannelID() else {
            promise.fail(AMQPClientError(.invalidUsage, "all \(channelMax) channels of the connection are in use"))
            return
        }
        nextIncarnation += 1
        retiredChannels.remove(id)
        let slot = AMQPChannelSlot(id: id, incarnation: nextIncarnation)
        var machine = ChannelMachine(requestTimeout: requestTimeout, maxBodySize: maxBodySize)
        let output = machine.open(waiter: .channelOpen(promise, slot), now: .now())
        channels[id] = ChannelEntry(incarnation: slot.incarnation, machine: machine, status: status)
        run(output, channel: id)
    }

    /// A synchronous request; `consumer` goes with basic.consume.
    func request(_ slot: AMQPChannelSlot, _ method: AMQPMethod, consumer: AMQPDeliverySink?, waiter: AMQPWaiter) {
        guard let buffer = encodeForChannel(slot, [.method(channel: slot.id, method)], waiter: waiter) else { return }
        write(buffer)
        if let output = channels[slot.id]?.machine.requestSent(method, waiter: waiter, consumer: consumer, now: .now())
        {
            run(output, channel: slot.id)
        }
    }

    func publish(_ slot: AMQPChannelSlot, _ publish: Basic.Publish, _ message: AMQPMessage, waiter: AMQPWaiter) {
        let frames = AMQPContentFrames.frames(channel: slot.id, publish: publish, message: message, frameMax: frameMax)
        guard let buffer = encodeForChannel(slot, frames, waiter: waiter) else { return }
        write(buffer)
        if let output = channels[slot.id]?.machine.publishSent(publish, waiter: waiter) {
            run(output, channel: slot.id)
        }
    }

    /// basic.ack / nack / reject: no reply; done once written. A channel that is gone makes the
    /// delivery tag meaningless: `.staleDelivery`.
    func acknowledge(_ slot: AMQPChannelSlot, _ method: AMQPMethod, waiter: AMQPWaiter) {
        guard let entry = channels[slot.id], entry.incarnation == slot.incarnation, entry.machine.rejection == nil
        else {
            waiter.complete(.failure(Self.staleDelivery))
            return
        }
        guard let buffer = encodeForChannel(slot, [.method(channel: slot.id, method)], waiter: waiter) else { return }
        write(buffer)
        waiter.complete(.success(.done))
    }

    func closeChannel(_ slot: AMQPChannelSlot, waiter: AMQPWaiter) {
        guard let entry = channels[slot.id], entry.incarnation == slot.incarnation else {
            waiter.complete(.success(.done))
            return
        }
        if let output = channels[slot.id]?.machine.close(waiter: waiter) {
            run(output, channel: slot.id)
        }
    }

    /// The consumer's stream was dropped: cancel it at the broker (no-wait).
    func consumerDropped(_ slot: AMQPChannelSlot, tag: String) {
        guard let entry = channels[slot.id], entry.incarnation == slot.incarnation,
            channels[slot.id]?.machine.consumerDropped(tag: tag) == true
        else { return }
        send([.method(channel: slot.id, .basicCancel(consumerTag: tag, noWait: true))])
    }

    func closeConnection() {
        run(connection.closeRequested(now: .now()))
    }

    // MARK: ChannelInboundHandler

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        if context.channel.isActive { activate() }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        connectionEnded()
        self.context = nil
        handle.box.value = nil  // breaks the handler → handle → box → handler cycle
    }

    func channelActive(context: ChannelHandlerContext) {
        activate()
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        connectionEnded()
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !decodingStopped else { return }
        readSinceTick = true
        var bytes = unwrapInboundIn(data)
        if var pending = inbound {
            inbound = nil
            pending.writeBuffer(&bytes)
            decode(pending)
        } else {
            decode(bytes)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        logger.debug("amqp connection error", metadata: ["error": "\(error)"])
        context.close(promise: nil)
    }

    // MARK: Inbound

    private func decode(_ buffer: ByteBuffer) {
        var buffer = buffer
        while !decodingStopped {
            do {
                guard let frame = try decoder.decode(&buffer) else { break }
                frameReceived(frame)
            } catch {
                malformedData(error)
                return
            }
        }
        if buffer.readableBytes > 0, !decodingStopped {
            buffer.discardReadBytes()
            inbound = buffer
        }
    }

    private func malformedData(_ error: any Error) {
        decodingStopped = true
        inbound = nil
        let wireError = error as? AMQPWireError
        let replyCode = wireError?.code.replyCode ?? AMQPReplyCode.frameError
        let detail = wireError?.message ?? "\(error)"
        logger.warning("amqp broker sent malformed data", metadata: ["error": "\(detail)"])
        let failure = AMQPClientError(.protocolError, "malformed data from the broker: \(detail)", replyCode: replyCode)
        run(connection.protocolViolation(failure, closeSocketNow: true, now: .now()))
    }

    private func frameReceived(_ frame: AMQPFrame) {
        switch frame {
        case .heartbeat:
            break
        case .method(0, let method):
            run(connection.methodReceived(method, now: .now()))
        case .header(0, _), .body(0, _):
            violation(AMQPReplyCode.unexpectedFrame, "a content frame on channel 0")
        case .method(let id, let method):
            guard channelFrameAllowed(id, method.name) else { return }
            if let output = channels[id]?.machine.methodReceived(method) { run(output, channel: id) }
        case .header(let id, let header):
            guard channelFrameAllowed(id, "a content header") else { return }
            if let output = channels[id]?.machine.headerReceived(header) { run(output, channel: id) }
        case .body(let id, let body):
            guard channelFrameAllowed(id, "a body frame") else { return }
            if let output = channels[id]?.machine.bodyReceived(body) { run(output, channel: id) }
        }
    }

    /// Frames for channels are only valid on an open connection and for channels we opened.
    private func channelFrameAllowed(_ id: UInt16, _ what: String) -> Bool {
        switch connection.state {
        case .closing, .closed:
            return false  // discarded after connection.close
        case .open:
            guard channels[id] != nil else {
                if retiredChannels.contains(id) {
                    logger.trace("amqp frame for a closed channel ignored", metadata: ["channel": "\(id)"])
                } else {
                    violation(AMQPReplyCode.channelError, "\(what) for channel \(id), which was never opened")
                }
                return false
            }
            return true
        case .idle, .awaitingStart, .awaitingTune, .awaitingOpenOk:
            violation(AMQPReplyCode.unexpectedFrame, "\(what) for channel \(id) before the connection is open")
            return false
        }
    }

    private func violation(_ replyCode: UInt16, _ text: String) {
        run(connection.protocolViolation(AMQPClientError(.protocolError, text, replyCode: replyCode), now: .now()))
    }

    // MARK: Effects

    private func run(_ output: ChannelMachine.Output, channel id: UInt16) {
        if !output.send.isEmpty {
            send(output.send.map { .method(channel: id, $0) })
        }
        // Marked closed before anyone is resumed, so a caller of close() sees it closed.
        let closedEntry = output.channelClosed ? channels.removeValue(forKey: id) : nil
        if let closedEntry {
            retiredChannels.insert(id)
            closedEntry.status.markClosed(closedEntry.machine.closeReason)
        }
        for completion in output.completions {
            completion.waiter.complete(completion.result)
        }
        if let delivery = output.delivery, let entry = channels[id] {
            let acknowledger = AMQPAcknowledger(
                handle: handle, slot: AMQPChannelSlot(id: id, incarnation: entry.incarnation), status: entry.status)
            delivery.consumer.deliver(
                AMQPDelivery(
                    message: delivery.message, exchange: delivery.deliver.exchange,
                    routingKey: delivery.deliver.routingKey, redelivered: delivery.deliver.redelivered,
                    deliveryTag: delivery.deliver.deliveryTag, acknowledger: acknowledger))
        }
        for ended in output.endedConsumers {
            ended.consumer.end(ended.error)
        }
        if let error = output.connectionError {
            logger.warning("amqp broker broke the protocol", metadata: ["error": "\(error)"])
            run(connection.protocolViolation(error, now: .now()))
        }
    }

    private func run(_ action: AMQPConnectionStateMachine.Action) {
        switch action {
        case .none:
            break
        case .sendProtocolHeader:
            guard let context else { return }
            write(context.channel.allocator.buffer(bytes: AMQPProtocolHeader.bytes))
        case .send(let method):
            send([.method(channel: 0, method)])
        case .tuned(let tuning, let methods):
            frameMax = tuning.frameMax
            decoder.maxFrameSize = tuning.frameMax
            channelMax = tuning.channelMax == 0 ? .max : tuning.channelMax
            send(methods.map { .method(channel: 0, $0) })
        case .opened:
            finishHandshake(.success(()))
        case .blocked(let reason):
            logger.warning("amqp broker blocked the connection", metadata: ["reason": "\(reason)"])
            handle.status.setBlocked(true)
        case .unblocked:
            logger.info("amqp broker unblocked the connection")
            handle.status.setBlocked(false)
        case .sendHeartbeat:
            send([.heartbeat])
        case .shutDown(let shutdown):
            let written = shutdown.send.flatMap { send([.method(channel: 0, $0)]) }
            shutDownChannels(shutdown.error ?? AMQPClientError(.shutDown, "the connection was closed by the client"))
            if shutdown.closeSocket { closeSocket(after: written) }
        case .closeSocket(let method):
            closeSocket(after: method.flatMap { send([.method(channel: 0, $0)]) })
        }
    }

    private func shutDownChannels(_ error: AMQPClientError) {
        finishHandshake(.failure(error))
        handle.status.setBlocked(false)
        // For work in flight the connection was lost, whatever ended it (a forced close, a
        // protocol error …); only the client's own close is `.shutDown`.
        let error =
            error.code == .shutDown
            ? error
            : AMQPClientError(.connectionLost, "the connection was lost: \(error.message)", replyCode: error.replyCode)
        for id in channels.keys.sorted() {
            if let output = channels[id]?.machine.connectionClosed(error) { run(output, channel: id) }
        }
        for entry in channels.values { entry.status.markClosed(error) }
        channels = [:]
    }

    /// Encodes and writes machine-made frames. They contain only bounded values, so an encoding
    /// failure is a bug in this client: the connection is dropped rather than desynchronised.
    @discardableResult
    private func send(_ frames: [AMQPFrame]) -> EventLoopFuture<Void>? {
        guard let context else { return nil }
        var buffer = context.channel.allocator.buffer(capacity: 64)
        do {
            for frame in frames { try frame.encode(into: &buffer) }
        } catch {
            logger.error("amqp frame could not be encoded", metadata: ["error": "\(error)"])
            closeSocket(after: nil)
            return nil
        }
        return write(buffer)
    }

    /// Encodes a caller's frames for `slot`, or fails its waiter (channel gone or closing, or a
    /// value that cannot be encoded, such as a name over 255 bytes) and returns nil.
    private func encodeForChannel(_ slot: AMQPChannelSlot, _ frames: [AMQPFrame], waiter: AMQPWaiter) -> ByteBuffer? {
        guard let entry = channels[slot.id], entry.incarnation == slot.incarnation else {
            waiter.complete(.failure(channelGoneError))
            return nil
        }
        if let rejection = entry.machine.rejection {
            waiter.complete(.failure(rejection))
            return nil
        }
        guard let context else {
            waiter.complete(.failure(unavailableError))
            return nil
        }
        var buffer = context.channel.allocator.buffer(capacity: 256)
        do {
            for frame in frames { try frame.encode(into: &buffer) }
        } catch {
            let detail = (error as? AMQPWireError)?.message ?? "\(error)"
            waiter.complete(.failure(AMQPClientError(.invalidArgument, "cannot be sent: \(detail)")))
            return nil
        }
        return buffer
    }

    /// Writes now and flushes once at the end of this event-loop turn: the publishes of a window,
    /// or the acks and replies made while reading one batch of frames, leave in one system call.
    @discardableResult
    private func write(_ buffer: ByteBuffer) -> EventLoopFuture<Void>? {
        guard let context else { return nil }
        wroteSinceTick = true
        let promise = context.eventLoop.makePromise(of: Void.self)
        context.write(wrapOutboundOut(buffer), promise: promise)
        if !flushScheduled {
            flushScheduled = true
            context.eventLoop.assumeIsolated().execute {
                self.flushScheduled = false
                self.context?.flush()
            }
        }
        return promise.futureResult
    }

    private func closeSocket(after write: EventLoopFuture<Void>?) {
        guard let context else { return }
        guard let write else {
            context.close(promise: nil)
            return
        }
        let channel = context.channel
        write.whenComplete { _ in channel.close(promise: nil) }
    }

    // MARK: Life cycle

    private func activate() {
        guard case .sendProtocolHeader = connection.channelActive(now: .now()) else { return }
        run(.sendProtocolHeader)
        armTimer()
    }

    private func armTimer() {
        guard let context else { return }
        timer = context.eventLoop.assumeIsolated().scheduleTask(in: Self.tickInterval) { [self] in
            timerFired()
        }
    }

    private func timerFired() {
        timer = nil
        let now = NIODeadline.now()
        if wroteSinceTick { connection.dataSent(now: now) }
        if readSinceTick { connection.dataReceived(now: now) }
        wroteSinceTick = false
        readSinceTick = false
        run(connection.tick(now: now))
        for id in channels.keys.sorted() {
            if let output = channels[id]?.machine.tick(now: now) { run(output, channel: id) }
        }
        if !finished { armTimer() }
    }

    /// The socket is closed (or the handler removed): settle everything exactly once.
    private func connectionEnded() {
        guard !finished else { return }
        finished = true
        timer?.cancel()
        timer = nil
        run(connection.channelInactive())
        shutDownChannels(connection.endReason ?? AMQPClientError(.shutDown, "the connection was closed by the client"))
        handle.status.markEnded(connection.endReason)
        closedPromise.succeed(connection.endReason)
    }

    /// Completes the connect attempt exactly once (an unfulfilled promise is a bug NIO reports).
    private func finishHandshake(_ result: Result<Void, AMQPClientError>) {
        guard !handshakeFinished else { return }
        handshakeFinished = true
        handshakePromise.completeWith(result.mapError { $0 as any Error })
    }

    // MARK: Helpers

    private var unavailableError: AMQPClientError {
        if let reason = connection.endReason {
            return AMQPClientError(
                .connectionLost, "the connection is gone (\(reason.message))", replyCode: reason.replyCode)
        }
        switch connection.state {
        case .open: return AMQPClientError(.connectionLost, "the connection is not available")
        case .closing, .closed: return AMQPClientError(.shutDown, "the connection is closing")
        default: return AMQPClientError(.invalidUsage, "the connection is not open yet")
        }
    }

    private var channelGoneError: AMQPClientError {
        connection.isOpen ? AMQPClientError(.shutDown, "the channel was closed") : unavailableError
    }

    /// The next channel number not in use, going round from the last one handed out, so a number
    /// is reused as late as possible (frames for its previous channel may still be in flight).
    private func freeChannelID() -> UInt16? {
        guard channels.count < Int(channelMax) else { return nil }
        var id = lastChannelID
        for _ in 0..<Int(channelMax) {
            id = id >= channelMax ? 1 : id + 1
            if channels[id] == nil {
                lastChannelID = id
                return id
            }
        }
        return nil
    }
}
