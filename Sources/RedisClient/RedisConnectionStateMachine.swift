import ClientSupport
import NIOCore
import RESP

/// One connection's protocol logic as a pure value; `RedisChannelHandler` feeds it events and
/// performs the actions it returns, so every rule here is tested without sockets.
///
/// connecting → handshaking → ready → (closing →) closed
///
/// Replies are matched to requests strictly in order (RESP has no request ids), so anything that
/// could desynchronise the stream — a reply nobody asked for, malformed bytes, a timed-out or
/// cancelled request — closes the connection and fails everything still waiting. `Pending` is
/// whatever the driver resumes with the results (a continuation in production, an Int in tests).
struct RedisConnectionStateMachine<Pending> {
    enum State: Equatable {
        case connecting
        case handshaking
        case ready(protocolVersion: Int)
        /// No new requests; closes once the pending ones are answered.
        case closing
        case closed(RedisError)
    }

    /// A request waiting for its replies. A pipeline is one entry expecting several replies; a
    /// (P|S)SUBSCRIBE is one entry completed by one confirming push per channel.
    struct Entry {
        let id: UInt64
        let pending: Pending
        let deadline: NIODeadline
        let label: String
        var remaining: Int
        var results: [Result<RESPValue, RedisError>]
        /// Lower-cased push kind ("subscribe" …) that answers this request, nil for normal replies.
        let confirmingPush: String?
    }

    /// Results to hand to one waiting request.
    struct Completion {
        var pending: Pending
        var results: [Result<RESPValue, RedisError>]
    }

    struct Close {
        var completions: [Completion]
        /// Set when the handshake had not finished: the connect attempt fails with this.
        var handshakeFailure: RedisError?
        /// False when the channel is already closed.
        var closeChannel: Bool
    }

    enum ActiveAction {
        case writeHandshake(RESPCommand, armTimerAt: NIODeadline)
        case none
    }

    enum WriteAction {
        case write(armTimerAt: NIODeadline?)
        case reject(RedisError)
    }

    enum InboundAction {
        case none
        case complete(Completion, thenClose: Bool)
        case deliverPush(RESPValue)
        case writeHandshake(RESPCommand)
        case handshakeSucceeded(protocolVersion: Int)
        case close(Close)
    }

    enum TimerAction {
        case none
        case arm(NIODeadline)
        case close(Close)
    }

    enum CloseAction {
        case none
        case close(Close)
    }

    static var confirmationKinds: Set<String> {
        ["subscribe", "psubscribe", "ssubscribe", "unsubscribe", "punsubscribe", "sunsubscribe"]
    }

    private(set) var state: State = .connecting
    /// Stored outside `state` so appending to it never copies it (no copy-on-write through an enum).
    private var queue = FIFO<Entry>()
    private var handshake: RedisHandshake
    private let handshakeTimeout: TimeAmount
    private var handshakeDeadline: NIODeadline?
    /// When the driver's single timer fires; always at or before the earliest pending deadline.
    private(set) var armedDeadline: NIODeadline?

    init(handshake settings: RedisHandshake.Settings, handshakeTimeout: TimeAmount) {
        self.handshake = RedisHandshake(settings: settings)
        self.handshakeTimeout = handshakeTimeout
    }

    var pendingCount: Int { queue.count }

    // MARK: Events

    mutating func channelActive(now: NIODeadline) -> ActiveAction {
        guard state == .connecting else { return .none }
        state = .handshaking
        let deadline = now + handshakeTimeout
        handshakeDeadline = deadline
        armedDeadline = deadline
        return .writeHandshake(handshake.start(), armTimerAt: deadline)
    }

    mutating func writeRequested(
        id: UInt64, pending: Pending, expectedReplies: Int, deadline: NIODeadline, label: String,
        confirmingPush: String? = nil
    ) -> WriteAction {
        switch state {
        case .ready:
            queue.append(
                Entry(
                    id: id, pending: pending, deadline: deadline, label: label, remaining: max(1, expectedReplies),
                    results: [], confirmingPush: confirmingPush?.lowercased()))
            if let armed = armedDeadline, armed <= deadline { return .write(armTimerAt: nil) }
            armedDeadline = deadline
            return .write(armTimerAt: deadline)
        case .connecting, .handshaking:
            return .reject(RedisError(.notConnected, "the connection is not ready yet", commandWasNotSent: true))
        case .closing:
            return .reject(RedisError(.connectionClosed, "the connection is closing", commandWasNotSent: true))
        case .closed(let reason):
            return .reject(
                RedisError(.connectionClosed, "the connection is closed (\(reason.message))", commandWasNotSent: true))
        }
    }

    mutating func replyReceived(_ reply: RESPValue) -> InboundAction {
        switch state {
        case .connecting:
            return .close(closeAll(RedisError(.protocolViolation, "the server sent data before the connection was up")))
        case .handshaking:
            switch handshake.replyReceived(reply) {
            case .send(let command):
                return .writeHandshake(command)
            case .succeeded(let version):
                state = .ready(protocolVersion: version)
                return .handshakeSucceeded(protocolVersion: version)
            case .failed(let error):
                return .close(closeAll(error))
            }
        case .ready, .closing:
            return replyForFirstEntry(reply)
        case .closed:
            return .none
        }
    }

    /// RESP3 out-of-band data: subscription confirmations answer the request waiting for them,
    /// everything else (messages, invalidations) goes to the push consumer.
    mutating func pushReceived(_ push: RESPValue) -> InboundAction {
        switch state {
        case .ready, .closing: break
        case .connecting, .handshaking, .closed: return .none
        }
        guard let kind = push.array?.first?.string?.lowercased(), Self.confirmationKinds.contains(kind),
            let first = queue.first, first.confirmingPush == kind
        else {
            return .deliverPush(push)
        }
        let done =
            queue.withFirst { entry -> Bool in
                entry.remaining -= 1
                return entry.remaining == 0
            } ?? false
        guard done, let entry = queue.popFirst() else { return .none }
        return complete(Completion(pending: entry.pending, results: [.success(push)]))
    }

    mutating func deadlineReached(now: NIODeadline) -> TimerAction {
        armedDeadline = nil
        switch state {
        case .handshaking:
            guard let deadline = handshakeDeadline else { return .none }
            if deadline <= now {
                return .close(
                    closeAll(RedisError(.timeout, "the handshake did not finish within the connect timeout")))
            }
            armedDeadline = deadline
            return .arm(deadline)
        case .ready, .closing:
            if queue.contains(where: { $0.deadline <= now }) {
                let close = closeAll(
                    RedisError(.connectionClosed, "the connection was closed because an earlier command timed out")
                ) { entry in
                    guard entry.deadline <= now else { return nil }
                    return RedisError(.timeout, "no reply to \(entry.label); the connection was closed")
                }
                return .close(close)
            }
            guard let earliest = queue.elements.map(\.deadline).min() else { return .none }
            armedDeadline = earliest
            return .arm(earliest)
        case .connecting, .closed:
            return .none
        }
    }

    /// The caller of request `id` stopped waiting. Its reply may still arrive and would be taken
    /// for the next request's, so the connection is discarded (see `RedisConnection.send`).
    mutating func cancelRequested(id: UInt64) -> CloseAction {
        switch state {
        case .ready, .closing:
            guard queue.contains(where: { $0.id == id }) else { return .none }
            let close = closeAll(
                RedisError(.connectionClosed, "the connection was closed because a command on it was cancelled")
            ) { entry in
                entry.id == id ? RedisError(.cancelled, "cancelled while waiting for the reply to \(entry.label)") : nil
            }
            return .close(close)
        case .connecting, .handshaking, .closed:
            return .none
        }
    }

    /// Malformed bytes (`.protocolViolation`) or an I/O or TLS failure.
    mutating func errorCaught(_ error: RedisError) -> CloseAction {
        if case .closed = state { return .none }
        return .close(closeAll(error))
    }

    mutating func channelInactive() -> CloseAction {
        if case .closed = state { return .none }
        return .close(closeAll(RedisError(.connectionClosed, "the server closed the connection"), closeChannel: false))
    }

    /// Graceful: stop taking requests, close once the pending ones are answered. Otherwise fail
    /// them at once.
    mutating func closeRequested(graceful: Bool) -> CloseAction {
        switch state {
        case .ready where graceful && !queue.isEmpty:
            state = .closing
            return .none
        case .closing where graceful:
            return .none
        case .closed:
            return .none
        default:
            return .close(closeAll(RedisError(.connectionClosed, "the connection was closed by the client")))
        }
    }

    // MARK: Helpers

    private mutating func replyForFirstEntry(_ reply: RESPValue) -> InboundAction {
        guard let first = queue.first else {
            return .close(closeAll(RedisError(.protocolViolation, "the server sent a reply nobody asked for")))
        }
        let result = Self.result(of: reply)
        if let kind = first.confirmingPush {
            // A (P|S)SUBSCRIBE is answered by pushes; only an error comes as a normal reply.
            guard case .failure = result, let entry = queue.popFirst() else {
                return .close(
                    closeAll(RedisError(.protocolViolation, "expected a '\(kind)' push, got a normal reply")))
            }
            return complete(Completion(pending: entry.pending, results: [result]))
        }
        let done =
            queue.withFirst { entry -> Bool in
                entry.results.append(result)
                entry.remaining -= 1
                return entry.remaining == 0
            } ?? false
        guard done, let entry = queue.popFirst() else { return .none }
        return complete(Completion(pending: entry.pending, results: entry.results))
    }

    private mutating func complete(_ completion: Completion) -> InboundAction {
        let thenClose = state == .closing && queue.isEmpty
        if thenClose {
            state = .closed(RedisError(.connectionClosed, "the connection was closed by the client"))
        }
        return .complete(completion, thenClose: thenClose)
    }

    /// Moves to `.closed` and fails every pending request: with `special(entry)` when it gives an
    /// error, otherwise with `error`. Replies already received for a pipeline are kept.
    private mutating func closeAll(
        _ error: RedisError, closeChannel: Bool = true, special: (Entry) -> RedisError? = { _ in nil }
    ) -> Close {
        let handshakeUnfinished: Bool
        switch state {
        case .connecting, .handshaking: handshakeUnfinished = true
        case .ready, .closing, .closed: handshakeUnfinished = false
        }
        state = .closed(error)
        armedDeadline = nil
        let completions = queue.removeAll().map { entry in
            let failure = Result<RESPValue, RedisError>.failure(special(entry) ?? error)
            if entry.confirmingPush != nil {
                return Completion(pending: entry.pending, results: [failure])
            }
            return Completion(
                pending: entry.pending, results: entry.results + Array(repeating: failure, count: entry.remaining))
        }
        return Close(
            completions: completions, handshakeFailure: handshakeUnfinished ? error : nil, closeChannel: closeChannel)
    }

    /// Error replies become `.server` failures; everything else is a value.
    static func result(of reply: RESPValue) -> Result<RESPValue, RedisError> {
        if let message = reply.errorMessage { return .failure(.server(message)) }
        return .success(reply)
    }
}

extension RedisConnectionStateMachine.Completion: Equatable where Pending: Equatable {}
extension RedisConnectionStateMachine.Close: Equatable where Pending: Equatable {}
extension RedisConnectionStateMachine.ActiveAction: Equatable {}
extension RedisConnectionStateMachine.WriteAction: Equatable {}
extension RedisConnectionStateMachine.InboundAction: Equatable where Pending: Equatable {}
extension RedisConnectionStateMachine.TimerAction: Equatable where Pending: Equatable {}
extension RedisConnectionStateMachine.CloseAction: Equatable where Pending: Equatable {}
