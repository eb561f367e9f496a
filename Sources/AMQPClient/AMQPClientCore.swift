import AMQPWire
import ClientSupport
import Logging
import Synchronization

/// What `AMQPClient`'s callers and its `run()` share: the current connection and publishing
/// channel, the recorded topology, the recovering consumers, and the callers waiting for a
/// connection. Work that needs a task (attaching a consumer, reopening the publishing channel) is
/// posted to `events`, which `run()` turns into child tasks, so nothing outlives `run()`.
actor AMQPClientCore {
    struct Live: Sendable {
        let generation: UInt64
        let connection: AMQPConnection
        var publisher: AMQPChannel?
    }

    enum Event: Sendable {
        case attach(consumerID: UInt64, delay: Duration)
        case reopenPublisher(generation: UInt64, delay: Duration)
        case consumerEnded(consumerID: UInt64, generation: UInt64, reason: AMQPClientError?)
        case consumerDropped(consumerID: UInt64)
    }

    enum Need: Sendable {
        case connection
        case publisher
    }

    /// What an attach task needs to start a consumer on the current connection.
    struct Attachment: Sendable {
        let live: Live
        let queue: String
        let prefetch: UInt16
        let tag: String
        let continuation: AsyncThrowingStream<AMQPDelivery, any Error>.Continuation
    }

    private struct Consumer {
        let queue: String
        let prefetch: UInt16
        let tag: String
        let continuation: AsyncThrowingStream<AMQPDelivery, any Error>.Continuation
        /// The connection it is attached (or being attached) to.
        var generation: UInt64?
        var channel: AMQPChannel?
    }

    private enum WaitStart {
        case ready(Live)
        case failed(AMQPClientError)
        case waiting(UInt64)
    }

    nonisolated let events: AsyncStream<Event>
    nonisolated let eventSink: AsyncStream<Event>.Continuation
    private nonisolated let connectedFlag = Mutex(false)
    private let logger: Logger
    private var live: Live?
    private var generation: UInt64 = 0
    private var started = false
    private var isShutDown = false
    private var topology = AMQPTopology()
    private var consumers: [UInt64: Consumer] = [:]
    private var nextID: UInt64 = 0
    private var liveWaiters = WaiterSlots<Result<Live, AMQPClientError>>()
    private var liveNeeds: [UInt64: Need] = [:]
    private var attachWaiters = WaiterSlots<Result<Void, AMQPClientError>>()
    private var reopeningPublisher = false
    private var lastConnectError: AMQPClientError?

    init(logger: Logger) {
        (events, eventSink) = AsyncStream.makeStream(of: Event.self)
        self.logger = logger
    }

    nonisolated var isConnected: Bool { connectedFlag.withLock { $0 } }

    /// False when `run()` was already called once.
    func markStarted() -> Bool {
        defer { started = true }
        return !started
    }

    // MARK: Connection

    /// The connection is up, its topology declared and its publishing channel open; returns its
    /// generation (nil when the client shut down meanwhile: the caller closes it).
    func connected(_ connection: AMQPConnection, publisher: AMQPChannel) -> UInt64? {
        guard !isShutDown else { return nil }
        generation += 1
        live = Live(generation: generation, connection: connection, publisher: publisher)
        reopeningPublisher = false
        lastConnectError = nil
        connectedFlag.withLock { $0 = true }
        fulfillLiveWaiters()
        for id in consumers.keys.sorted() {
            consumers[id]?.generation = nil
            consumers[id]?.channel = nil
            eventSink.yield(.attach(consumerID: id, delay: .zero))
        }
        return generation
    }

    func disconnected(generation: UInt64) {
        guard live?.generation == generation else { return }
        live = nil
        connectedFlag.withLock { $0 = false }
        for id in consumers.keys where consumers[id]?.generation == generation {
            consumers[id]?.generation = nil
            consumers[id]?.channel = nil
        }
    }

    func connectFailed(_ error: AMQPClientError) {
        lastConnectError = error
    }

    /// The current connection when it is still `generation`.
    func live(generation: UInt64) -> Live? {
        live?.generation == generation ? live : nil
    }

    // MARK: Waiting for a connection

    /// The current connection (with an open publishing channel for `.publisher`), waiting at most
    /// `timeout` while the client (re)connects.
    nonisolated func awaitLive(_ need: Need, timeout: Duration) async throws(AMQPClientError) -> Live {
        switch await beginWait(need) {
        case .ready(let live):
            return live
        case .failed(let error):
            throw error
        case .waiting(let id):
            let result = await withDeadline(timeout) {
                await self.parkLiveWaiter(id)
            } expire: { cancelled in
                await self.abandonLiveWaiter(id, cancelled: cancelled, timeout: timeout)
            }
            return try (result ?? .failure(AMQPClientError(.timeout, "no connection within \(timeout)"))).get()
        }
    }

    private func beginWait(_ need: Need) -> WaitStart {
        if isShutDown { return .failed(Self.shutDownError) }
        if let live, satisfies(live, need) { return .ready(live) }
        if need == .publisher { requestPublisher() }
        nextID += 1
        liveWaiters.add(nextID)
        liveNeeds[nextID] = need
        return .waiting(nextID)
    }

    private func satisfies(_ live: Live, _ need: Need) -> Bool {
        guard live.connection.isOpen else { return false }
        switch need {
        case .connection: return true
        case .publisher: return live.publisher?.isOpen == true
        }
    }

    private func parkLiveWaiter(_ id: UInt64) async -> Result<Live, AMQPClientError> {
        if let result = liveWaiters.take(id) { return result }
        return await withCheckedContinuation { continuation in
            liveWaiters.park(
                id, continuation, fallback: .failure(AMQPClientError(.invalidUsage, "unknown connection waiter")))
        }
    }

    private func abandonLiveWaiter(_ id: UInt64, cancelled: Bool, timeout: Duration) {
        guard liveWaiters.isWaiting(id) else { return }
        liveNeeds[id] = nil
        let error: AMQPClientError
        if cancelled {
            error = AMQPClientError(.timeout, "cancelled while waiting for a connection to the broker")
        } else if !started {
            error = AMQPClientError(.timeout, "no connection within \(timeout): AMQPClient.run() has not been started")
        } else if let lastConnectError {
            error = AMQPClientError(
                .timeout, "no connection within \(timeout): \(lastConnectError.message)",
                replyCode: lastConnectError.replyCode)
        } else {
            error = AMQPClientError(.timeout, "no connection to the broker within \(timeout)")
        }
        liveWaiters.fulfill(id, .failure(error))
    }

    private func fulfillLiveWaiters() {
        guard let live else { return }
        for id in liveWaiters.waitingIDs {
            guard let need = liveNeeds[id], satisfies(live, need) else { continue }
            liveNeeds[id] = nil
            liveWaiters.fulfill(id, .success(live))
        }
    }

    // MARK: Publishing channel

    /// The publishing channel was closed (by a channel error such as publishing to a missing
    /// exchange): ask `run()` for a new one, once.
    private func requestPublisher(after delay: Duration = .zero) {
        guard let live, !reopeningPublisher, live.connection.isOpen else { return }
        reopeningPublisher = true
        eventSink.yield(.reopenPublisher(generation: live.generation, delay: delay))
    }

    /// False when the connection changed meanwhile (the caller closes the channel).
    func publisherOpened(generation: UInt64, channel: AMQPChannel) -> Bool {
        guard live?.generation == generation else { return false }
        live?.publisher = channel
        reopeningPublisher = false
        fulfillLiveWaiters()
        return true
    }

    func publisherReopenFailed(generation: UInt64, error: AMQPClientError) {
        guard live?.generation == generation else { return }
        reopeningPublisher = false
        logger.warning("amqp publishing channel could not be reopened", metadata: ["error": "\(error)"])
        if liveNeeds.values.contains(.publisher) { requestPublisher(after: .seconds(1)) }
    }

    // MARK: Topology

    func record(_ record: AMQPTopology.Record) throws(AMQPClientError) -> (replaced: AMQPTopology.Record?, isNew: Bool)
    {
        if isShutDown { throw Self.shutDownError }
        return topology.record(record)
    }

    func undo(_ record: AMQPTopology.Record, replaced: AMQPTopology.Record?, isNew: Bool) {
        topology.undo(record, replaced: replaced, isNew: isNew)
    }

    func unbind(_ unbind: Queue.Unbind) {
        topology.unbind(unbind)
    }

    func queueDeleted(_ name: String) {
        topology.queueDeleted(name)
    }

    func exchangeDeleted(_ name: String) {
        topology.exchangeDeleted(name)
    }

    var topologyRecords: [AMQPTopology.Record] { topology.records }

    // MARK: Consumers

    func addConsumer(
        queue: String, prefetch: UInt16, tagPrefix: String,
        continuation: AsyncThrowingStream<AMQPDelivery, any Error>.Continuation
    ) throws(AMQPClientError) -> (id: UInt64, tag: String) {
        if isShutDown { throw Self.shutDownError }
        nextID += 1
        let id = nextID
        let tag = AMQPConnectionStateMachine.shortString("\(tagPrefix)-consumer-\(id)")
        consumers[id] = Consumer(queue: queue, prefetch: prefetch, tag: tag, continuation: continuation)
        attachWaiters.add(id)
        if live != nil { eventSink.yield(.attach(consumerID: id, delay: .zero)) }
        return (id, tag)
    }

    /// Waits until the new consumer was started on a connection (or failed to), at most `timeout`.
    nonisolated func awaitFirstAttach(_ id: UInt64, timeout: Duration) async -> Result<Void, AMQPClientError> {
        let result = await withDeadline(timeout) {
            await self.parkAttachWaiter(id)
        } expire: { cancelled in
            await self.abandonAttachWaiter(id, cancelled: cancelled, timeout: timeout)
        }
        return result ?? .failure(AMQPClientError(.timeout, "the consumer did not start within \(timeout)"))
    }

    private func parkAttachWaiter(_ id: UInt64) async -> Result<Void, AMQPClientError> {
        if let result = attachWaiters.take(id) { return result }
        return await withCheckedContinuation { continuation in
            attachWaiters.park(id, continuation, fallback: .failure(AMQPClientError(.invalidUsage, "unknown consumer")))
        }
    }

    private func abandonAttachWaiter(_ id: UInt64, cancelled: Bool, timeout: Duration) {
        guard attachWaiters.isWaiting(id) else { return }
        let reason = lastConnectError.map { ": \($0.message)" } ?? ""
        attachWaiters.fulfill(
            id,
            .failure(
                AMQPClientError(
                    .timeout,
                    cancelled
                        ? "cancelled while starting the consumer"
                        : "the consumer did not start within \(timeout)\(reason)")))
    }

    /// Claims consumer `id` for the current connection; nil when there is none, or it is already
    /// attached (or being attached) there.
    func beginAttach(_ id: UInt64) -> Attachment? {
        guard !isShutDown, let live, live.connection.isOpen, let consumer = consumers[id],
            consumer.generation != live.generation
        else { return nil }
        consumers[id]?.generation = live.generation
        return Attachment(
            live: live, queue: consumer.queue, prefetch: consumer.prefetch, tag: consumer.tag,
            continuation: consumer.continuation)
    }

    /// False when the consumer or the connection went away meanwhile (the caller closes `channel`).
    func attached(_ id: UInt64, generation: UInt64, channel: AMQPChannel) -> Bool {
        guard consumers[id]?.generation == generation, live?.generation == generation else { return false }
        consumers[id]?.channel = channel
        attachWaiters.fulfill(id, .success(()))
        return true
    }

    func attachFailed(_ id: UInt64, generation: UInt64, error: AMQPClientError) {
        guard consumers[id]?.generation == generation else { return }
        consumers[id]?.generation = nil
        consumers[id]?.channel = nil
        // The first start reports to `consume()`, which gives up on the consumer.
        if attachWaiters.fulfill(id, .failure(error)) { return }
        switch error.code {
        case .channelClosed:
            // The broker refuses the queue (gone, locked by an exclusive consumer …): retrying
            // would not help.
            logger.error("amqp consumer cannot resume", metadata: ["error": "\(error)"])
            consumers.removeValue(forKey: id)?.continuation.finish(throwing: error)
        case .timeout:
            if live?.generation == generation { eventSink.yield(.attach(consumerID: id, delay: .seconds(1))) }
        default:
            break  // the connection is going; the next one attaches it again
        }
    }

    func consumerEnded(_ id: UInt64, generation: UInt64, reason: AMQPClientError?) {
        guard consumers[id]?.generation == generation else { return }
        consumers[id]?.generation = nil
        consumers[id]?.channel = nil
        switch reason?.code {
        case nil:
            break  // the client closed it
        case .consumerCancelled?:
            consumers.removeValue(forKey: id)?.continuation.finish(throwing: reason)
        case .channelClosed?, .timeout?:
            // Its channel died (a bad ack, say) while the connection lives on: start it again.
            logger.warning(
                "amqp consumer channel closed; restarting the consumer",
                metadata: ["reason": "\(reason.map { "\($0)" } ?? "")"])
            if live?.generation == generation { eventSink.yield(.attach(consumerID: id, delay: .seconds(1))) }
        default:
            break  // the connection is gone; the next one attaches it again
        }
    }

    /// Forgets a consumer (its stream was dropped, or its start failed); returns its channel to close.
    func removeConsumer(_ id: UInt64) -> AMQPChannel? {
        attachWaiters.fulfill(id, .failure(AMQPClientError(.shutDown, "the consumer was removed")))
        guard let consumer = consumers.removeValue(forKey: id) else { return nil }
        consumer.continuation.finish()
        return consumer.channel
    }

    // MARK: Shutdown

    func shutDown() {
        isShutDown = true
        live = nil
        connectedFlag.withLock { $0 = false }
        for id in liveWaiters.waitingIDs {
            liveWaiters.fulfill(id, .failure(Self.shutDownError))
        }
        liveNeeds = [:]
        for id in consumers.keys.sorted() {
            attachWaiters.fulfill(id, .failure(Self.shutDownError))
            consumers[id]?.continuation.finish()
        }
        consumers = [:]
        eventSink.finish()
    }

    static let shutDownError = AMQPClientError(.shutDown, "the AMQP client has shut down")
}
