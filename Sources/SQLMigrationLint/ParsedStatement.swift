/// What the linter understands of one statement. Anything it has no rule for is
/// `.other`; `isDDL` still tells the lock-timeout rule whether it takes a lock.
enum ParsedStatement {
    case createTable(name: String?)
    case createIndex(CreateIndex)
    case alterTable(table: String?, actions: [AlterTableAction])
    case dropTable(names: [String], line: Int)
    /// `DROP INDEX` or `REINDEX`, which may also be `CONCURRENTLY`.
    case indexMaintenance(concurrently: Bool, line: Int)
    case setLockTimeout
    case beginTransaction
    case endTransaction
    case other

    struct CreateIndex {
        var table: String?
        var concurrently: Bool
        var line: Int
    }
}

/// One action of `ALTER TABLE … action, action, …`.
enum AlterTableAction {
    case addColumn(AddedColumn)
    case addConstraint(AddedConstraint)
    case changeType(column: String, line: Int)
    case setNotNull(column: String, line: Int)
    case dropColumn(column: String, line: Int)
    case renameColumn(from: String, line: Int)
    case renameTable(line: Int)
    case validateConstraint(name: String, line: Int)
    case other
}

struct AddedColumn {
    var name: String
    var line: Int
    /// The tokens of the `DEFAULT` expression, if any.
    var defaultExpression: [SQLToken]?
    var isGenerated: Bool
    var isSerial: Bool
    var references: Bool
    var unique: Bool
    var primaryKey: Bool
}

struct AddedConstraint {
    enum Kind: Equatable {
        /// `CHECK (…)`; `notNullColumn` is set when the expression is exactly `col IS NOT NULL`.
        case check(notNullColumn: String?)
        case foreignKey
        case unique
        case primaryKey
        case exclude
        case unknown
    }

    var name: String?
    var kind: Kind
    var notValid: Bool
    var usingIndex: Bool
    var line: Int
}
