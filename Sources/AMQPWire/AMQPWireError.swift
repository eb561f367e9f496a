/// Why bytes from the peer (or a value we were asked to send) are not valid AMQP.
/// Each code maps to the reply code a connection closes with.
public struct AMQPWireError: Error, Sendable, Equatable, CustomStringConvertible {
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        public let name: String
        /// The AMQP reply code for `connection.close`.
        public let replyCode: UInt16
        public var description: String { name }

        /// Frame type octet not 1 (method), 2 (header), 3 (body) or 8 (heartbeat).
        public static let unknownFrameType = Code(name: "unknown-frame-type", replyCode: 501)
        /// The byte after the payload is not 0xCE.
        public static let badFrameEnd = Code(name: "bad-frame-end", replyCode: 501)
        /// The frame is larger than the negotiated frame-max.
        public static let frameTooLarge = Code(name: "frame-too-large", replyCode: 501)
        /// A payload ends before its fields do, or has bytes left over.
        public static let malformedPayload = Code(name: "malformed-payload", replyCode: 502)
        /// A class/method pair we do not know.
        public static let unknownMethod = Code(name: "unknown-method", replyCode: 540)
        /// A field-table value with an unknown type tag, or tables nested too deep.
        public static let badFieldValue = Code(name: "bad-field-value", replyCode: 502)
        /// A short string over 255 bytes, or text that is not UTF-8 where text is required.
        public static let badString = Code(name: "bad-string", replyCode: 502)
        /// A heartbeat on a channel other than 0.
        public static let badHeartbeat = Code(name: "bad-heartbeat", replyCode: 501)
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }
}
