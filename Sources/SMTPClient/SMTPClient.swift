import Foundation
import NIOCore
import NIOPosix

/// Sends one message per connection: connect, run the session, close.
public struct SMTPClient: Sendable {
    public let configuration: SMTPConfiguration
    private let eventLoopGroup: any EventLoopGroup

    public init(configuration: SMTPConfiguration) {
        self.init(configuration: configuration, eventLoopGroup: MultiThreadedEventLoopGroup.singleton)
    }

    public init(configuration: SMTPConfiguration, eventLoopGroup: any EventLoopGroup) {
        self.configuration = configuration
        self.eventLoopGroup = eventLoopGroup
    }

    /// Throws `SMTPError` (or `CancellationError` when the task is cancelled).
    public func send(_ message: EmailMessage) async throws {
        let rendered = try message.render(
            date: Date(), messageID: message.makeMessageID(), boundary: EmailMessage.makeBoundary())
        let payload = SMTPDataEncoding.encode(rendered)
        let machine = SMTPSessionStateMachine(
            envelope: .init(from: message.from, recipients: message.to),
            heloName: configuration.heloName,
            credentials: credentials
        )
        let stepTimeout = TimeAmount(configuration.timeout)
        let eventLoop = eventLoopGroup.next()
        let result = eventLoop.makePromise(of: Void.self)

        let channel: any Channel
        do {
            channel = try await ClientBootstrap(group: eventLoop)
                .connectTimeout(stepTimeout)
                .channelInitializer { channel in
                    // Both handlers go in before the connection is active so no greeting byte is missed.
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandlers(
                            ByteToMessageHandler(SMTPReplyDecoder()),
                            SMTPSessionHandler(
                                machine: machine, payload: payload, stepTimeout: stepTimeout, result: result)
                        )
                    }
                }
                .connect(host: configuration.host, port: configuration.port)
                .get()
        } catch {
            result.fail(error)  // never awaited; completes the promise so it is not leaked
            throw SMTPError(.connectionFailed, "cannot connect to \(configuration.host):\(configuration.port): \(error)")
        }

        do {
            try await withTaskCancellationHandler {
                try await result.futureResult.get()
            } onCancel: {
                channel.close(promise: nil)
            }
        } catch {
            try Task.checkCancellation()
            throw error
        }
    }

    private var credentials: SMTPSessionStateMachine.Credentials? {
        guard let username = configuration.username, let password = configuration.password else { return nil }
        return .init(username: username, password: password)
    }
}
