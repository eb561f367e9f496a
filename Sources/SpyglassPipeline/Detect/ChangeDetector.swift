import TextDiff

/// Compares two versions of a monitor's text. Equal hashes short-circuit
/// before this is ever called; here a line diff decides what moved.
public struct ChangeDetector: Sendable {
    public init() {}

    public struct Detected: Sendable, Equatable {
        public var added: [String]
        public var removed: [String]
        public var unifiedDiff: String
        public var summary: String
    }

    /// nil when the texts differ only in ways the line diff does not see
    /// (there are none today, but a diff with no edits is never a change).
    public func compare(previous: String, current: String, previousName: String, currentName: String) -> Detected? {
        let diff = LineDiff(oldText: previous, newText: current)
        guard !diff.isEmpty else { return nil }
        return Detected(
            added: diff.added, removed: diff.removed,
            unifiedDiff: diff.unified(oldName: previousName, newName: currentName, context: 3),
            summary: diff.summary)
    }
}
