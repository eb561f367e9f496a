/// `lock-without-timeout`, reported once per script, at the first statement that
/// needs it. Like squawk's `require-lock-timeout`, every DDL statement counts:
/// each waits for a table lock, and while it waits every later query on that
/// table queues behind it. `CREATE TABLE` without a foreign key locks nothing
/// that anyone else uses, so it does not count.
extension LintSession {
    private static let lockingCommands: Set<String> = [
        "create", "alter", "drop", "cluster", "comment", "import", "load", "lock", "refresh", "reindex",
        "truncate", "vacuum",
    ]

    mutating func checkLockTimeout(_ tokens: [SQLToken], statement: ParsedStatement) -> DraftFinding? {
        guard !linter.runnerSetsLockTimeout, !lockTimeoutSet, !lockTimeoutReported,
            let first = tokens.first, first.kind == .word, Self.lockingCommands.contains(first.value),
            !Self.isPlainCreateTable(tokens, statement: statement)
        else { return nil }
        lockTimeoutReported = true
        return DraftFinding(
            rule: .lockWithoutTimeout, line: first.line,
            reason: "This statement waits for a table lock with no lock_timeout; while it waits, every later "
                + "query on that table queues behind it, which can stall the application.",
            safeAlternative: "SET lock_timeout = '2s'; at the top of the script (or let the runner set it) "
                + "and retry the migration if it times out.")
    }

    /// `CREATE [TEMP | UNLOGGED] TABLE` without `REFERENCES` and not `AS SELECT`.
    private static func isPlainCreateTable(_ tokens: [SQLToken], statement: ParsedStatement) -> Bool {
        guard case .createTable = statement else { return false }
        return !tokens.containsKeywords("references") && !tokens.topLevel().containsKeywords("as")
    }
}
