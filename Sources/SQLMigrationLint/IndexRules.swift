/// `create-index-non-concurrently` and `create-index-concurrently-in-transaction`.
extension LintSession {
    func checkCreateIndex(_ index: ParsedStatement.CreateIndex) -> [DraftFinding] {
        if index.concurrently {
            return concurrentlyInTransaction(line: index.line).map { [$0] } ?? []
        }
        if let table = index.table, createdTables.contains(table) { return [] }
        let table = index.table ?? "the table"
        return [
            DraftFinding(
                rule: .createIndexNonConcurrently, line: index.line,
                reason: "CREATE INDEX without CONCURRENTLY holds a SHARE lock on \(table) for the whole build, "
                    + "blocking every INSERT, UPDATE and DELETE until it finishes.",
                safeAlternative: "CREATE INDEX CONCURRENTLY, outside any transaction block, in a migration of its own "
                    + "(if the build fails, DROP INDEX CONCURRENTLY the invalid index and retry).")
        ]
    }

    /// `CREATE INDEX`, `DROP INDEX` and `REINDEX` `CONCURRENTLY` fail inside a transaction block.
    func concurrentlyInTransaction(line: Int) -> DraftFinding? {
        guard inExplicitTransaction else { return nil }
        return DraftFinding(
            rule: .createIndexConcurrentlyInTransaction, line: line,
            reason: "CONCURRENTLY cannot run inside a transaction block: PostgreSQL rejects the statement "
                + "and the migration fails.",
            safeAlternative: "Remove the surrounding BEGIN … COMMIT and run the statement on its own, "
                + "in a migration the runner does not wrap in a transaction.")
    }
}
