import ClientSupport
import Logging
import NIOCore
import NIOSSL
import RESP
import ServiceLifecycle

/// Pub/sub on one dedicated RESP3 connection. `run()` keeps that connection up: it connects,
/// subscribes to everything wanted, delivers messages, and after a loss reconnects with back-off
/// and subscribes again. Streams end when `run()` ends; a stream its consumer drops is
/// unsubscribed (unless another stream wants the same channel). Messages published while the connection
/// is down are lost (that is pub/sub); use streams or lists for durable delivery.
public final class RedisSubscriber: Service, Sendable {
    private let configuration: RedisConfiguration
    private let logger: Logger
    private let eventLoopGroup: any EventLoopGroup
    private let tls: Result<NIOSSLContext, RedisError>?
    private let bufferLimit: Int
    private let registry: RedisSubscriptionRegistry

    init(
        configuration: RedisConfiguration, logger: Logger, eventLoopGroup: any EventLoopGroup,
        tls: Result<NIOSSLContext, RedisError>?, bufferLimit: Int
    ) {
        self.configuration = configuration
        self.logger = logger
        self.eventLoopGroup = eventLoopGroup
        self.tls = tls
        self.bufferLimit = max(1, bufferLimit)
        self.registry = RedisSubscriptionRegistry(unsubscribeTimeout: configuration.commandTimeout, logger: logger)
    }

    // MARK: Subscribing

    /// Messages published to `channels`. Returns once the server has confirmed the subscription
    /// (so a message published afterwards is delivered), waiting at most connect + command
    /// timeout when the subscriber is (re)connecting. Each stream buffers up to `bufferLimit`
    /// messages; beyond that new ones are dropped (and logged) until the consumer catches up.
    public func subscribe(_ channels: [String]) async throws(RedisError) -> AsyncStream<RedisMessage> {
        try await subscribe(.channel, channels)
    }

    /// Messages on every channel matching one of the glob-style `patterns` (PSUBSCRIBE).
    public func psubscribe(patterns: [String]) async throws(RedisError) -> AsyncStream<RedisMessage> {
        try await subscribe(.pattern, patterns)
    }

    /// Sharded pub/sub (SSUBSCRIBE, Redis 7+).
    public func ssubscribe(channels: [String]) async throws(RedisError) -> AsyncStream<RedisMessage> {
        try await subscribe(.shardChannel, channels)
    }

    private func subscribe(_ kind: RedisSubscriptionKind, _ names: [String]) async throws(RedisError)
        -> AsyncStream<RedisMessage>
    {
        var seen = Set<String>()
        let names = names.filter { seen.insert($0).inserted }
        guard !names.isEmpty else {
            throw RedisError(.invalidArgument, "\(kind.subscribeCommand) needs at least one name")
        }
        let (stream, continuation) = AsyncStream.makeStream(
            of: RedisMessage.self, bufferingPolicy: .bufferingOldest(bufferLimit))
        let registration = try await registry.register(kind, names, continuation: continuation)

        if let connection = registration.connection, !registration.missing.isEmpty {
            let result = await connection.subscribe(
                RESPCommand(kind.subscribeCommand, arguments: registration.missing), kind: kind.subscribeConfirmation,
                channelCount: registration.missing.count, timeout: configuration.commandTimeout)
            switch result {
            case .success:
                await registry.confirm(kind, registration.missing, on: connection)
            case .failure(let error) where error.code == .server:
                await registry.unregister(registration.streamID)
                throw error
            case .failure:
                // The connection broke; the reconnect subscribes again and confirms below.
                break
            }
        }

        if let waiter = await registry.beginWait(kind, names) {
            let registry = self.registry
            let timeout = configuration.connectTimeout + configuration.commandTimeout
            let outcome = await withDeadline(timeout) {
                await registry.awaitConfirmation(waiter)
            } expire: { cancelled in
                await registry.abandonWait(waiter, cancelled: cancelled, timeout: timeout)
            }
            if case .failure(let error) = outcome ?? .failure(RedisError(.timeout, "subscription not confirmed")) {
                await registry.unregister(registration.streamID)
                throw error
            }
        }
        return stream
    }

    // MARK: Service

    public func run() async throws {
        guard await registry.markStarted() else {
            throw RedisError(.invalidUsage, "RedisSubscriber.run() may only be called once")
        }
        await cancelWhenGracefulShutdown {
            await withDiscardingTaskGroup { group in
                group.addTask { await self.keepConnected() }
                group.addTask { await self.forgetEndedStreams() }
            }
        }
        await registry.finish()
    }

    /// A consumer that drops its stream unsubscribes (when nobody else wants those channels).
    private func forgetEndedStreams() async {
        for await streamID in registry.endedStreams {
            await registry.unregister(streamID)
        }
    }

    private func keepConnected() async {
        var failures = 0
        var connectionID = 0
        while !Task.isCancelled {
            connectionID += 1
            do throws(RedisError) {
                let connectedFor = try await serveOneConnection(id: connectionID)
                // A connection that dies right after the handshake counts as a failure, so a
                // server that keeps dropping us is not hammered without back-off.
                failures = connectedFor > .seconds(1) ? 0 : failures + 1
                if failures > 0 {
                    try? await Task.sleep(for: configuration.reconnectBackoff.delay(afterFailures: failures))
                }
            } catch {
                if Task.isCancelled { return }
                failures += 1
                await registry.connectFailed(error)
                logger.warning("redis subscriber connection failed", metadata: ["error": "\(error)"])
                try? await Task.sleep(for: configuration.reconnectBackoff.delay(afterFailures: failures))
            }
        }
    }

    /// Connects, subscribes to everything wanted, then delivers pushes until the connection ends;
    /// returns how long it was up.
    private func serveOneConnection(id: Int) async throws(RedisError) -> Duration {
        let (pushes, pushContinuation) = AsyncStream.makeStream(of: RESPValue.self)
        let connection = try await RedisConnection.connect(
            configuration: configuration, tls: try tls?.get(), eventLoop: eventLoopGroup.next(), id: id,
            logger: logger, pushes: pushContinuation)
        defer { connection.closeNow() }
        let start = ContinuousClock.now
        guard connection.protocolVersion == 3 else {
            throw RedisError(
                .protocolViolation, "pub/sub needs RESP3 (Redis 6 or newer); this server only speaks RESP2")
        }
        let wanted = await registry.connected(connection)
        for (kind, names) in wanted where !names.isEmpty {
            let result = await connection.subscribe(
                RESPCommand(kind.subscribeCommand, arguments: names), kind: kind.subscribeConfirmation,
                channelCount: names.count, timeout: configuration.commandTimeout)
            switch result {
            case .success:
                await registry.confirm(kind, names, on: connection)
            case .failure(let error) where error.code == .server:
                logger.error("redis refused a subscription", metadata: ["error": "\(error)"])
                await registry.reject(kind, names, error: error)
            case .failure(let error):
                await registry.disconnected(connection)
                throw error
            }
        }
        logger.debug("redis subscriber connected", metadata: ["redis.subscriptions": "\(wanted.values.map(\.count).reduce(0, +))"])
        for await push in pushes {
            await registry.deliver(push)
        }
        await registry.disconnected(connection)
        if !Task.isCancelled {
            logger.info("redis subscriber connection lost; reconnecting")
        }
        return ContinuousClock.now - start
    }
}
