/// Turns a PostgreSQL script into tokens, following the rules of PostgreSQL's own
/// scanner (and psql's) for everything that decides where a statement ends:
/// quoted literals and identifiers, dollar quotes, and nested block comments.
public enum SQLLexer {
    /// Scripts above this size are refused rather than scanned; a migration this
    /// large is a data dump, not a schema change.
    public static let maxScriptBytes = 16 * 1024 * 1024

    /// The tokens of `script`, comments dropped unless `keepingComments`.
    public static func tokens(in script: String, keepingComments: Bool = false) throws(SQLScriptError) -> [SQLToken] {
        let bytes = Array(script.utf8)
        guard bytes.count <= maxScriptBytes else {
            throw SQLScriptError(
                .scriptTooLarge, line: 1,
                "script has \(bytes.count) bytes, more than the limit of \(maxScriptBytes)")
        }
        var scanner = SQLScanner(bytes: bytes)
        var tokens: [SQLToken] = []
        while let token = try scanner.next() {
            if keepingComments || !token.isComment { tokens.append(token) }
        }
        return tokens
    }
}
