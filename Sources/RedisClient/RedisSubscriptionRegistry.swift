import ClientSupport
import Logging
import RESP

/// Everything the subscriber wants, independent of any one connection: the streams per channel
/// or pattern, which of those the current connection has confirmed, and callers waiting for a
/// confirmation. After a reconnect the run loop asks for the full list and subscribes again.
actor RedisSubscriptionRegistry {
    struct Registration: Sendable {
        var streamID: UInt64
        /// The connection to subscribe on now, if there is one.
        var connection: RedisConnection?
        /// Names not yet confirmed on that connection.
        var missing: [String]
    }

    private var streams: [RedisSubscriptionKey: [UInt64: AsyncStream<RedisMessage>.Continuation]] = [:]
    private var keysOfStream: [UInt64: [RedisSubscriptionKey]] = [:]
    private var live: RedisConnection?
    private var confirmed: Set<RedisSubscriptionKey> = []
    private var waiters = WaiterSlots<Result<Void, RedisError>>()
    private var keysOfWaiter: [UInt64: [RedisSubscriptionKey]] = [:]
    private var nextID: UInt64 = 0
    private var hasStarted = false
    private var isFinished = false
    private var lastConnectError: RedisError?
    private var droppedMessages = 0
    private let unsubscribeTimeout: Duration
    private let logger: Logger
    /// Ids of streams whose consumer went away (reported by `onTermination`, which cannot await
    /// the actor); `RedisSubscriber.run()` reads them and calls `unregister`.
    nonisolated let endedStreams: AsyncStream<UInt64>
    private let endedStreamsContinuation: AsyncStream<UInt64>.Continuation

    init(unsubscribeTimeout: Duration, logger: Logger) {
        self.unsubscribeTimeout = unsubscribeTimeout
        self.logger = logger
        (endedStreams, endedStreamsContinuation) = AsyncStream.makeStream(of: UInt64.self)
    }

    func markStarted() -> Bool {
        defer { hasStarted = true }
        return !hasStarted
    }

    // MARK: Streams

    func register(
        _ kind: RedisSubscriptionKind, _ names: [String], continuation: AsyncStream<RedisMessage>.Continuation
    ) throws(RedisError) -> Registration {
        guard !isFinished else { throw RedisError(.notConnected, "the subscriber has shut down") }
        nextID += 1
        let id = nextID
        let keys = names.map { RedisSubscriptionKey(kind: kind, name: $0) }
        for key in keys {
            streams[key, default: [:]][id] = continuation
        }
        keysOfStream[id] = keys
        let ended = endedStreamsContinuation
        continuation.onTermination = { _ in ended.yield(id) }
        let missing = keys.filter { !confirmed.contains($0) }.map(\.name)
        return Registration(streamID: id, connection: live, missing: missing)
    }

    /// Ends the stream and drops its subscriptions; channels nobody else listens to are
    /// unsubscribed on the server.
    func unregister(_ streamID: UInt64) {
        guard let keys = keysOfStream.removeValue(forKey: streamID) else { return }
        var finished = false
        for key in keys {
            if let continuation = streams[key]?.removeValue(forKey: streamID), !finished {
                continuation.finish()
                finished = true
            }
            dropIfUnused(key)
        }
    }

    func deliver(_ push: RESPValue) {
        guard let (key, message) = RedisPushParser.message(from: push), let listeners = streams[key] else {
            return
        }
        for (id, continuation) in listeners {
            switch continuation.yield(message) {
            case .enqueued:
                break
            case .dropped:
                droppedMessages += 1
                if droppedMessages.isPowerOfTwo {
                    logger.warning(
                        "redis subscriber dropped messages: a consumer is too slow",
                        metadata: ["redis.dropped": "\(droppedMessages)"])
                }
            case .terminated:
                // Normally `endedStreams` reported it already; this covers the gap until then.
                streams[key]?.removeValue(forKey: id)
            @unknown default:
                break
            }
        }
        dropIfUnused(key)
    }

    private func dropIfUnused(_ key: RedisSubscriptionKey) {
        guard streams[key]?.isEmpty ?? true else { return }
        streams[key] = nil
        if confirmed.remove(key) != nil { unsubscribeOnServer(key) }
    }

    private func unsubscribeOnServer(_ key: RedisSubscriptionKey) {
        live?.unsubscribeWithoutWaiting(
            RESPCommand(key.kind.unsubscribeCommand, key.name),
            kind: key.kind.unsubscribeConfirmation, channelCount: 1, timeout: unsubscribeTimeout)
    }

    // MARK: Connection life

    /// A new connection is up: everything wanted must be subscribed on it.
    func connected(_ connection: RedisConnection) -> [RedisSubscriptionKind: [String]] {
        live = connection
        confirmed = []
        lastConnectError = nil
        var wanted: [RedisSubscriptionKind: [String]] = [:]
        for key in streams.keys {
            wanted[key.kind, default: []].append(key.name)
        }
        return wanted
    }

    func disconnected(_ connection: RedisConnection) {
        guard live === connection else { return }
        live = nil
        confirmed = []
    }

    func connectFailed(_ error: RedisError) {
        lastConnectError = error
    }

    func confirm(_ kind: RedisSubscriptionKind, _ names: [String], on connection: RedisConnection) {
        guard live === connection else { return }
        for name in names {
            let key = RedisSubscriptionKey(kind: kind, name: name)
            if streams[key] != nil {
                confirmed.insert(key)
            } else {
                // Every stream for it ended while the subscribe was on its way.
                unsubscribeOnServer(key)
            }
        }
        for id in waiters.waitingIDs where (keysOfWaiter[id] ?? []).allSatisfy(confirmed.contains) {
            keysOfWaiter[id] = nil
            waiters.fulfill(id, .success(()))
        }
    }

    /// The server refused these subscriptions (for example an ACL without the channel): their
    /// streams end and those waiting for them get the error.
    func reject(_ kind: RedisSubscriptionKind, _ names: [String], error: RedisError) {
        let rejected = Set(names.map { RedisSubscriptionKey(kind: kind, name: $0) })
        for key in rejected {
            for (id, continuation) in streams.removeValue(forKey: key) ?? [:] {
                continuation.finish()
                keysOfStream[id] = nil
            }
        }
        for id in waiters.waitingIDs where (keysOfWaiter[id] ?? []).contains(where: rejected.contains) {
            keysOfWaiter[id] = nil
            waiters.fulfill(id, .failure(error))
        }
    }

    // MARK: Waiting for confirmation

    /// Nil when every key is already confirmed; otherwise an id to wait on.
    func beginWait(_ kind: RedisSubscriptionKind, _ names: [String]) -> UInt64? {
        let keys = names.map { RedisSubscriptionKey(kind: kind, name: $0) }
        guard !keys.allSatisfy(confirmed.contains) else { return nil }
        nextID += 1
        waiters.add(nextID)
        keysOfWaiter[nextID] = keys
        return nextID
    }

    func awaitConfirmation(_ id: UInt64) async -> Result<Void, RedisError> {
        if let result = waiters.take(id) { return result }
        return await withCheckedContinuation { continuation in
            waiters.park(id, continuation, fallback: .failure(RedisError(.invalidUsage, "unknown subscription waiter")))
        }
    }

    func abandonWait(_ id: UInt64, cancelled: Bool, timeout: Duration) {
        guard waiters.isWaiting(id) else { return }
        keysOfWaiter[id] = nil
        let error: RedisError
        if cancelled {
            error = RedisError(.cancelled, "cancelled while waiting for the subscription to be confirmed")
        } else if !hasStarted {
            error = RedisError(
                .notConnected, "subscription not confirmed within \(timeout): RedisSubscriber.run() has not been started")
        } else if let lastConnectError {
            error = RedisError(.notConnected, "subscription not confirmed within \(timeout): \(lastConnectError.message)")
        } else {
            error = RedisError(.timeout, "subscription not confirmed within \(timeout)")
        }
        waiters.fulfill(id, .failure(error))
    }

    // MARK: Shutdown

    /// `run()` has ended: every stream finishes and every waiter fails.
    func finish() {
        isFinished = true
        live = nil
        confirmed = []
        for continuation in streams.values.flatMap(\.values) {
            continuation.finish()
        }
        streams = [:]
        keysOfStream = [:]
        for id in waiters.waitingIDs {
            waiters.fulfill(id, .failure(RedisError(.notConnected, "the subscriber has shut down")))
        }
        keysOfWaiter = [:]
        endedStreamsContinuation.finish()
    }
}

extension Int {
    fileprivate var isPowerOfTwo: Bool { self > 0 && self & (self - 1) == 0 }
}
