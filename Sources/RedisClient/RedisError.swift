/// A failed Redis operation. `code` says what kind of failure; for `.server` the message is the
/// server's own error reply (for example `WRONGTYPE Operation against a key …`).
public struct RedisError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Extensible: new codes are new static lets, so adding one never breaks a caller's `switch`.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Base: String, Sendable, Hashable {
            case server, timeout, connectionClosed, protocolViolation, notConnected, invalidURL
            case authenticationFailed, cancelled, invalidArgument, invalidUsage
        }

        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// The server answered with an error reply; `message` is its text.
        public static let server = Code(.server)
        /// No reply within the deadline; the connection it was sent on has been closed.
        public static let timeout = Code(.timeout)
        /// The connection closed (or broke) before the reply arrived.
        public static let connectionClosed = Code(.connectionClosed)
        /// The server sent bytes that are not RESP, or a reply nobody asked for.
        public static let protocolViolation = Code(.protocolViolation)
        /// No connection could be had in time (server down, client not running, or shut down).
        public static let notConnected = Code(.notConnected)
        /// The configuration URL is malformed; the message never repeats the password.
        public static let invalidURL = Code(.invalidURL)
        /// The server refused the credentials (or requires some and none were given).
        public static let authenticationFailed = Code(.authenticationFailed)
        /// The calling task was cancelled while waiting for the reply.
        public static let cancelled = Code(.cancelled)
        /// An argument cannot be used (for example an empty channel list).
        public static let invalidArgument = Code(.invalidArgument)
        /// The API was used out of order (for example `run()` called twice).
        public static let invalidUsage = Code(.invalidUsage)

        public var description: String { base.rawValue }
    }

    public var code: Code
    /// The one-line explanation.
    public var message: String
    /// True when the command never reached the socket, so sending it again cannot run it twice.
    var commandWasNotSent: Bool

    public init(_ code: Code, _ message: String) {
        self.init(code, message, commandWasNotSent: false)
    }

    init(_ code: Code, _ message: String, commandWasNotSent: Bool) {
        self.code = code
        self.message = message
        self.commandWasNotSent = commandWasNotSent
    }

    /// An error reply from the server.
    public static func server(_ message: String) -> RedisError {
        RedisError(.server, message)
    }

    /// The first word of a server error (`ERR`, `WRONGTYPE`, `NOSCRIPT`, `BUSYGROUP` …), by which
    /// Redis classifies its errors; nil for errors that did not come from the server.
    public var serverErrorPrefix: String? {
        guard code == .server else { return nil }
        return message.split(separator: " ", maxSplits: 1).first.map(String.init)
    }

    /// EVALSHA named a script the server does not have cached.
    public var isNoScript: Bool { serverErrorPrefix == "NOSCRIPT" }

    public var description: String { "RedisError(\(code)): \(message)" }
}
