/// A finding before the statement text is attached.
struct DraftFinding {
    var rule: LintRule
    var line: Int
    var reason: String
    var safeAlternative: String
}

struct TableColumn: Hashable {
    var table: String
    var column: String
}

/// What the linter has learnt from the statements of one script so far.
struct LintSession {
    let linter: MigrationLinter
    let isContract: Bool

    /// Tables created earlier in the script: new and empty.
    var createdTables: Set<String> = []
    var lockTimeoutSet = false
    var lockTimeoutReported = false
    /// Inside an explicit `BEGIN` … `COMMIT` of the script.
    var inExplicitTransaction = false
    /// Inside the transaction a runner wraps the script in, or an explicit one after it.
    var inAssumedTransaction = true
    /// Constraints added `NOT VALID` in the current (assumed) transaction.
    var notValidInTransaction: Set<String> = []
    /// `CHECK (col IS NOT NULL) NOT VALID` constraints added in the script, by name.
    var notNullChecks: [String: TableColumn] = [:]
    var constraintsAdded: Set<String> = []
    var provenNotNull: Set<TableColumn> = []
    /// Tables on which the script validates a constraint added by an earlier
    /// migration: the second step of the safe SET NOT NULL path, trusted as such.
    var tablesValidatedFromEarlierMigrations: Set<String> = []

    init(linter: MigrationLinter, isContract: Bool) {
        self.linter = linter
        self.isContract = isContract
    }

    mutating func check(_ tokens: [SQLToken]) -> [DraftFinding] {
        var findings: [DraftFinding] = []
        let statement = StatementParser.parse(tokens)
        if let finding = checkLockTimeout(tokens, statement: statement) { findings.append(finding) }
        switch statement {
        case .createTable(let name):
            if let name { createdTables.insert(name) }
        case .createIndex(let index):
            findings += checkCreateIndex(index)
        case .alterTable(let table, let actions):
            for action in actions {
                findings += checkAlterTable(table: table ?? "?", action: action)
            }
        case .dropTable(let names, let line):
            findings += names.compactMap { checkDropTable($0, line: line) }
        case .indexMaintenance(let concurrently, let line):
            if concurrently, let finding = concurrentlyInTransaction(line: line) { findings.append(finding) }
        case .setLockTimeout:
            lockTimeoutSet = true
        case .beginTransaction:
            inExplicitTransaction = true
            if !inAssumedTransaction { notValidInTransaction = [] }
            inAssumedTransaction = true
        case .endTransaction:
            inExplicitTransaction = false
            inAssumedTransaction = false
        case .other:
            break
        }
        return findings
    }

    private mutating func checkAlterTable(table: String, action: AlterTableAction) -> [DraftFinding] {
        switch action {
        case .addColumn(let column):
            return checkAddColumn(table: table, column: column)
        case .addConstraint(let constraint):
            return checkAddConstraint(table: table, constraint: constraint)
        case .validateConstraint(let name, let line):
            return checkValidate(table: table, name: name, line: line).map { [$0] } ?? []
        case .setNotNull(let column, let line):
            return checkSetNotNull(TableColumn(table: table, column: column), line: line).map { [$0] } ?? []
        case .changeType(let column, let line):
            return [changingColumnType(table: table, column: column, line: line)]
        case .dropColumn(let column, let line):
            return checkDropColumn(TableColumn(table: table, column: column), line: line).map { [$0] } ?? []
        case .renameColumn(let column, let line):
            return checkRenameColumn(TableColumn(table: table, column: column), line: line).map { [$0] } ?? []
        case .renameTable(let line):
            return checkRenameTable(table, line: line).map { [$0] } ?? []
        case .other:
            return []
        }
    }
}
