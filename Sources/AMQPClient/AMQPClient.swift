import AMQPWire
import ClientSupport
import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle

/// An AMQP client that survives connection loss.
///
/// `run()` (a swift-service-lifecycle `Service`) owns the connection for the client's whole life:
/// it connects, re-declares the recorded topology, opens a publishing channel in confirm mode and
/// resumes the consumers; after any loss it reconnects with jittered exponential back-off and does
/// it all again, until graceful shutdown or cancellation. Calls made while it is (re)connecting
/// wait for the connection, at most `requestTimeout`.
///
/// Delivery guarantees: `publish` returns only once the broker confirmed the message; a publish in
/// flight when the connection drops throws `.connectionLost` (the message may or may not have
/// arrived: send it again if duplicates are acceptable). Consumers use manual acknowledgements;
/// deliveries received before a reconnect can no longer be acknowledged (`.staleDelivery`) and the
/// broker redelivers them, so consumers see each message at least once.
public final class AMQPClient: Service, Sendable {
    public let configuration: AMQPConfiguration
    private let logger: Logger
    private let eventLoopGroup: any EventLoopGroup
    private let core: AMQPClientCore
    private let backoff: ReconnectBackoff

    public init(
        configuration: AMQPConfiguration,
        logger: Logger,
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) {
        self.configuration = configuration
        self.logger = logger
        self.eventLoopGroup = eventLoopGroup
        self.core = AMQPClientCore(logger: logger)
        self.backoff = ReconnectBackoff(base: configuration.reconnectDelay.min, cap: configuration.reconnectDelay.max)
    }

    /// True while a connection is up and recovered.
    public var isConnected: Bool { core.isConnected }

    // MARK: Service

    public func run() async throws {
        guard await core.markStarted() else {
            throw AMQPClientError(.invalidUsage, "AMQPClient.run() may only be called once")
        }
        logger.debug("amqp client starting", metadata: ["amqp.server": "\(configuration)"])
        await cancelWhenGracefulShutdown {
            await withDiscardingTaskGroup { group in
                group.addTask { await self.keepConnected() }
                // Ends when this task is cancelled.
                for await event in self.core.events {
                    switch event {
                    case .attach(let id, let delay):
                        group.addTask { await self.attach(id, delay: delay) }
                    case .reopenPublisher(let generation, let delay):
                        group.addTask { await self.reopenPublisher(generation: generation, delay: delay) }
                    case .consumerEnded(let id, let generation, let reason):
                        await self.core.consumerEnded(id, generation: generation, reason: reason)
                    case .consumerDropped(let id):
                        await self.core.removeConsumer(id)?.startClose()
                    }
                }
            }
        }
        await core.shutDown()
        logger.debug("amqp client stopped")
    }

    private func keepConnected() async {
        var failures = 0
        while !Task.isCancelled {
            let connection: AMQPConnection
            do {
                connection = try await AMQPConnection.connect(
                    configuration, eventLoopGroup: eventLoopGroup, logger: logger)
            } catch {
                if Task.isCancelled { return }
                failures += 1
                let failure = error as? AMQPClientError ?? AMQPClientError(.connectFailed, "\(error)")
                await core.connectFailed(failure)
                logger.warning(
                    "amqp connect attempt failed", metadata: ["error": "\(failure)", "amqp.failures": "\(failures)"])
                try? await Task.sleep(for: backoff.delay(afterFailures: failures))
                continue
            }
            let start = ContinuousClock.now
            let reason = await withTaskCancellationHandler {
                await serve(connection)
            } onCancel: {
                connection.startClose()
            }
            if Task.isCancelled { return }
            // A connection that dies soon after the handshake counts as another failure, so a
            // broker that keeps dropping us is not hammered without back-off.
            failures = ContinuousClock.now - start > .seconds(10) ? 1 : failures + 1
            logger.warning(
                "amqp connection lost; reconnecting", metadata: ["reason": "\(reason.map { "\($0)" } ?? "closed")"])
            try? await Task.sleep(for: backoff.delay(afterFailures: failures))
        }
    }

    /// Recovers onto `connection`, then waits until it ends; returns why.
    private func serve(_ connection: AMQPConnection) async -> AMQPClientError? {
        let generation: UInt64
        do {
            try await redeclareTopology(on: connection)
            let publisher = try await connection.openChannel()
            try await publisher.confirmSelect()
            guard let connected = await core.connected(connection, publisher: publisher) else {
                try? await connection.close()
                return nil
            }
            generation = connected
        } catch {
            logger.warning("amqp recovery failed", metadata: ["error": "\(error)"])
            connection.startClose()
            return await connection.closed() ?? (error as? AMQPClientError)
        }
        logger.info("amqp client connected", metadata: ["amqp.server": "\(configuration)"])
        let reason = await connection.closed()
        await core.disconnected(generation: generation)
        return reason
    }

    /// Declares every recorded exchange, queue and binding again, in order. One the broker refuses
    /// (declared elsewhere with other arguments, say) is logged and skipped; a lost connection
    /// ends recovery.
    private func redeclareTopology(on connection: AMQPConnection) async throws {
        var channel: AMQPChannel?
        for record in await core.topologyRecords {
            do {
                let current: AMQPChannel
                if let channel, channel.isOpen {
                    current = channel
                } else {
                    current = try await connection.openChannel()
                }
                channel = current
                try await record.apply(on: current)
            } catch let error as AMQPClientError where error.code == .channelClosed {
                logger.error(
                    "amqp broker refused to re-declare", metadata: ["record": "\(record)", "error": "\(error)"])
            }
        }
        try? await channel?.close()
    }

    private func attach(_ id: UInt64, delay: Duration) async {
        if delay > .zero {
            try? await Task.sleep(for: delay)
            if Task.isCancelled { return }
        }
        guard let attachment = await core.beginAttach(id) else { return }
        let generation = attachment.live.generation
        var opened: AMQPChannel?
        do {
            let channel = try await attachment.live.connection.openChannel()
            opened = channel
            try await channel.qos(prefetchCount: attachment.prefetch)
            let events = core.eventSink
            let sink = AMQPDeliverySink(continuation: attachment.continuation) { reason in
                events.yield(.consumerEnded(consumerID: id, generation: generation, reason: reason))
            }
            _ = try await channel.startConsumer(
                queue: attachment.queue, consumerTag: attachment.tag, exclusive: false, arguments: [:], sink: sink)
            if await !core.attached(id, generation: generation, channel: channel) {
                channel.startClose()
            }
        } catch {
            opened?.startClose()
            let failure = error as? AMQPClientError ?? AMQPClientError(.connectionLost, "\(error)")
            logger.warning(
                "amqp consumer could not start", metadata: ["queue": "\(attachment.queue)", "error": "\(failure)"])
            await core.attachFailed(id, generation: generation, error: failure)
        }
    }

    private func reopenPublisher(generation: UInt64, delay: Duration) async {
        if delay > .zero {
            try? await Task.sleep(for: delay)
            if Task.isCancelled { return }
        }
        guard let live = await core.live(generation: generation) else { return }
        do {
            let channel = try await live.connection.openChannel()
            try await channel.confirmSelect()
            if await !core.publisherOpened(generation: generation, channel: channel) {
                channel.startClose()
            }
        } catch {
            let failure = error as? AMQPClientError ?? AMQPClientError(.connectionLost, "\(error)")
            await core.publisherReopenFailed(generation: generation, error: failure)
        }
    }

    // MARK: Topology (recorded for recovery)

    /// Declares an exchange now (waiting for a connection) and again on every new connection.
    public func declareExchange(_ declare: Exchange.Declare) async throws {
        try await recorded(.exchange(declare)) { try await $0.declareExchange(declare) }
    }

    /// Declares a queue now and again on every new connection (server-named queues, with an empty
    /// name, are declared once and not recorded).
    public func declareQueue(_ declare: Queue.Declare) async throws -> Queue.DeclareOk {
        try await recorded(.queue(declare)) { try await $0.declareQueue(declare) }
    }

    public func bindQueue(_ bind: Queue.Bind) async throws {
        try await recorded(.binding(bind)) { try await $0.bindQueue(bind) }
    }

    public func unbindQueue(_ unbind: Queue.Unbind) async throws {
        await core.unbind(unbind)
        try await onShortLivedChannel { try await $0.unbindQueue(unbind) }
    }

    /// Deletes the queue and forgets it (and its bindings). Returns how many messages it held.
    public func deleteQueue(_ delete: Queue.Delete) async throws -> UInt32 {
        await core.queueDeleted(delete.queue)
        return try await onShortLivedChannel { try await $0.deleteQueue(delete) }
    }

    /// Deletes the exchange and forgets it (and the bindings from it).
    public func deleteExchange(_ delete: Exchange.Delete) async throws {
        await core.exchangeDeleted(delete.exchange)
        try await onShortLivedChannel { try await $0.deleteExchange(delete) }
    }

    private func recorded<Value: Sendable>(
        _ record: AMQPTopology.Record, _ operation: (AMQPChannel) async throws -> Value
    ) async throws -> Value {
        let (replaced, isNew) = try await core.record(record)
        do {
            return try await onShortLivedChannel(operation)
        } catch {
            await core.undo(record, replaced: replaced, isNew: isNew)
            throw error
        }
    }

    /// Runs `operation` on a short-lived channel of the current connection, waiting for one if
    /// needed; when the connection drops mid-way it runs again on the next one (topology
    /// operations are idempotent). All within `requestTimeout`.
    private func onShortLivedChannel<Value: Sendable>(_ operation: (AMQPChannel) async throws -> Value) async throws
        -> Value
    {
        let deadline = ContinuousClock.now + configuration.requestTimeout
        while true {
            let live = try await core.awaitLive(
                .connection, timeout: max(deadline - ContinuousClock.now, .milliseconds(1)))
            do {
                return try await Self.withShortLivedChannel(on: live.connection, operation)
            } catch let error as AMQPClientError where error.code == .connectionLost && ContinuousClock.now < deadline {
                logger.debug(
                    "amqp connection lost during a topology operation; trying again", metadata: ["error": "\(error)"])
                try await Task.sleep(for: .milliseconds(50))
            }
        }
    }

    private static func withShortLivedChannel<Value: Sendable>(
        on connection: AMQPConnection, _ body: (AMQPChannel) async throws -> Value
    ) async throws -> Value {
        let channel = try await connection.openChannel()
        do {
            let value = try await body(channel)
            try? await channel.close()
            return value
        } catch {
            try? await channel.close()
            throw error
        }
    }

    // MARK: Publishing

    /// Publishes on the client's publishing channel (confirm mode) and returns after the broker's
    /// ack. Concurrent calls pipeline: many may be in flight. Throws `.nacked`, `.returned`
    /// (mandatory and unroutable), `.channelClosed` (for example a missing exchange; the channel
    /// is replaced for later calls), `.connectionLost` when the connection dropped before the
    /// confirm, `.timeout` when no connection came within `requestTimeout`, `.shutDown` after
    /// shutdown. Never drops a message silently.
    public func publish(_ message: AMQPMessage, exchange: String, routingKey: String, mandatory: Bool = false)
        async throws
    {
        let live = try await core.awaitLive(.publisher, timeout: configuration.requestTimeout)
        guard let publisher = live.publisher else {
            throw AMQPClientError(.connectionLost, "no publishing channel")
        }
        try await publisher.publish(message, exchange: exchange, routingKey: routingKey, mandatory: mandatory)
    }

    // MARK: Consuming

    /// A consumer that survives reconnects: its own channel with basic.qos(`prefetch`) and manual
    /// acknowledgements; after a reconnect (or if its channel is closed by an error) it resumes.
    /// Returns once it has started (waiting for a connection at most `requestTimeout`); throws if
    /// the broker refuses it (`.channelClosed` with 404 for a missing queue). Iteration ends when
    /// the client shuts down, and throws `.consumerCancelled` if the broker cancels it (its queue
    /// was deleted). Dropping the iteration cancels it.
    public func consume(queue: String, prefetch: UInt16) async throws -> AMQPConsumer {
        let (stream, continuation) = AsyncThrowingStream.makeStream(of: AMQPDelivery.self)
        let (id, tag) = try await core.addConsumer(
            queue: queue, prefetch: prefetch, tagPrefix: configuration.connectionName, continuation: continuation)
        let events = core.eventSink
        continuation.onTermination = { termination in
            if case .cancelled = termination { events.yield(.consumerDropped(consumerID: id)) }
        }
        switch await core.awaitFirstAttach(id, timeout: configuration.requestTimeout) {
        case .success:
            return AMQPConsumer(consumerTag: tag, stream: stream)
        case .failure(let error):
            await core.removeConsumer(id)?.startClose()
            throw error
        }
    }

    // MARK: Short-lived channels

    /// A channel on the current connection for the duration of `body` (not recovered), for tools
    /// such as inspecting a queue with basic.get. Waits for a connection at most `requestTimeout`.
    public func withChannel<Value: Sendable>(_ body: (AMQPChannel) async throws -> Value) async throws -> Value {
        let live = try await core.awaitLive(.connection, timeout: configuration.requestTimeout)
        return try await Self.withShortLivedChannel(on: live.connection, body)
    }
}
