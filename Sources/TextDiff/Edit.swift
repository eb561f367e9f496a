/// One step of an edit script: a line kept, inserted or deleted.
public struct Edit: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case equal, insert, delete
    }

    public let kind: Kind
    public let line: String
    /// 0-based index in the old lines (nil for an insertion).
    public let oldIndex: Int?
    /// 0-based index in the new lines (nil for a deletion).
    public let newIndex: Int?

    public init(kind: Kind, line: String, oldIndex: Int?, newIndex: Int?) {
        self.kind = kind
        self.line = line
        self.oldIndex = oldIndex
        self.newIndex = newIndex
    }
}
