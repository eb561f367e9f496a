/// Recognises the statements the linter has rules for, from their tokens.
/// Only the shapes PostgreSQL accepts matter; anything unexpected is `.other`.
enum StatementParser {
    static func parse(_ tokens: [SQLToken]) -> ParsedStatement {
        var cursor = TokenCursor(tokens)
        guard let first = cursor.current, first.kind == .word else { return .other }
        cursor.advance()
        switch first.value {
        case "create": return parseCreate(&cursor)
        case "alter": return cursor.accept("table") ? parseAlterTable(&cursor) : .other
        case "drop": return parseDrop(&cursor, line: first.line)
        case "reindex":
            return .indexMaintenance(concurrently: tokens.containsKeywords("concurrently"), line: first.line)
        case "set": return parseSet(&cursor)
        case "begin", "start": return .beginTransaction
        case "commit", "end", "rollback", "abort": return .endTransaction
        default: return .other
        }
    }

    // MARK: CREATE

    private static func parseCreate(_ cursor: inout TokenCursor) -> ParsedStatement {
        cursor.accept("or", "replace")
        if cursor.isKeyword("unique") || cursor.isKeyword("index") {
            return parseCreateIndex(&cursor)
        }
        _ = cursor.accept("global") || cursor.accept("local")
        _ = cursor.accept("temporary") || cursor.accept("temp") || cursor.accept("unlogged")
        guard cursor.accept("table") else { return .other }
        cursor.accept("if", "not", "exists")
        return .createTable(name: cursor.qualifiedName())
    }

    private static func parseCreateIndex(_ cursor: inout TokenCursor) -> ParsedStatement {
        let line = cursor.current?.line ?? 1
        cursor.accept("unique")
        guard cursor.accept("index") else { return .other }
        let concurrently = cursor.accept("concurrently")
        while let token = cursor.current, !token.isKeyword("on") { cursor.advance() }
        cursor.accept("on")
        cursor.accept("only")
        return .createIndex(.init(table: cursor.qualifiedName(), concurrently: concurrently, line: line))
    }

    // MARK: DROP and SET

    private static func parseDrop(_ cursor: inout TokenCursor, line: Int) -> ParsedStatement {
        if cursor.accept("index") {
            return .indexMaintenance(concurrently: cursor.accept("concurrently"), line: line)
        }
        guard cursor.accept("table") else { return .other }
        cursor.accept("if", "exists")
        var names: [String] = []
        while let name = cursor.qualifiedName() {
            names.append(name)
            guard cursor.current?.isSymbol(",") == true else { break }
            cursor.advance()
        }
        return .dropTable(names: names, line: line)
    }

    /// `SET [LOCAL | SESSION] lock_timeout { TO | = } value`, with a value that is not zero
    /// nor DEFAULT (both usually mean no timeout).
    private static func parseSet(_ cursor: inout TokenCursor) -> ParsedStatement {
        _ = cursor.accept("local") || cursor.accept("session")
        guard cursor.accept("lock_timeout") else { return .other }
        if cursor.current?.isSymbol("=") == true || cursor.isKeyword("to") { cursor.advance() }
        guard let value = cursor.current else { return .other }
        let disables = value.isKeyword("default")
            || ((value.kind == .number || value.kind == .string) && isZeroDuration(value.value))
        return disables ? .other : .setLockTimeout
    }

    // MARK: ALTER TABLE

    private static func parseAlterTable(_ cursor: inout TokenCursor) -> ParsedStatement {
        cursor.accept("if", "exists")
        cursor.accept("only")
        let table = cursor.qualifiedName()
        if cursor.current?.isSymbol("*") == true { cursor.advance() }
        let actions = cursor.rest.splitAtTopLevelCommas().map(AlterTableActionParser.parse)
        return .alterTable(table: table, actions: actions)
    }
}

/// "0", "00", "0ms", "0 s": a lock_timeout of zero, which means no timeout.
private func isZeroDuration(_ value: String) -> Bool {
    let compact = value.filter { !$0.isWhitespace }
    let digits = compact.prefix { $0.isNumber }
    return !digits.isEmpty && digits.allSatisfy { $0 == "0" } && compact.dropFirst(digits.count).allSatisfy(\.isLetter)
}
