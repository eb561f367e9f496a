import ClientSupport
import Logging
import NIOCore
import NIOSSL
import RESP

/// One connected, handshaken Redis connection. Any number of requests may be in flight (they are
/// pipelined and answered in order); the pool still lends it to one caller at a time.
final class RedisConnection: Sendable {
    typealias Results = [Result<RESPValue, RedisError>]

    let id: Int
    /// 3 after HELLO 3; 2 when the server only speaks RESP2.
    let protocolVersion: Int
    private let channel: any Channel
    /// Only read on the channel's event loop.
    private let handler: NIOLoopBoundBox<RedisChannelHandler?>

    private init(id: Int, protocolVersion: Int, channel: any Channel, handler: NIOLoopBoundBox<RedisChannelHandler?>) {
        self.id = id
        self.protocolVersion = protocolVersion
        self.channel = channel
        self.handler = handler
    }

    /// False once the channel has closed (server restart, idle timeout …).
    var isUsable: Bool { channel.isActive }

    // MARK: Connecting

    /// TCP (and TLS) connect, then the handshake. Each phase is bounded by `connectTimeout`.
    /// `pushes` receives RESP3 push messages (the subscriber's connection) and is finished when
    /// the connection closes.
    static func connect(
        configuration: RedisConfiguration,
        tls: NIOSSLContext?,
        eventLoop: any EventLoop,
        id: Int,
        logger: Logger,
        pushes: AsyncStream<RESPValue>.Continuation? = nil
    ) async throws(RedisError) -> RedisConnection {
        let handshakePromise = eventLoop.makePromise(of: Int.self)
        let handlerBox = NIOLoopBoundBox.makeEmptyBox(valueType: RedisChannelHandler.self, eventLoop: eventLoop)
        let settings = RedisHandshake.Settings(
            username: configuration.username, password: configuration.password,
            clientName: configuration.clientName, database: configuration.database)
        let timeout = TimeAmount(configuration.connectTimeout)
        let serverHostname = isIPAddress(configuration.host) ? nil : configuration.host
        var logger = logger
        logger[metadataKey: "redis.connection"] = "\(id)"
        let connectionLogger = logger

        let channel: any Channel
        do {
            channel = try await connectTCP(
                host: configuration.host, port: configuration.port, eventLoop: eventLoop, connectTimeout: timeout
            ) { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let tls {
                        let tlsHandler = try NIOSSLClientHandler(context: tls, serverHostname: serverHostname)
                        try channel.pipeline.syncOperations.addHandler(tlsHandler)
                    }
                    let handler = RedisChannelHandler(
                        handshake: settings, handshakeTimeout: timeout, limits: RESPLimits(),
                        handshakePromise: handshakePromise, pushes: pushes, logger: connectionLogger)
                    handlerBox.value = handler
                    try channel.pipeline.syncOperations.addHandler(handler)
                }
            }
        } catch {
            let failure = RedisError(
                .notConnected, "could not connect to \(configuration.host):\(configuration.port): \(error)")
            handshakePromise.fail(failure)
            pushes?.finish()
            throw failure
        }

        let outcome: Result<Int, RedisError> = await withTaskCancellationHandler {
            do {
                return .success(try await handshakePromise.futureResult.get())
            } catch let error as RedisError {
                return .failure(error)
            } catch {
                return .failure(RedisError(.connectionClosed, "handshake failed: \(error)"))
            }
        } onCancel: {
            channel.close(promise: nil)
        }
        switch outcome {
        case .success(let version):
            logger.debug("redis connection ready", metadata: ["redis.protocol": "\(version)"])
            return RedisConnection(id: id, protocolVersion: version, channel: channel, handler: handlerBox)
        case .failure(let error):
            channel.close(promise: nil)
            if Task.isCancelled { throw RedisError(.cancelled, "connecting was cancelled") }
            throw error
        }
    }

    private static func isIPAddress(_ host: String) -> Bool {
        host.contains(":") || host.allSatisfy { $0.isASCII && ($0.isNumber || $0 == ".") }
    }

    // MARK: Requests

    private enum RequestState: Sendable, Equatable {
        case notWritten
        case written(UInt64)
        case cancelled
    }

    /// Sends `commands` in one write and returns one result per command, in order. Error replies
    /// are `.server` failures; a timeout, cancellation or broken connection fails the rest.
    ///
    /// Cancellation: the caller gets `.cancelled` at once and the connection is closed rather than
    /// kept while its reply is still owed. Draining would keep the socket, but whoever borrowed the
    /// connection next would queue behind a reply nobody wants — possibly a blocking command that
    /// never answers — and a cancelled MULTI or SUBSCRIBE leaves the connection in a mode the next
    /// caller does not expect. A fresh connection is cheap; a desynchronised one is not.
    func send(_ commands: [RESPCommand], timeout: Duration) async -> Results {
        guard !commands.isEmpty else { return [] }
        let label = Self.label(commands, timeout: timeout)
        return await request(
            commands, expectedReplies: commands.count, timeout: timeout, label: label, confirmingPush: nil,
            cancellable: true)
    }

    /// SUBSCRIBE-like commands: answered by one `kind` push per channel instead of a reply.
    /// Not cancellable: the connection is shared by every subscription, and cancelling would
    /// close it for all of them; the wait is bounded by `timeout` anyway.
    func subscribe(_ command: RESPCommand, kind: String, channelCount: Int, timeout: Duration) async -> Result<
        RESPValue, RedisError
    > {
        let results = await request(
            [command], expectedReplies: channelCount, timeout: timeout,
            label: Self.label([command], timeout: timeout), confirmingPush: kind, cancellable: false)
        return results.first ?? .failure(RedisError(.protocolViolation, "no result for \(command.name)"))
    }

    /// Writes an UNSUBSCRIBE-like command whose confirmation nobody awaits.
    func unsubscribeWithoutWaiting(_ command: RESPCommand, kind: String, channelCount: Int, timeout: Duration) {
        let handler = self.handler
        let label = Self.label([command], timeout: timeout)
        channel.eventLoop.execute {
            _ = handler.value?.write(
                [command], expectedReplies: channelCount, target: .discard, deadline: .now() + TimeAmount(timeout),
                label: label, confirmingPush: kind)
        }
    }

    private func request(
        _ commands: [RESPCommand], expectedReplies: Int, timeout: Duration, label: String, confirmingPush: String?,
        cancellable: Bool
    ) async -> Results {
        let eventLoop = channel.eventLoop
        let handler = self.handler
        let state = NIOLoopBoundBox.makeBoxSendingValue(RequestState.notWritten, eventLoop: eventLoop)
        let resultCount = confirmingPush == nil ? expectedReplies : 1
        let send = {
            await withCheckedContinuation { (continuation: CheckedContinuation<Results, Never>) in
                eventLoop.execute {
                    guard state.value == .notWritten, let handler = handler.value else {
                        let error =
                            state.value == .cancelled
                            ? RedisError(.cancelled, "cancelled before the command was sent", commandWasNotSent: true)
                            : RedisError(.connectionClosed, "the connection has no handler", commandWasNotSent: true)
                        continuation.resume(returning: Array(repeating: .failure(error), count: resultCount))
                        return
                    }
                    let id = handler.write(
                        commands, expectedReplies: expectedReplies, target: .continuation(continuation),
                        deadline: .now() + TimeAmount(timeout), label: label, confirmingPush: confirmingPush)
                    state.value = .written(id)
                }
            }
        }
        guard cancellable else { return await send() }
        return await withTaskCancellationHandler {
            await send()
        } onCancel: {
            eventLoop.execute {
                switch state.value {
                case .notWritten: state.value = .cancelled
                case .written(let id): handler.value?.cancel(requestID: id)
                case .cancelled: break
                }
            }
        }
    }

    /// Closes after the pending requests are answered.
    func close() {
        let handler = self.handler
        channel.eventLoop.execute { handler.value?.close(graceful: true) }
    }

    /// Closes now; pending requests fail with `.connectionClosed`.
    func closeNow() {
        let handler = self.handler
        channel.eventLoop.execute { handler.value?.close(graceful: false) }
    }

    private static func label(_ commands: [RESPCommand], timeout: Duration) -> String {
        let what = commands.count == 1 ? commands[0].name : "a pipeline of \(commands.count) commands"
        return "\(what) within \(timeout)"
    }
}

extension RedisConnection.Results {
    /// True when every failure left the connection in step with the server: error replies, and
    /// requests cancelled before they reached the socket. Anything else means it is discarded.
    var connectionStillUsable: Bool {
        allSatisfy { result in
            guard case .failure(let error) = result else { return true }
            return error.code == .server || (error.code == .cancelled && error.commandWasNotSent)
        }
    }
}
