/// Parses one action of an `ALTER TABLE` statement.
enum AlterTableActionParser {
    static func parse(_ tokens: [SQLToken]) -> AlterTableAction {
        var cursor = TokenCursor(tokens)
        guard let first = cursor.current, first.kind == .word else { return .other }
        cursor.advance()
        switch first.value {
        case "add": return parseAdd(&cursor, line: first.line)
        case "alter": return parseAlterColumn(&cursor, line: first.line)
        case "drop":
            guard !cursor.isKeyword("constraint") else { return .other }
            cursor.accept("column")
            cursor.accept("if", "exists")
            return cursor.identifier().map { .dropColumn(column: $0, line: first.line) } ?? .other
        case "rename": return parseRename(&cursor, line: first.line)
        case "validate":
            guard cursor.accept("constraint"), let name = cursor.qualifiedName() else { return .other }
            return .validateConstraint(name: name, line: first.line)
        default: return .other
        }
    }

    // MARK: ADD

    private static let tableConstraintStarts: Set<String> = ["constraint", "check", "unique", "primary", "foreign", "exclude"]

    private static func parseAdd(_ cursor: inout TokenCursor, line: Int) -> AlterTableAction {
        if let next = cursor.current, next.kind == .word, tableConstraintStarts.contains(next.value) {
            return .addConstraint(parseTableConstraint(&cursor, line: line))
        }
        cursor.accept("column")
        cursor.accept("if", "not", "exists")
        guard let name = cursor.identifier() else { return .other }
        return .addColumn(parseColumnDefinition(name: name, rest: Array(cursor.rest), line: line))
    }

    private static func parseTableConstraint(_ cursor: inout TokenCursor, line: Int) -> AddedConstraint {
        var name: String?
        if cursor.accept("constraint") { name = cursor.qualifiedName() }
        let body = cursor.rest
        let top = body.topLevel()
        let kind: AddedConstraint.Kind
        switch cursor.current?.value {
        case "check": kind = .check(notNullColumn: notNullCheckColumn(Array(body.dropFirst())))
        case "foreign": kind = .foreignKey
        case "unique": kind = .unique
        case "primary": kind = .primaryKey
        case "exclude": kind = .exclude
        default: kind = .unknown
        }
        let usingIndex = top.indices.contains { index in
            top[index].isKeyword("using") && index + 1 < top.count && top[index + 1].isKeyword("index")
                && !(index + 2 < top.count && top[index + 2].isKeyword("tablespace"))
        }
        return AddedConstraint(
            name: name, kind: kind, notValid: top.containsKeywords("not", "valid"), usingIndex: usingIndex, line: line)
    }

    /// The column of a check whose expression is exactly `col IS NOT NULL`
    /// (extra parentheses allowed). `tokens` start at the check's `(`.
    private static func notNullCheckColumn(_ tokens: [SQLToken]) -> String? {
        var depth = 0
        guard let close = tokens.firstIndex(where: { token in
            if token.isSymbol("(") { depth += 1 }
            if token.isSymbol(")") { depth -= 1 }
            return depth == 0
        }) else { return nil }
        var inner = tokens[...close]
        while inner.first?.isSymbol("(") == true, inner.last?.isSymbol(")") == true {
            inner = inner.dropFirst().dropLast()
        }
        let parts = Array(inner)
        guard parts.count == 4, parts[0].kind == .word || parts[0].kind == .quotedIdentifier,
            parts[1].isKeyword("is"), parts[2].isKeyword("not"), parts[3].isKeyword("null")
        else { return nil }
        return parts[0].value
    }

    // MARK: Column definitions

    private static let serialTypes: Set<String> = [
        "smallserial", "serial", "bigserial", "serial2", "serial4", "serial8",
    ]
    /// Words that end a `DEFAULT` expression in a column definition.
    private static let columnConstraintStarts: Set<String> = [
        "constraint", "not", "null", "check", "default", "generated", "unique", "primary", "references", "collate",
    ]

    private static func parseColumnDefinition(name: String, rest: [SQLToken], line: Int) -> AddedColumn {
        let top = rest.topLevel()
        var defaultExpression: [SQLToken]?
        var depth = 0
        for (index, token) in rest.enumerated() {
            if token.isSymbol("(") { depth += 1 }
            if token.isSymbol(")") { depth = max(0, depth - 1) }
            guard depth == 0, token.isKeyword("default") else { continue }
            var expression: [SQLToken] = []
            var inner = 0
            for next in rest[(index + 1)...] {
                if inner == 0, next.kind == .word, columnConstraintStarts.contains(next.value) { break }
                if next.isSymbol("(") { inner += 1 }
                if next.isSymbol(")") { inner = max(0, inner - 1) }
                expression.append(next)
            }
            defaultExpression = expression
            break
        }
        return AddedColumn(
            name: name, line: line, defaultExpression: defaultExpression,
            isGenerated: top.containsKeywords("generated"),
            isSerial: rest.first.map { $0.kind == .word && serialTypes.contains($0.value) } ?? false,
            references: top.containsKeywords("references"),
            unique: top.containsKeywords("unique"),
            primaryKey: top.containsKeywords("primary", "key"))
    }

    // MARK: ALTER COLUMN and RENAME

    private static func parseAlterColumn(_ cursor: inout TokenCursor, line: Int) -> AlterTableAction {
        guard !cursor.isKeyword("constraint") else { return .other }
        cursor.accept("column")
        guard let column = cursor.identifier() else { return .other }
        if cursor.isKeyword("type") || cursor.isKeywords("set", "data", "type") {
            return .changeType(column: column, line: line)
        }
        if cursor.isKeywords("set", "not", "null") { return .setNotNull(column: column, line: line) }
        return .other
    }

    private static func parseRename(_ cursor: inout TokenCursor, line: Int) -> AlterTableAction {
        if cursor.accept("to") { return .renameTable(line: line) }
        guard !cursor.isKeyword("constraint") else { return .other }
        cursor.accept("column")
        guard let column = cursor.identifier(), cursor.isKeyword("to") else { return .other }
        return .renameColumn(from: column, line: line)
    }
}
