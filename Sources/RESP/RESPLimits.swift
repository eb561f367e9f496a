/// Bounds the decoder enforces so a hostile or broken peer cannot make us allocate or buffer
/// without limit. Every check happens before anything is allocated for the value.
public struct RESPLimits: Sendable, Hashable {
    /// Longest bulk string, bulk error or verbatim string, in bytes (Redis's own cap is 512 MiB).
    public var maxBulkLength: Int = 512 * 1024 * 1024
    /// Most elements in one array, set or push, or pairs in one map or attribute set.
    public var maxAggregateCount: Int = 1 << 20
    /// Deepest nesting of aggregates (a top-level array is depth 1).
    public var maxDepth: Int = 32
    /// Longest line (simple string, error, number, length header), excluding CRLF.
    public var maxLineLength: Int = 64 * 1024

    public init(
        maxBulkLength: Int = 512 * 1024 * 1024,
        maxAggregateCount: Int = 1 << 20,
        maxDepth: Int = 32,
        maxLineLength: Int = 64 * 1024
    ) {
        self.maxBulkLength = maxBulkLength
        self.maxAggregateCount = maxAggregateCount
        self.maxDepth = maxDepth
        self.maxLineLength = maxLineLength
    }

    /// Negative limits mean "nothing allowed"; clamping keeps index arithmetic safe.
    var clamped: RESPLimits {
        RESPLimits(
            maxBulkLength: max(0, maxBulkLength),
            maxAggregateCount: max(0, maxAggregateCount),
            maxDepth: max(0, maxDepth),
            maxLineLength: max(0, maxLineLength)
        )
    }
}
