import Logging
import NIOCore
import RESP

/// Drives `RedisConnectionStateMachine` on the channel's event loop: decodes bytes with
/// `RESPMessageDecoder`, writes requests, runs the single deadline timer and resumes callers.
/// Every side effect of the connection happens in `perform…` below.
final class RedisChannelHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    typealias Results = [Result<RESPValue, RedisError>]

    /// Who gets a request's results.
    enum ReplyTarget: Sendable {
        case continuation(CheckedContinuation<Results, Never>)
        /// Nobody waits (UNSUBSCRIBE after a stream ended); the reply only keeps the order.
        case discard

        func complete(_ results: Results) {
            if case .continuation(let continuation) = self {
                continuation.resume(returning: results)
            }
        }
    }

    private var stateMachine: RedisConnectionStateMachine<ReplyTarget>
    private let decoder: NIOSingleStepByteToMessageProcessor<RESPMessageDecoder>
    private let handshakePromise: EventLoopPromise<Int>
    private let pushes: AsyncStream<RESPValue>.Continuation?
    private let logger: Logger
    private var context: ChannelHandlerContext?
    private var timer: Scheduled<Void>?
    private var nextRequestID: UInt64 = 0
    private var handshakeFinished = false

    init(
        handshake: RedisHandshake.Settings,
        handshakeTimeout: TimeAmount,
        limits: RESPLimits,
        handshakePromise: EventLoopPromise<Int>,
        pushes: AsyncStream<RESPValue>.Continuation?,
        logger: Logger
    ) {
        self.stateMachine = RedisConnectionStateMachine(handshake: handshake, handshakeTimeout: handshakeTimeout)
        self.decoder = NIOSingleStepByteToMessageProcessor(RESPMessageDecoder(limits: limits))
        self.handshakePromise = handshakePromise
        self.pushes = pushes
        self.logger = logger
    }

    // MARK: Requests (called on the event loop by RedisConnection)

    /// Queues and writes `commands` as one write; returns the request id used for cancellation.
    func write(
        _ commands: [RESPCommand], expectedReplies: Int, target: ReplyTarget, deadline: NIODeadline, label: String,
        confirmingPush: String? = nil
    ) -> UInt64 {
        nextRequestID += 1
        let id = nextRequestID
        let action = stateMachine.writeRequested(
            id: id, pending: target, expectedReplies: expectedReplies, deadline: deadline, label: label,
            confirmingPush: confirmingPush)
        switch action {
        case .write(let armTimerAt):
            guard let context else {
                // Not expected (the machine is only ready while the handler is in a pipeline), but
                // never leave a caller waiting for bytes that were not written.
                perform(stateMachine.errorCaught(RedisError(.connectionClosed, "the channel is gone")))
                return id
            }
            var buffer = context.channel.allocator.buffer(capacity: 64 * commands.count)
            for command in commands {
                command.encode(into: &buffer)
            }
            context.writeAndFlush(wrapOutboundOut(buffer), promise: nil)
            if let armTimerAt { armTimer(at: armTimerAt) }
        case .reject(let error):
            target.complete(Array(repeating: .failure(error), count: max(1, expectedReplies)))
        }
        return id
    }

    func cancel(requestID: UInt64) {
        perform(stateMachine.cancelRequested(id: requestID))
    }

    func close(graceful: Bool) {
        perform(stateMachine.closeRequested(graceful: graceful))
    }

    // MARK: ChannelInboundHandler

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        if context.channel.isActive { activate() }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        perform(stateMachine.channelInactive())
        finishHandshake(.failure(RedisError(.connectionClosed, "the connection was removed")))
        self.context = nil
    }

    func channelActive(context: ChannelHandlerContext) {
        activate()
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        perform(stateMachine.channelInactive())
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        do {
            try decoder.process(buffer: unwrapInboundIn(data)) { value in
                received(value)
            }
        } catch {
            protocolViolation(error)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        logger.debug("redis connection error", metadata: ["error": "\(error)"])
        perform(stateMachine.errorCaught(RedisError(.connectionClosed, "connection failed: \(error)")))
    }

    // MARK: Effects

    private func activate() {
        guard case .writeHandshake(let command, let deadline) = stateMachine.channelActive(now: .now()) else { return }
        writeInternal(command)
        armTimer(at: deadline)
    }

    private func received(_ value: RESPValue) {
        if case .push = value.withoutAttributes {
            perform(stateMachine.pushReceived(value.withoutAttributes))
        } else {
            perform(stateMachine.replyReceived(value))
        }
    }

    private func protocolViolation(_ error: any Error) {
        let detail = (error as? RESPError)?.message ?? "\(error)"
        logger.warning("redis server sent malformed data", metadata: ["error": "\(detail)"])
        perform(stateMachine.errorCaught(RedisError(.protocolViolation, "malformed reply from the server: \(detail)")))
    }

    private func perform(_ action: RedisConnectionStateMachine<ReplyTarget>.InboundAction) {
        switch action {
        case .none:
            break
        case .complete(let completion, let thenClose):
            completion.pending.complete(completion.results)
            if thenClose { closeChannel() }
        case .deliverPush(let push):
            if let pushes {
                pushes.yield(push)
            } else {
                logger.trace("redis push ignored on a command connection")
            }
        case .writeHandshake(let command):
            writeInternal(command)
        case .handshakeSucceeded(let version):
            finishHandshake(.success(version))
        case .close(let close):
            perform(close)
        }
    }

    private func perform(_ action: RedisConnectionStateMachine<ReplyTarget>.CloseAction) {
        if case .close(let close) = action { perform(close) }
    }

    private func perform(_ close: RedisConnectionStateMachine<ReplyTarget>.Close) {
        timer?.cancel()
        timer = nil
        if let failure = close.handshakeFailure { finishHandshake(.failure(failure)) }
        for completion in close.completions {
            completion.pending.complete(completion.results)
        }
        pushes?.finish()
        if close.closeChannel { closeChannel() }
    }

    private func timerFired() {
        timer = nil
        switch stateMachine.deadlineReached(now: .now()) {
        case .none: break
        case .arm(let deadline): armTimer(at: deadline)
        case .close(let close): perform(close)
        }
    }

    private func armTimer(at deadline: NIODeadline) {
        guard let context else { return }
        timer?.cancel()
        timer = context.eventLoop.assumeIsolated().scheduleTask(deadline: deadline) { [self] in
            timerFired()
        }
    }

    private func writeInternal(_ command: RESPCommand) {
        guard let context else { return }
        var buffer = context.channel.allocator.buffer(capacity: 64)
        command.encode(into: &buffer)
        context.writeAndFlush(wrapOutboundOut(buffer), promise: nil)
    }

    private func closeChannel() {
        context?.close(promise: nil)
    }

    /// Completes the connect attempt exactly once (an unfulfilled promise is a bug NIO reports).
    private func finishHandshake(_ result: Result<Int, RedisError>) {
        guard !handshakeFinished else { return }
        handshakeFinished = true
        handshakePromise.completeWith(result.mapError { $0 as any Error })
    }
}

extension RESPValue {
    /// Attributes are optional metadata; classification looks at the value they annotate.
    var withoutAttributes: RESPValue {
        if case .attributed(_, let value) = self { return value.withoutAttributes }
        return self
    }
}
