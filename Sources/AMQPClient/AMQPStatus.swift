import AMQPWire
import Synchronization

/// What the connection handler (on its event loop) tells the thread-safe public objects: blocked
/// or not, and how it ended.
final class AMQPConnectionStatus: Sendable {
    private struct State {
        var blocked = false
        var ended = false
        var endReason: AMQPClientError?
    }

    private let state = Mutex(State())

    var isBlocked: Bool { state.withLock { $0.blocked } }
    var hasEnded: Bool { state.withLock { $0.ended } }

    func setBlocked(_ blocked: Bool) {
        state.withLock { $0.blocked = blocked }
    }

    func markEnded(_ reason: AMQPClientError?) {
        state.withLock { state in
            guard !state.ended else { return }
            state.ended = true
            state.endReason = reason
            state.blocked = false
        }
    }

    /// What an operation on a connection that is gone fails with.
    var goneError: AMQPClientError {
        state.withLock { state in
            guard state.ended else { return AMQPClientError(.connectionLost, "the connection is not available") }
            if let reason = state.endReason {
                return AMQPClientError(
                    reason.code == .shutDown ? .shutDown : .connectionLost,
                    "the connection is gone (\(reason.message))", replyCode: reason.replyCode)
            }
            return AMQPClientError(.shutDown, "the connection was closed by the client")
        }
    }
}

/// One channel's open/closed flag and the callers waiting for it to close.
final class AMQPChannelStatus: Sendable {
    private struct State {
        var closed = false
        var reason: AMQPClientError?
        var waiters: [CheckedContinuation<AMQPClientError?, Never>] = []
    }

    private let state = Mutex(State())

    var isOpen: Bool { state.withLock { !$0.closed } }

    /// What a request on the closed channel fails with; nil while it is open.
    var closedError: AMQPClientError? {
        state.withLock { state in
            guard state.closed else { return nil }
            return state.reason ?? AMQPClientError(.shutDown, "the channel was closed")
        }
    }

    func markClosed(_ reason: AMQPClientError?) {
        let waiters = state.withLock { state -> [CheckedContinuation<AMQPClientError?, Never>] in
            guard !state.closed else { return [] }
            state.closed = true
            state.reason = reason
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume(returning: reason) }
    }

    /// Waits until the channel is closed; nil when the client closed it.
    func closed() async -> AMQPClientError? {
        await withCheckedContinuation { continuation in
            let result = state.withLock { state -> AMQPClientError?? in
                if state.closed { return .some(state.reason) }
                state.waiters.append(continuation)
                return .none
            }
            if let result { continuation.resume(returning: result) }
        }
    }
}

/// Where a consumer's deliveries go. A plain consumer finishes its stream when it ends (throwing
/// unless the client ended it); a recovering consumer of `AMQPClient` reports the end instead and
/// keeps its stream for the next connection.
final class AMQPDeliverySink: Sendable {
    private let continuation: AsyncThrowingStream<AMQPDelivery, any Error>.Continuation
    private let onEnd: (@Sendable (AMQPClientError?) -> Void)?

    init(
        continuation: AsyncThrowingStream<AMQPDelivery, any Error>.Continuation,
        onEnd: (@Sendable (AMQPClientError?) -> Void)? = nil
    ) {
        self.continuation = continuation
        self.onEnd = onEnd
    }

    func deliver(_ delivery: AMQPDelivery) {
        continuation.yield(delivery)
    }

    func end(_ error: AMQPClientError?) {
        if let onEnd {
            onEnd(error)
        } else if let error {
            continuation.finish(throwing: error)
        } else {
            continuation.finish()
        }
    }
}
