/// `renaming-column`, `renaming-table`, `dropping-column` and `dropping-table`:
/// the expand/contract policy described on `MigrationLinter`.
extension LintSession {
    func checkRenameColumn(_ target: TableColumn, line: Int) -> DraftFinding? {
        guard let reason = refusal(name: "\(target.table).\(target.column)", inUse: isInUse(target),
            action: "Renaming the column")
        else { return nil }
        return DraftFinding(
            rule: .renamingColumn, line: line, reason: reason,
            safeAlternative: "Expand/contract: add the new column, write both, back-fill, move readers to it; "
                + "drop the old column in a later migration marked `-- lint: contract` once no deployed code uses it.")
    }

    func checkRenameTable(_ table: String, line: Int) -> DraftFinding? {
        guard let reason = refusal(name: table, inUse: isInUse(table: table), action: "Renaming the table")
        else { return nil }
        return DraftFinding(
            rule: .renamingTable, line: line, reason: reason,
            safeAlternative: "Expand/contract: create the new table (or an updatable view under the new name), "
                + "move the code to it, and retire the old name in a later migration marked `-- lint: contract`.")
    }

    func checkDropColumn(_ target: TableColumn, line: Int) -> DraftFinding? {
        guard let reason = refusal(name: "\(target.table).\(target.column)", inUse: isInUse(target),
            action: "Dropping the column")
        else { return nil }
        return DraftFinding(
            rule: .droppingColumn, line: line, reason: reason,
            safeAlternative: "Stop using \(target.table).\(target.column) in the code and deploy that first; then "
                + "drop it in a migration marked `-- lint: contract`.")
    }

    func checkDropTable(_ table: String, line: Int) -> DraftFinding? {
        guard let reason = refusal(name: table, inUse: isInUse(table: table), action: "Dropping the table")
        else { return nil }
        return DraftFinding(
            rule: .droppingTable, line: line, reason: reason,
            safeAlternative: "Stop using \(table) in the code and deploy that first; then drop it in a migration "
                + "marked `-- lint: contract`.")
    }

    /// Why the rename or drop of `name` is refused, or nil when it is allowed.
    private func refusal(name: String, inUse: Bool, action: String) -> String? {
        if linter.columnsInUse.isEmpty && linter.tablesInUse.isEmpty {
            return "\(action) \(name) breaks every deployed instance that still uses the old name, and the linter "
                + "was given no list of the names the code uses, so it cannot tell whether any code still does."
        }
        if inUse {
            return "\(action) \(name) breaks the running application: the code base still uses \(name)."
        }
        if !isContract {
            return "\(action) \(name) is only safe as the contract step of an expand/contract change, after the "
                + "code has stopped using it; the script does not say it is (`-- lint: contract`)."
        }
        return nil
    }

    private func isInUse(_ target: TableColumn) -> Bool {
        linter.columnsInUse.contains(target.column.lowercased())
            || linter.columnsInUse.contains("\(target.table).\(target.column)".lowercased())
    }

    private func isInUse(table: String) -> Bool {
        linter.tablesInUse.contains(table.lowercased())
    }
}
