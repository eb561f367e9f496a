/// A failed SMTP exchange. `code` says what kind of failure; `replyCode` and `replyText` carry the
/// server's own words when the failure was a reply, so callers can log or show them.
public struct SMTPError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Extensible: new codes are new static lets, so adding one never breaks a caller's `switch`.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Base: String, Sendable, Hashable {
            case connectionFailed, unexpectedReply, malformedReply, timeout, rejectedRecipient
            case authenticationFailed, invalidMessage
        }

        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// Could not connect, or the server closed the connection mid-session.
        public static let connectionFailed = Code(.connectionFailed)
        /// The server answered with a code the current step does not accept (see `replyCode`).
        public static let unexpectedReply = Code(.unexpectedReply)
        /// The server sent bytes that are not an SMTP reply (bad code, overlong line, mixed codes).
        public static let malformedReply = Code(.malformedReply)
        /// No reply within the configured per-step timeout.
        public static let timeout = Code(.timeout)
        /// The server refused a recipient (RCPT TO); `message` names it.
        public static let rejectedRecipient = Code(.rejectedRecipient)
        /// AUTH PLAIN was refused.
        public static let authenticationFailed = Code(.authenticationFailed)
        /// The message cannot be sent safely (empty recipients, CR/LF or `<>` in an address or header).
        public static let invalidMessage = Code(.invalidMessage)

        public var description: String { base.rawValue }
    }

    public var code: Code
    /// The one-line explanation.
    public var message: String
    /// The server's reply code, when a reply caused the failure.
    public var replyCode: Int?
    /// The server's reply text (lines joined by "\n"), when a reply caused the failure.
    public var replyText: String?

    public init(_ code: Code, _ message: String, replyCode: Int? = nil, replyText: String? = nil) {
        self.code = code
        self.message = message
        self.replyCode = replyCode
        self.replyText = replyText
    }

    init(_ code: Code, _ message: String, reply: SMTPReply) {
        self.init(code, message, replyCode: reply.code, replyText: reply.text)
    }

    public var description: String {
        guard let replyCode else { return "SMTPError(\(code)): \(message)" }
        return "SMTPError(\(code)): \(message) [\(replyCode) \(replyText ?? "")]"
    }
}
