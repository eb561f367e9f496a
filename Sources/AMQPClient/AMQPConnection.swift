import AMQPWire
import ClientSupport
import Logging
import NIOCore
import NIOPosix

/// One AMQP 0-9-1 connection, without recovery (`AMQPClient` builds recovery on top of it). All
/// protocol state lives on the connection's event loop; this object is a thread-safe handle.
public final class AMQPConnection: Sendable {
    let handle: AMQPConnectionHandle
    private let channel: any Channel
    /// Completes when the socket has closed, with how the connection ended: nil when the client
    /// closed it; otherwise `.connectionLost`, `.connectionClosed` (by the broker, with its reply
    /// code), `.protocolError` …
    public let closeFuture: EventLoopFuture<AMQPClientError?>

    private init(handle: AMQPConnectionHandle, channel: any Channel, closeFuture: EventLoopFuture<AMQPClientError?>) {
        self.handle = handle
        self.channel = channel
        self.closeFuture = closeFuture
    }

    /// TCP connect, then the AMQP handshake; each bounded by `connectTimeout`. Throws
    /// `.connectFailed`, `.authenticationFailed`, `.connectionClosed` (a refused virtual host is
    /// 530), `.timeout` or `.protocolError`.
    public static func connect(
        _ configuration: AMQPConfiguration,
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        logger: Logger
    ) async throws -> AMQPConnection {
        let eventLoop = eventLoopGroup.next()
        let handshakePromise = eventLoop.makePromise(of: Void.self)
        let closedPromise = eventLoop.makePromise(of: AMQPClientError?.self)
        let handle = AMQPConnectionHandle(
            eventLoop: eventLoop,
            box: NIOLoopBoundBox.makeEmptyBox(valueType: AMQPConnectionHandler.self, eventLoop: eventLoop),
            status: AMQPConnectionStatus())
        var logger = logger
        logger[metadataKey: "amqp.connection"] = "\(configuration.connectionName)"
        let connectionLogger = logger
        let settings = Self.settings(configuration)
        let requestTimeout = TimeAmount(configuration.requestTimeout)
        let maxBodySize = configuration.maxMessageSize

        let channel: any Channel
        do {
            channel = try await connectTCP(
                host: configuration.host, port: configuration.port, eventLoop: eventLoop,
                connectTimeout: TimeAmount(configuration.connectTimeout)
            ) { channel in
                channel.eventLoop.makeCompletedFuture {
                    let handler = AMQPConnectionHandler(
                        settings: settings, requestTimeout: requestTimeout, maxBodySize: maxBodySize,
                        handshakePromise: handshakePromise, closedPromise: closedPromise, handle: handle,
                        logger: connectionLogger)
                    handle.box.value = handler
                    try channel.pipeline.syncOperations.addHandler(handler)
                }
            }
        } catch {
            let failure = AMQPClientError(
                .connectFailed, "could not connect to \(configuration.host):\(configuration.port): \(error)")
            handshakePromise.fail(failure)
            closedPromise.succeed(failure)
            throw failure
        }

        do {
            try await withTaskCancellationHandler {
                try await handshakePromise.futureResult.get()
            } onCancel: {
                channel.close(promise: nil)
            }
        } catch {
            channel.close(promise: nil)
            if Task.isCancelled { throw CancellationError() }
            throw error
        }
        logger.debug("amqp connection open", metadata: ["amqp.server": "\(configuration)"])
        return AMQPConnection(handle: handle, channel: channel, closeFuture: closedPromise.futureResult)
    }

    static func settings(_ configuration: AMQPConfiguration) -> AMQPConnectionStateMachine.Settings {
        AMQPConnectionStateMachine.Settings(
            username: configuration.username,
            password: configuration.password,
            virtualHost: configuration.virtualHost,
            connectionName: AMQPConnectionStateMachine.shortString(configuration.connectionName),
            channelMax: configuration.channelMax,
            frameMax: max(configuration.maxFrameSize, AMQPFrameLimits.minimumFrameMax),
            heartbeat: heartbeatSeconds(configuration.heartbeat),
            connectTimeout: TimeAmount(configuration.connectTimeout),
            closeTimeout: TimeAmount(min(configuration.requestTimeout, .seconds(5))))
    }

    /// Whole seconds, rounded up (a positive sub-second heartbeat must not turn heartbeats off).
    static func heartbeatSeconds(_ duration: Duration) -> UInt16 {
        let (seconds, attoseconds) = duration.components
        guard seconds >= 0 else { return 0 }
        let rounded = seconds + (attoseconds > 0 ? 1 : 0)
        return UInt16(clamping: rounded)
    }

    // MARK: Channels

    public func openChannel() async throws -> AMQPChannel {
        let status = AMQPChannelStatus()
        let promise = handle.eventLoop.makePromise(of: AMQPChannelSlot.self)
        let connectionStatus = handle.status
        handle.execute { handler in
            handler.openChannel(status: status, promise: promise)
        } ifGone: {
            promise.fail(connectionStatus.goneError)
        }
        let slot = try await promise.futureResult.get()
        return AMQPChannel(slot: slot, handle: handle, status: status)
    }

    // MARK: Closing

    /// Sends connection.close and waits until the broker answered (or the close timeout passed)
    /// and the socket is closed. Outstanding requests and confirms fail with `.shutDown`.
    public func close() async throws {
        startClose()
        _ = await closed()
    }

    /// Starts closing without waiting (for cancellation handlers).
    func startClose() {
        handle.execute { $0.closeConnection() }
    }

    /// Waits until the connection has ended; returns how (nil when the client closed it).
    public func closed() async -> AMQPClientError? {
        (try? await closeFuture.get()) ?? nil
    }

    /// True while the broker has blocked publishing on this connection (connection.blocked, e.g.
    /// a memory or disk alarm).
    public var isBlocked: Bool { handle.status.isBlocked }

    /// False once the connection has ended.
    public var isOpen: Bool { !handle.status.hasEnded && channel.isActive }
}
