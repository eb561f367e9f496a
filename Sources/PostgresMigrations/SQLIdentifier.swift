/// A table or column name checked to be plain letters, digits and `_`, optionally
/// `schema.name`, so it can be written into SQL text without quoting.
/// Unquoted, it follows PostgreSQL's usual case folding.
struct SQLIdentifier: Sendable, Hashable, CustomStringConvertible {
    /// The validated text, safe to splice into a statement.
    let sql: String

    static let maxPartLength = 63

    init?(_ text: String, allowingSchema: Bool) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard !parts.isEmpty, parts.count <= (allowingSchema ? 2 : 1),
            parts.allSatisfy(Self.isPlainIdentifier)
        else { return nil }
        self.sql = text
    }

    var description: String { sql }

    private static func isPlainIdentifier(_ part: Substring) -> Bool {
        guard let first = part.utf8.first, part.utf8.count <= maxPartLength else { return false }
        let isLetter: (UInt8) -> Bool = { (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0) || $0 == 0x5F }
        return isLetter(first) && part.utf8.allSatisfy { isLetter($0) || (0x30...0x39).contains($0) }
    }

    /// `name` as a double-quoted identifier, for names read from the catalog.
    static func quoted(_ name: String) -> String {
        "\"" + name.split(separator: "\"", omittingEmptySubsequences: false).joined(separator: "\"\"") + "\""
    }
}
