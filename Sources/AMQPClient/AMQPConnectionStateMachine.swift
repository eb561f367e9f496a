import AMQPWire
import NIOCore

/// The connection-level protocol (channel 0) as a pure value; `AMQPConnectionHandler` feeds it
/// events and performs the actions it returns, so every rule here is tested without sockets.
///
/// idle → awaitingStart → awaitingTune → awaitingOpenOk → open → (closing →) closed
///
/// Handshake: protocol header → connection.start (PLAIN must be offered) → start-ok with the
/// credentials → tune → tune-ok (negotiated) + open(vhost) → open-ok. Heartbeats: one is sent when
/// nothing was sent for half the interval; a peer silent for two intervals is dead. Anything the
/// broker sends that makes no sense here closes the connection with a reply code; nothing crashes.
struct AMQPConnectionStateMachine {
    struct Settings: Equatable, Sendable {
        var username: String
        var password: String
        var virtualHost: String
        var connectionName: String
        /// Client preferences, negotiated with the broker's tune.
        var channelMax: UInt16
        var frameMax: UInt32
        /// Seconds; 0 asks for no heartbeats.
        var heartbeat: UInt16
        var connectTimeout: TimeAmount
        /// How long to wait for close-ok after sending connection.close.
        var closeTimeout: TimeAmount
    }

    /// What both sides agreed on.
    struct Tuning: Equatable, Sendable {
        var channelMax: UInt16
        var frameMax: UInt32
        /// Seconds; 0 means no heartbeats.
        var heartbeat: UInt16
    }

    enum State: Equatable {
        case idle
        case awaitingStart(deadline: NIODeadline)
        /// start-ok (the credentials) sent.
        case awaitingTune(deadline: NIODeadline)
        case awaitingOpenOk(deadline: NIODeadline, Tuning)
        case open(Tuning)
        /// connection.close sent; waiting for close-ok until `deadline`.
        case closing(deadline: NIODeadline)
        case closed
    }

    /// Ends the connection: write `send` on channel 0 first (connection.close or close-ok), fail
    /// every channel and waiter with `error` (nil: the client closed it), then close the socket
    /// now, or — after our connection.close — at close-ok or the close timeout.
    struct Shutdown: Equatable {
        var send: AMQPMethod?
        var closeSocket: Bool
        var error: AMQPClientError?
    }

    enum Action: Equatable {
        case none
        case sendProtocolHeader
        case send(AMQPMethod)
        /// Apply the tuning (frame size, heartbeats), then send these methods.
        case tuned(Tuning, send: [AMQPMethod])
        case opened
        case blocked(reason: String)
        case unblocked
        case sendHeartbeat
        case shutDown(Shutdown)
        /// Already shut down: write `send` if any, then close the socket.
        case closeSocket(send: AMQPMethod?)
    }

    private(set) var state: State = .idle
    /// How the connection ended (nil while up, and when the client closed it cleanly).
    private(set) var endReason: AMQPClientError?
    private(set) var blockedReason: String?
    private let settings: Settings
    private var lastSent: NIODeadline = .uptimeNanoseconds(0)
    private var lastReceived: NIODeadline = .uptimeNanoseconds(0)

    init(settings: Settings) {
        self.settings = settings
    }

    var isOpen: Bool {
        if case .open = state { return true }
        return false
    }

    var isBlocked: Bool { blockedReason != nil }

    var tuning: Tuning? {
        switch state {
        case .awaitingOpenOk(_, let tuning), .open(let tuning): tuning
        default: nil
        }
    }

    // MARK: Events

    mutating func channelActive(now: NIODeadline) -> Action {
        guard state == .idle else { return .none }
        state = .awaitingStart(deadline: now + settings.connectTimeout)
        return .sendProtocolHeader
    }

    /// A method frame on channel 0.
    mutating func methodReceived(_ method: AMQPMethod, now: NIODeadline) -> Action {
        lastReceived = now
        switch (state, method) {
        case (.awaitingStart(let deadline), .connectionStart(let start)):
            guard start.versionMajor == 0, start.versionMinor == 9 else {
                let version = "\(start.versionMajor)-\(start.versionMinor)"
                return fail(AMQPClientError(.protocolError, "the broker speaks AMQP \(version), not 0-9-1"), send: nil)
            }
            guard start.mechanisms.split(separator: " ").contains("PLAIN") else {
                let close = Close(
                    replyCode: AMQPReplyCode.notImplemented, replyText: "PLAIN authentication is required",
                    classID: 10, methodID: 11)
                return fail(
                    AMQPClientError(
                        .authenticationFailed, "the broker does not offer PLAIN authentication",
                        replyCode: AMQPReplyCode.notImplemented),
                    send: .connectionClose(close))
            }
            state = .awaitingTune(deadline: deadline)
            return .send(.connectionStartOk(startOk))

        case (.awaitingTune, .connectionSecure):
            return fail(
                AMQPClientError(.authenticationFailed, "the broker sent a SASL challenge; only PLAIN is supported"),
                send: .connectionClose(
                    Close(
                        replyCode: AMQPReplyCode.notImplemented, replyText: "SASL challenges are not supported",
                        classID: 10, methodID: 20)))

        case (.awaitingTune(let deadline), .connectionTune(let tune)):
            let tuning = Self.negotiate(client: settings, server: tune)
            guard tuning.frameMax >= AMQPFrameLimits.minimumFrameMax else {
                let error = AMQPClientError(
                    .protocolError, "the broker proposes frame-max \(tune.frameMax), below 4096",
                    replyCode: AMQPReplyCode.frameError)
                return protocolViolation(error, offending: method, now: now)
            }
            state = .awaitingOpenOk(deadline: deadline, tuning)
            return .tuned(
                tuning,
                send: [
                    .connectionTuneOk(
                        Connection.Tune(
                            channelMax: tuning.channelMax, frameMax: tuning.frameMax, heartbeat: tuning.heartbeat)),
                    .connectionOpen(virtualHost: settings.virtualHost),
                ])

        case (.awaitingOpenOk(_, let tuning), .connectionOpenOk):
            state = .open(tuning)
            lastSent = now
            return .opened

        case (.open, .connectionBlocked(let reason)):
            blockedReason = reason
            return .blocked(reason: reason)

        case (.open, .connectionUnblocked):
            blockedReason = nil
            return .unblocked

        case (.awaitingStart, .connectionClose(let close)), (.awaitingTune, .connectionClose(let close)),
            (.awaitingOpenOk, .connectionClose(let close)), (.open, .connectionClose(let close)):
            let error: AMQPClientError
            if case .awaitingTune = state, close.replyCode == AMQPReplyCode.accessRefused {
                error = AMQPClientError(
                    .authenticationFailed, "the broker refused the credentials: \(close.replyText)",
                    replyCode: close.replyCode)
            } else {
                error = AMQPClientError(
                    .connectionClosed, "the broker closed the connection: \(close.replyCode) \(close.replyText)",
                    replyCode: close.replyCode)
            }
            return finish(error, send: .connectionCloseOk, closeSocket: true)

        case (.closing, .connectionCloseOk):
            state = .closed
            return .closeSocket(send: nil)

        case (.closing, .connectionClose):
            // Both sides closed at once: answer and be done.
            state = .closed
            return .closeSocket(send: .connectionCloseOk)

        case (.closing, _), (.closed, _):
            // After connection.close everything but close / close-ok is discarded.
            return .none

        default:
            let error = AMQPClientError(
                .protocolError, "unexpected \(method.name) on channel 0", replyCode: AMQPReplyCode.unexpectedFrame)
            return protocolViolation(error, offending: method, now: now)
        }
    }

    /// Any other frame or bytes from the broker: it is alive.
    mutating func dataReceived(now: NIODeadline) {
        lastReceived = now
    }

    /// The driver wrote to the socket.
    mutating func dataSent(now: NIODeadline) {
        lastSent = now
    }

    /// The periodic timer: handshake and close deadlines, heartbeats, dead peers.
    mutating func tick(now: NIODeadline) -> Action {
        switch state {
        case .awaitingStart(let deadline), .awaitingTune(let deadline), .awaitingOpenOk(let deadline, _):
            guard now >= deadline else { return .none }
            return fail(
                AMQPClientError(.timeout, "the AMQP handshake did not finish within \(settings.connectTimeout)"),
                send: nil)
        case .open(let tuning):
            guard tuning.heartbeat > 0 else { return .none }
            let interval = TimeAmount.seconds(Int64(tuning.heartbeat))
            if now - lastReceived >= interval * 2 {
                return fail(
                    AMQPClientError(
                        .connectionLost, "the broker sent nothing for \(2 * Int(tuning.heartbeat))s (missed heartbeats)"
                    ),
                    send: nil)
            }
            if now - lastSent >= TimeAmount.nanoseconds(interval.nanoseconds / 2) {
                lastSent = now
                return .sendHeartbeat
            }
            return .none
        case .closing(let deadline):
            guard now >= deadline else { return .none }
            state = .closed
            return .closeSocket(send: nil)
        case .idle, .closed:
            return .none
        }
    }

    /// The client closes: connection.close and wait for close-ok (bounded by the close timeout).
    mutating func closeRequested(now: NIODeadline) -> Action {
        switch state {
        case .open:
            state = .closing(deadline: now + settings.closeTimeout)
            return .shutDown(
                Shutdown(
                    send: .connectionClose(Close(replyCode: AMQPReplyCode.success, replyText: "Goodbye")),
                    closeSocket: false, error: nil))
        case .idle, .awaitingStart, .awaitingTune, .awaitingOpenOk:
            return finish(
                AMQPClientError(.shutDown, "the connection was closed before the handshake finished"), send: nil,
                closeSocket: true)
        case .closing, .closed:
            return .none
        }
    }

    /// The broker broke the protocol (malformed bytes, a frame out of order on a channel): send
    /// connection.close with the error's reply code. After a framing error the byte stream cannot
    /// be trusted, so `closeSocketNow` skips waiting for close-ok.
    mutating func protocolViolation(
        _ error: AMQPClientError, offending: AMQPMethod? = nil, closeSocketNow: Bool = false, now: NIODeadline
    ) -> Action {
        switch state {
        case .closing, .closed:
            return .none
        case .idle:
            return finish(error, send: nil, closeSocket: true)
        case .awaitingStart, .awaitingTune, .awaitingOpenOk, .open:
            let close = Close(
                replyCode: error.replyCode ?? AMQPReplyCode.unexpectedFrame,
                replyText: Self.shortString(error.message),
                classID: offending?.classID ?? 0, methodID: offending?.methodID ?? 0)
            if closeSocketNow {
                return finish(error, send: .connectionClose(close), closeSocket: true)
            }
            endReason = error
            blockedReason = nil
            state = .closing(deadline: now + settings.closeTimeout)
            return .shutDown(Shutdown(send: .connectionClose(close), closeSocket: false, error: error))
        }
    }

    /// The socket closed.
    mutating func channelInactive() -> Action {
        switch state {
        case .closed:
            return .none
        case .closing:
            state = .closed
            return .none
        case .idle, .awaitingStart, .awaitingOpenOk:
            return finish(
                AMQPClientError(.connectionLost, "the broker closed the connection during the handshake"), send: nil,
                closeSocket: false)
        case .awaitingTune:
            // Without authentication_failure_close a broker just drops a client it refuses.
            return finish(
                AMQPClientError(
                    .authenticationFailed, "the broker closed the connection after the credentials were sent"),
                send: nil, closeSocket: false)
        case .open:
            return finish(
                AMQPClientError(.connectionLost, "the connection to the broker was lost"), send: nil, closeSocket: false
            )
        }
    }

    // MARK: Negotiation

    /// The smaller of two non-zero values; zero means "no limit", so the other side's value wins.
    static func negotiate<Value: FixedWidthInteger>(_ client: Value, _ server: Value) -> Value {
        client == 0 || server == 0 ? max(client, server) : min(client, server)
    }

    static func negotiate(client: Settings, server: Connection.Tune) -> Tuning {
        Tuning(
            channelMax: negotiate(client.channelMax, server.channelMax),
            frameMax: negotiate(client.frameMax, server.frameMax),
            heartbeat: negotiate(client.heartbeat, server.heartbeat))
    }

    // MARK: Helpers

    private var startOk: Connection.StartOk {
        var capabilities = AMQPFieldTable()
        for name in [
            "publisher_confirms", "consumer_cancel_notify", "basic.nack", "connection.blocked",
            "exchange_exchange_bindings", "authentication_failure_close", "per_consumer_qos",
        ] {
            capabilities[name] = .boolean(true)
        }
        let properties: AMQPFieldTable = [
            "product": .string("swift-amqp-client"),
            "platform": .string("Swift"),
            "version": .string("1.0"),
            "connection_name": .string(settings.connectionName),
            "capabilities": .table(capabilities),
        ]
        let response = [0] + Array(settings.username.utf8) + [0] + Array(settings.password.utf8)
        return Connection.StartOk(clientProperties: properties, mechanism: "PLAIN", response: response, locale: "en_US")
    }

    /// At most 255 bytes (a short string), cut on a character boundary.
    static func shortString(_ text: String) -> String {
        var text = Substring(text)
        while text.utf8.count > 255 { text = text.dropLast() }
        return String(text)
    }

    private mutating func fail(_ error: AMQPClientError, send: AMQPMethod?) -> Action {
        finish(error, send: send, closeSocket: true)
    }

    private mutating func finish(_ error: AMQPClientError, send: AMQPMethod?, closeSocket: Bool) -> Action {
        state = .closed
        endReason = error
        blockedReason = nil
        return .shutDown(Shutdown(send: send, closeSocket: closeSocket, error: error))
    }
}
