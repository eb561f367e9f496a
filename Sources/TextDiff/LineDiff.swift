/// A line diff between two texts: the edit script that turns the old lines into the new ones.
///
/// Lines are interned to Ints, the common prefix and suffix are trimmed, lines that occur on one
/// side only are marked changed up front, and the rest goes through Myers' O(ND) algorithm in its
/// linear-space form (see `MyersSearch`), so memory stays O(N+M). A cost limit (see
/// `EditScript.defaultCostLimit`) bounds the work on very different inputs; the script is then
/// still correct but may not be minimal. Lines compare by their UTF-8 bytes, like GNU diff.
///
/// ```swift
/// let diff = LineDiff(oldText: "a\nb\n", newText: "a\nc\n")
/// diff.summary                      // "1 line added, 1 line removed"
/// diff.unified(oldName: "v1", newName: "v2")
/// ```
public struct LineDiff: Sendable, Equatable {
    /// Every old and every new line exactly once, in order. Within a change, deletions come
    /// before insertions.
    public let edits: [Edit]
    public let addedCount: Int
    public let removedCount: Int

    /// Computes the diff with the default cost limit.
    public init(old: [String], new: [String]) {
        self.init(edits: EditScript.compute(old: old, new: new, costLimit: nil))
    }

    /// Computes the diff, giving up on minimality for a split after `costLimit` edit steps.
    /// Values below 1 act as 1. The default is √(N+M), at least 256.
    public init(old: [String], new: [String], costLimit: Int) {
        self.init(edits: EditScript.compute(old: old, new: new, costLimit: costLimit))
    }

    /// Splits both texts on "\n"; a trailing newline does not make an extra empty line, and "\r"
    /// stays part of its line.
    public init(oldText: String, newText: String) {
        self.init(edits: EditScript.compute(oldText: oldText, newText: newText, costLimit: nil))
    }

    private init(edits: [Edit]) {
        self.edits = edits
        addedCount = edits.reduce(0) { $0 + ($1.kind == .insert ? 1 : 0) }
        removedCount = edits.reduce(0) { $0 + ($1.kind == .delete ? 1 : 0) }
    }

    /// Inserted lines, in order.
    public var added: [String] {
        edits.compactMap { $0.kind == .insert ? $0.line : nil }
    }

    /// Deleted lines, in order.
    public var removed: [String] {
        edits.compactMap { $0.kind == .delete ? $0.line : nil }
    }

    /// No insertions and no deletions.
    public var isEmpty: Bool {
        addedCount == 0 && removedCount == 0
    }

    /// "2 lines added, 1 line removed", "1 line added", "3 lines removed" or "no changes".
    public var summary: String {
        var parts: [String] = []
        if addedCount > 0 { parts.append("\(Self.lines(addedCount)) added") }
        if removedCount > 0 { parts.append("\(Self.lines(removedCount)) removed") }
        return parts.isEmpty ? "no changes" : parts.joined(separator: ", ")
    }

    private static func lines(_ count: Int) -> String {
        count == 1 ? "1 line" : "\(count) lines"
    }

    /// The diff in GNU unified format (`diff -u`), or "" when there are no changes (GNU diff
    /// prints nothing then). File headers carry the names only, no timestamps. Every line ends
    /// with "\n"; no "\ No newline at end of file" markers. A negative `context` acts as 0.
    public func unified(oldName: String = "a", newName: String = "b", context: Int = 3) -> String {
        UnifiedFormat.render(edits: edits, oldName: oldName, newName: newName, context: max(0, context))
    }
}
