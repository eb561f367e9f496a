import NIOCore

/// Drives `SMTPSessionStateMachine` on a channel: the one place where its actions become writes,
/// timers and the final result. Runs entirely on the channel's event loop.
final class SMTPSessionHandler: ChannelInboundHandler {
    typealias InboundIn = SMTPReply
    typealias OutboundOut = ByteBuffer

    private var machine: SMTPSessionStateMachine
    private let payload: [UInt8]
    private let stepTimeout: TimeAmount
    private let result: EventLoopPromise<Void>
    private var timer: Scheduled<Void>?

    init(machine: SMTPSessionStateMachine, payload: [UInt8], stepTimeout: TimeAmount, result: EventLoopPromise<Void>) {
        self.machine = machine
        self.payload = payload
        self.stepTimeout = stepTimeout
        self.result = result
    }

    func channelActive(context: ChannelHandlerContext) {
        armTimer(context: context)  // the greeting is a step too
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        run(machine.replyReceived(unwrapInboundIn(data)), context: context)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        let smtpError = error as? SMTPError ?? SMTPError(.connectionFailed, "\(error)")
        run(machine.errorCaught(smtpError), context: context)
    }

    func channelInactive(context: ChannelHandlerContext) {
        run(machine.connectionClosed(), context: context)
        context.fireChannelInactive()
    }

    private func run(_ action: SMTPSessionStateMachine.Action, context: ChannelHandlerContext) {
        switch action {
        case .send(let command):
            write(Array((command + "\r\n").utf8), context: context)
        case .sendMessage:
            write(payload, context: context)
        case .close(let outcome):
            timer?.cancel()
            timer = nil
            switch outcome {
            case .success: result.succeed()
            case .failure(let error): result.fail(error)
            }
            context.close(promise: nil)
        case .none:
            break
        }
    }

    private func write(_ bytes: [UInt8], context: ChannelHandlerContext) {
        context.writeAndFlush(wrapOutboundOut(context.channel.allocator.buffer(bytes: bytes)), promise: nil)
        armTimer(context: context)
    }

    private func armTimer(context: ChannelHandlerContext) {
        timer?.cancel()
        timer = context.eventLoop.assumeIsolated().scheduleTask(in: stepTimeout) { [self] in
            run(machine.timedOut(), context: context)
        }
    }
}
