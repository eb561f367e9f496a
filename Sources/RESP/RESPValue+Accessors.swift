import NIOCore

/// Convenience views for callers that expect one shape of reply. Each looks through attributes
/// (`.attributed`) to the value they annotate, because attributes are optional metadata.
extension RESPValue {
    /// Simple, bulk or verbatim string as UTF-8 text (invalid sequences become U+FFFD).
    public var string: String? {
        switch self {
        case .simpleString(let text): text
        case .bulkString(let bytes): String(buffer: bytes)
        case .verbatimString(_, let bytes): String(buffer: bytes)
        case .attributed(_, let value): value.string
        default: nil
        }
    }

    /// An integer, or a simple or bulk string that holds one strictly (as RESP2 often replies).
    public var int: Int64? {
        switch self {
        case .integer(let value): value
        case .simpleString(let text): RESPNumberParsing.integer(Array(text.utf8))
        case .bulkString(let bytes): RESPNumberParsing.integer(bytes.readableBytesView)
        case .attributed(_, let value): value.int
        default: nil
        }
    }

    /// The elements of an array, set or push.
    public var array: [RESPValue]? {
        switch self {
        case .array(let elements), .set(let elements), .push(let elements): elements
        case .attributed(_, let value): value.array
        default: nil
        }
    }

    /// True for `.null` (RESP3 `_`, RESP2 `$-1` and `*-1`).
    public var isNull: Bool {
        switch self {
        case .null: true
        case .attributed(_, let value): value.isNull
        default: false
        }
    }

    /// The text of a simple or bulk error.
    public var errorMessage: String? {
        switch self {
        case .simpleError(let text): text
        case .bulkError(let bytes): String(buffer: bytes)
        case .attributed(_, let value): value.errorMessage
        default: nil
        }
    }
}
