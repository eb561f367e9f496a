import NIOCore

/// One RESP3 value (RESP2 replies decode into the same cases). Aggregates hold their elements
/// already decoded; bulk payloads are `ByteBuffer` slices, so binary data is kept as sent.
public indirect enum RESPValue: Sendable, Hashable {
    /// `+OK`: a line of text without CR or LF.
    case simpleString(String)
    /// `-ERR message`: an error reply as a line.
    case simpleError(String)
    /// `:42`: a signed 64-bit integer.
    case integer(Int64)
    /// `$n`: binary-safe bytes.
    case bulkString(ByteBuffer)
    /// `_` in RESP3; RESP2's null bulk string `$-1` and null array `*-1` decode to this too.
    case null
    /// `,3.14`, including `inf`, `-inf` and `nan`.
    case double(Double)
    /// `#t` or `#f`.
    case boolean(Bool)
    /// `(123...`: an integer of any size, kept as its decimal digits (optional leading `-`).
    case bigNumber(String)
    /// `!n`: an error reply with binary-safe text.
    case bulkError(ByteBuffer)
    /// `=n`: text with a three-character format such as `txt` or `mkd`.
    case verbatimString(format: String, ByteBuffer)
    /// `*n`.
    case array([RESPValue])
    /// `%n`: key-value pairs in the order sent (keys may repeat, so not a dictionary).
    case map([RESPPair])
    /// `~n`.
    case set([RESPValue])
    /// `>n`: out-of-band data such as pub/sub messages and invalidations.
    case push([RESPValue])
    /// `|n`: attributes, then the value they annotate.
    case attributed([RESPPair], RESPValue)
}

/// One entry of a RESP3 map or attribute set.
public struct RESPPair: Sendable, Hashable {
    public var key: RESPValue
    public var value: RESPValue

    public init(key: RESPValue, value: RESPValue) {
        self.key = key
        self.value = value
    }
}
