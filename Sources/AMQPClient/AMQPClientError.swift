/// A failed AMQP operation. `code` says what kind of failure; `replyCode` carries the AMQP reply
/// code when the broker (or this client, closing a connection over a protocol violation) gave one.
public struct AMQPClientError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Extensible: new codes are new static lets, so adding one never breaks a caller's `switch`.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Base: String, Sendable, Hashable {
            case connectFailed, connectionLost, connectionClosed, channelClosed, nacked, returned, timeout
            case protocolError, authenticationFailed, shutDown, staleDelivery, badURL, consumerCancelled
            case invalidArgument, invalidUsage
        }

        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// No TCP connection could be made (refused, unreachable, connect timeout).
        public static let connectFailed = Code(.connectFailed)
        /// The connection broke (socket closed, missed heartbeats) before the operation finished.
        /// A publish that throws this may or may not have reached the broker.
        public static let connectionLost = Code(.connectionLost)
        /// The broker closed the connection; `replyCode` and the message say why (320 on shutdown,
        /// 530 for a refused virtual host …).
        public static let connectionClosed = Code(.connectionClosed)
        /// The broker closed the channel (404 no such queue or exchange, 406 precondition failed …);
        /// `replyCode` and the message carry its reason. The connection stays up.
        public static let channelClosed = Code(.channelClosed)
        /// The broker refused a confirmed publish (basic.nack).
        public static let nacked = Code(.nacked)
        /// A mandatory publish could not be routed to any queue (basic.return; `replyCode` 312).
        public static let returned = Code(.returned)
        /// No answer within the configured time (handshake, reply, waiting for a connection).
        public static let timeout = Code(.timeout)
        /// The broker sent something that is not valid AMQP 0-9-1 here; the connection was closed
        /// with `replyCode`.
        public static let protocolError = Code(.protocolError)
        /// The broker refused the credentials (or offers no mechanism this client speaks).
        public static let authenticationFailed = Code(.authenticationFailed)
        /// The connection, channel or client was closed by this process.
        public static let shutDown = Code(.shutDown)
        /// An ack, nack or reject for a delivery whose channel or connection is gone; the broker
        /// redelivers such a message anyway.
        public static let staleDelivery = Code(.staleDelivery)
        /// The configuration URL is malformed; the message never repeats the password.
        public static let badURL = Code(.badURL)
        /// The broker cancelled the consumer (its queue was deleted, for example).
        public static let consumerCancelled = Code(.consumerCancelled)
        /// A value cannot be sent (a name longer than 255 bytes, for example).
        public static let invalidArgument = Code(.invalidArgument)
        /// The API was used out of order (for example `run()` called twice).
        public static let invalidUsage = Code(.invalidUsage)

        public var description: String { base.rawValue }
    }

    public var code: Code
    /// The one-line explanation.
    public var message: String
    /// The AMQP reply code behind the error, when there is one.
    public var replyCode: UInt16?

    public init(_ code: Code, _ message: String, replyCode: UInt16? = nil) {
        self.code = code
        self.message = message
        self.replyCode = replyCode
    }

    public var description: String {
        if let replyCode { return "AMQPClientError(\(code), \(replyCode)): \(message)" }
        return "AMQPClientError(\(code)): \(message)"
    }
}

/// The reply codes of AMQP 0-9-1 this client sends or interprets.
enum AMQPReplyCode {
    static let success: UInt16 = 200
    static let accessRefused: UInt16 = 403
    static let frameError: UInt16 = 501
    static let channelError: UInt16 = 504
    static let unexpectedFrame: UInt16 = 505
    static let notImplemented: UInt16 = 540
}
