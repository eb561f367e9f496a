/// `constraint-missing-not-valid`, `disallowed-unique-constraint`,
/// `adding-primary-key` and `set-not-null`.
extension LintSession {
    mutating func checkAddConstraint(table: String, constraint: AddedConstraint) -> [DraftFinding] {
        if let name = constraint.name {
            constraintsAdded.insert(name)
            if constraint.notValid { notValidInTransaction.insert(name) }
            if constraint.notValid, case .check(let column?) = constraint.kind {
                notNullChecks[name] = TableColumn(table: table, column: column)
            }
        }
        let isNewTable = createdTables.contains(table)
        switch constraint.kind {
        case .check, .foreignKey:
            guard !constraint.notValid, !isNewTable else { return [] }
            let what = constraint.kind == .foreignKey ? "FOREIGN KEY" : "CHECK"
            let lock = constraint.kind == .foreignKey
                ? "a SHARE ROW EXCLUSIVE lock on both tables" : "an ACCESS EXCLUSIVE lock"
            return [
                DraftFinding(
                    rule: .constraintMissingNotValid, line: constraint.line,
                    reason: "Adding a \(what) constraint checks every existing row of \(table) while holding "
                        + "\(lock), which blocks writes for the whole scan.",
                    safeAlternative: "ADD CONSTRAINT … NOT VALID (instant), then ALTER TABLE \(table) VALIDATE "
                        + "CONSTRAINT … in a later migration; validation takes only a SHARE UPDATE EXCLUSIVE lock.")
            ]
        case .unique:
            guard !constraint.usingIndex, !isNewTable else { return [] }
            return [uniqueConstraint(table: table, line: constraint.line)]
        case .primaryKey:
            // Like squawk, not exempt on a new table: declare the key in CREATE TABLE instead.
            guard !constraint.usingIndex else { return [] }
            return [primaryKey(table: table, line: constraint.line)]
        case .exclude, .unknown:
            return []
        }
    }

    func uniqueConstraint(table: String, line: Int) -> DraftFinding {
        DraftFinding(
            rule: .disallowedUniqueConstraint, line: line,
            reason: "A UNIQUE constraint builds its index while holding an ACCESS EXCLUSIVE lock on \(table), "
                + "blocking reads and writes for the whole build.",
            safeAlternative: "CREATE UNIQUE INDEX CONCURRENTLY idx ON \(table) (…); then, in a later migration, "
                + "ALTER TABLE \(table) ADD CONSTRAINT … UNIQUE USING INDEX idx.")
    }

    func primaryKey(table: String, line: Int) -> DraftFinding {
        DraftFinding(
            rule: .addingPrimaryKey, line: line,
            reason: "Adding a PRIMARY KEY builds its index (and checks its columns for NULLs) while holding an "
                + "ACCESS EXCLUSIVE lock on \(table), blocking reads and writes.",
            safeAlternative: "Make the columns NOT NULL safely, CREATE UNIQUE INDEX CONCURRENTLY idx ON \(table) (…), "
                + "then ALTER TABLE \(table) ADD CONSTRAINT … PRIMARY KEY USING INDEX idx.")
    }

    mutating func checkValidate(table: String, name: String, line: Int) -> DraftFinding? {
        if let proven = notNullChecks[name], proven.table == table {
            provenNotNull.insert(proven)
        } else if !constraintsAdded.contains(name) {
            tablesValidatedFromEarlierMigrations.insert(table)
        }
        guard inAssumedTransaction, notValidInTransaction.contains(name) else { return nil }
        return DraftFinding(
            rule: .constraintMissingNotValid, line: line,
            reason: "\(name) is added NOT VALID and validated in the same transaction, so the lock taken by "
                + "ADD CONSTRAINT is held while every row of \(table) is checked.",
            safeAlternative: "Validate the constraint in a separate, later migration (or after an explicit COMMIT).")
    }

    func checkSetNotNull(_ target: TableColumn, line: Int) -> DraftFinding? {
        if provenNotNull.contains(target) || tablesValidatedFromEarlierMigrations.contains(target.table) {
            return nil
        }
        let check = "\(target.table)_\(target.column)_not_null"
        return DraftFinding(
            rule: .setNotNull, line: line,
            reason: "SET NOT NULL scans every row of \(target.table) under an ACCESS EXCLUSIVE lock, blocking reads "
                + "and writes, unless a validated CHECK (\(target.column) IS NOT NULL) already proves it.",
            safeAlternative: "ADD CONSTRAINT \(check) CHECK (\(target.column) IS NOT NULL) NOT VALID; in a later "
                + "migration VALIDATE CONSTRAINT \(check) and then SET NOT NULL (no scan), "
                + "and drop the check afterwards.")
    }
}
