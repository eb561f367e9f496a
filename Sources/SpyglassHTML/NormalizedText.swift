/// Stable visible text: the same input always gives the same lines, byte for byte.
public struct NormalizedText: Sendable, Equatable {
    /// Non-empty, trimmed lines with whitespace collapsed to single spaces.
    public var lines: [String]
    /// The page `<title>` or the feed title, whitespace collapsed; nil when absent or empty.
    public var title: String?
    /// True when a limit (output size or walk depth) cut content off.
    public var truncated: Bool

    public init(lines: [String], title: String?, truncated: Bool = false) {
        self.lines = lines
        self.title = title
        self.truncated = truncated
    }

    /// The lines joined by "\n" (computed, so it can never disagree with `lines`).
    public var text: String { lines.joined(separator: "\n") }
}
