/// Bytes that can never become a RESP value. The stream is out of sync after one of these, so
/// the connection that produced them should be closed.
public struct RESPError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Extensible: new codes are new static lets, so adding one never breaks a caller's `switch`.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Base: String, Sendable, Hashable {
            case unknownType, badLength, lengthTooLarge, tooDeep, tooManyElements, badNumber
            case badDouble, badBoolean, badNull, lineTooLong, missingCRLF, badVerbatim
        }

        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// The first byte of a value is not a RESP type byte.
        public static let unknownType = Code(.unknownType)
        /// A length or count is not a number, or is negative (other than RESP2's `-1` null).
        public static let badLength = Code(.badLength)
        /// A bulk length exceeds `RESPLimits.maxBulkLength`.
        public static let lengthTooLarge = Code(.lengthTooLarge)
        /// Aggregates nest deeper than `RESPLimits.maxDepth`.
        public static let tooDeep = Code(.tooDeep)
        /// An aggregate count exceeds `RESPLimits.maxAggregateCount`.
        public static let tooManyElements = Code(.tooManyElements)
        /// An integer or big number is malformed or does not fit in 64 bits.
        public static let badNumber = Code(.badNumber)
        /// A double is malformed.
        public static let badDouble = Code(.badDouble)
        /// A boolean is neither `t` nor `f`.
        public static let badBoolean = Code(.badBoolean)
        /// A RESP3 null (`_`) carries content.
        public static let badNull = Code(.badNull)
        /// A line runs past `RESPLimits.maxLineLength` without CRLF.
        public static let lineTooLong = Code(.lineTooLong)
        /// CR not followed by LF, a bare LF, or a bulk payload not followed by CRLF.
        public static let missingCRLF = Code(.missingCRLF)
        /// A verbatim string lacks its three-character format and `:`.
        public static let badVerbatim = Code(.badVerbatim)

        public var description: String { base.rawValue }
    }

    public var code: Code
    /// The one-line explanation.
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "RESPError(\(code)): \(message)" }
}
