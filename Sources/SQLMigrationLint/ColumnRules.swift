/// Rules on `ADD COLUMN` and `ALTER COLUMN … TYPE`.
extension LintSession {
    func checkAddColumn(table: String, column: AddedColumn) -> [DraftFinding] {
        var findings: [DraftFinding] = []
        if let rewrite = rewriteReason(column) {
            findings.append(
                DraftFinding(
                    rule: .addingColumnVolatileDefault, line: column.line,
                    reason: "\(rewrite), so adding \(column.name) rewrites every row of \(table) under an "
                        + "ACCESS EXCLUSIVE lock, blocking reads and writes.",
                    safeAlternative: "Add \(column.name) as a plain nullable column (a constant default or now() is "
                        + "fine), back-fill it in batches, then SET DEFAULT or add a trigger for new rows."))
        }
        if column.references && !createdTables.contains(table) {
            findings.append(
                DraftFinding(
                    rule: .constraintMissingNotValid, line: column.line,
                    reason: "ADD COLUMN … REFERENCES creates a validated foreign key, locking \(table) and the "
                        + "referenced table against writes.",
                    safeAlternative: "Add \(column.name) without REFERENCES, then ADD CONSTRAINT … FOREIGN KEY "
                        + "(\(column.name)) REFERENCES … NOT VALID, and VALIDATE CONSTRAINT in a later migration."))
        }
        // Like squawk, not exempt on a new table: declare such columns in CREATE TABLE instead.
        if column.unique { findings.append(uniqueConstraint(table: table, line: column.line)) }
        if column.primaryKey { findings.append(primaryKey(table: table, line: column.line)) }
        return findings
    }

    /// Why the new column forces a table rewrite, or nil if it does not.
    private func rewriteReason(_ column: AddedColumn) -> String? {
        if column.isGenerated { return "A GENERATED column is computed for every existing row" }
        if column.isSerial { return "A serial column defaults to nextval(…), which is volatile" }
        guard let expression = column.defaultExpression, let function = VolatileDefault.unsafeCall(in: expression)
        else { return nil }
        return "DEFAULT calls \(function)(), which is volatile (or of unknown volatility)"
    }

    func changingColumnType(table: String, column: String, line: Int) -> DraftFinding {
        DraftFinding(
            rule: .changingColumnType, line: line,
            reason: "Changing the type of \(table).\(column) rewrites the table and rebuilds its indexes under an "
                + "ACCESS EXCLUSIVE lock (even for most widening changes), and can break code reading the column.",
            safeAlternative: "Expand/contract: add a new column of the new type, write both, back-fill in batches, "
                + "move readers, then drop the old column in a migration marked `-- lint: contract`.")
    }
}

/// Decides whether a `DEFAULT` expression is evaluated per row. Since PostgreSQL 11
/// a non-volatile default is evaluated once and stored in the catalog: no rewrite.
enum VolatileDefault {
    /// Functions PostgreSQL marks VOLATILE that appear in defaults.
    static let volatileFunctions: Set<String> = [
        "random", "random_normal", "setseed", "gen_random_uuid", "uuidv4", "uuidv7", "uuid_generate_v1",
        "uuid_generate_v1mc", "uuid_generate_v4", "clock_timestamp", "timeofday", "nextval", "currval", "lastval",
        "setval",
    ]
    /// STABLE or IMMUTABLE functions (and SQL constructs written like calls) commonly used in defaults.
    static let nonVolatileFunctions: Set<String> = [
        "now", "transaction_timestamp", "statement_timestamp", "current_setting", "lower", "upper", "btrim",
        "ltrim", "rtrim", "trim", "concat", "concat_ws", "length", "to_char", "to_json", "to_jsonb",
        "json_build_object", "jsonb_build_object", "json_build_array", "jsonb_build_array", "make_interval",
        "make_date", "make_timestamp", "make_timestamptz", "date_trunc", "abs", "round", "cast", "coalesce",
        "nullif", "greatest", "least", "row", "array", "extract", "position", "substring", "overlay",
    ]

    /// The first function called by `expression` that is volatile or unknown
    /// (user-defined functions may be volatile), or nil.
    static func unsafeCall(in expression: [SQLToken]) -> String? {
        for (index, token) in expression.enumerated() where index + 1 < expression.count {
            guard token.kind == .word || token.kind == .quotedIdentifier, expression[index + 1].isSymbol("(")
            else { continue }
            // `::numeric(10, 2)` and `CAST(x AS varchar(20))` name types, not functions.
            if index > 0, expression[index - 1].isSymbol("::") || expression[index - 1].isKeyword("as") { continue }
            if nonVolatileFunctions.contains(token.value) { continue }
            return token.value
        }
        return nil
    }
}
