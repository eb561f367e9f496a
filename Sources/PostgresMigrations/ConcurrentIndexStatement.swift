import SQLMigrationLint

/// The head of `CREATE [UNIQUE] INDEX CONCURRENTLY [IF NOT EXISTS] name ON [ONLY] table …`:
/// enough to look for an invalid index of that name left by an earlier failed build.
struct ConcurrentIndexStatement: Sendable, Equatable {
    /// The index name as the catalog stores it (unquoted names folded to lower case).
    /// An index always lives in its table's schema, so the name is never qualified.
    var indexName: String
    /// The table as written (quotes kept), fit for `to_regclass`.
    var table: String

    /// Nil for any other statement, and for a concurrent build without an index name.
    init?(_ statement: String) {
        guard let tokens = try? SQLLexer.tokens(in: statement) else { return nil }
        var cursor = tokens[...]
        func take(_ keyword: String) -> Bool {
            guard cursor.first?.isKeyword(keyword) == true else { return false }
            cursor = cursor.dropFirst()
            return true
        }
        func takeName() -> SQLToken? {
            guard let token = cursor.first, token.kind == .word || token.kind == .quotedIdentifier else { return nil }
            cursor = cursor.dropFirst()
            return token
        }
        guard take("create") else { return nil }
        _ = take("unique")
        guard take("index"), take("concurrently") else { return nil }
        if take("if") {
            guard take("not"), take("exists") else { return nil }
        }
        // Without a name, `ON` comes next and the server picks the name: nothing to check.
        guard let name = takeName(), !(name.kind == .word && name.value == "on"), take("on") else { return nil }
        _ = take("only")
        guard let first = takeName() else { return nil }
        var table = first.text
        if cursor.first?.isSymbol(".") == true {
            cursor = cursor.dropFirst()
            guard let second = takeName() else { return nil }
            table += "." + second.text
        }
        // `database.schema.table` is legal but rare; rather than guess, do not check.
        guard cursor.first?.isSymbol(".") != true else { return nil }
        self.indexName = name.value
        self.table = table
    }
}
