/// Refuses DDL that would block a live PostgreSQL database (long locks, table
/// rewrites, validation scans) or break running code (renames and drops).
///
/// The linter reads a script as psql would run it and assumes, like most
/// migration runners (and squawk's `--assume-in-transaction`), that a script runs
/// as one transaction unless it says otherwise — except that a script using
/// `CONCURRENTLY` must run outside one, so only an explicit `BEGIN … COMMIT`
/// around `CONCURRENTLY` is reported. A table created earlier in the same script
/// is new and empty, so index builds and constraint validations on it are allowed.
///
/// **Expand/contract.** Renaming or dropping a column or table breaks every
/// deployed instance that still uses the old name, so it belongs to the
/// *contract* step of an expand/contract change, after the code has stopped using
/// it. The caller scans its code base and passes the names still in use:
/// `columnsInUse` holds `"table.column"` or bare `"column"` names, `tablesInUse`
/// table names (compared case-insensitively, by their unqualified name). Then:
/// - a name in use is always refused;
/// - a name not in use is allowed only when the script carries the directive
///   comment `-- lint: contract`, an explicit statement that this migration is
///   the contract step;
/// - with both sets empty the caller has given no knowledge of the code, and
///   every rename and drop is refused, with the expand/contract explanation.
///
/// **Directives.** `-- lint: ignore <rule>[, <rule>…]` above a statement silences
/// those rules for that statement only, for the rare deliberate case.
public struct MigrationLinter: Sendable {
    /// Lower-cased.
    public let columnsInUse: Set<String>
    /// Lower-cased.
    public let tablesInUse: Set<String>
    /// True when the migration runner sets `lock_timeout` for every migration
    /// itself; the `lock-without-timeout` rule is then off.
    public let runnerSetsLockTimeout: Bool

    public init(columnsInUse: Set<String> = [], tablesInUse: Set<String> = [], runnerSetsLockTimeout: Bool = false) {
        self.columnsInUse = Set(columnsInUse.map { $0.lowercased() })
        self.tablesInUse = Set(tablesInUse.map { $0.lowercased() })
        self.runnerSetsLockTimeout = runnerSetsLockTimeout
    }

    /// The findings for `script`, in statement order. A script that cannot be
    /// split gives a single `invalid-script` finding. `fileName` is only used in
    /// messages.
    public func lint(script: String, fileName: String) -> [LintFinding] {
        let tokens: [SQLToken]
        do {
            tokens = try SQLLexer.tokens(in: script, keepingComments: true)
        } catch {
            return [
                LintFinding(
                    rule: .invalidScript, line: error.line, statement: "",
                    reason: "\(fileName) cannot be split into statements: \(error.message).",
                    safeAlternative: "Fix the script so that every literal, identifier and comment is closed.")
            ]
        }
        let utf8 = Array(script.utf8)
        var session = LintSession(linter: self, isContract: LintDirectives(comments: tokens.filter(\.isComment)).isContract)
        var findings: [LintFinding] = []
        for statement in SQLScript.split(tokens) {
            let ignored = LintDirectives(comments: statement.comments).ignoredRules
            let text = String(decoding: utf8[statement.sourceRange], as: UTF8.self)
            for draft in session.check(statement.tokens) where !ignored.contains(draft.rule) {
                findings.append(
                    LintFinding(
                        rule: draft.rule, line: draft.line, statement: text, reason: draft.reason,
                        safeAlternative: draft.safeAlternative))
            }
        }
        return findings
    }
}
