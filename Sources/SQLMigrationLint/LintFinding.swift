/// One unsafe statement found by `MigrationLinter`.
public struct LintFinding: Sendable, Equatable, CustomStringConvertible {
    public var rule: LintRule
    /// 1-based line of the offending clause.
    public var line: Int
    /// The whole statement, as `SQLScript` splits it.
    public var statement: String
    /// Why the statement is unsafe on a live database.
    public var reason: String
    /// What to write instead.
    public var safeAlternative: String

    public init(rule: LintRule, line: Int, statement: String, reason: String, safeAlternative: String) {
        self.rule = rule
        self.line = line
        self.statement = statement
        self.reason = reason
        self.safeAlternative = safeAlternative
    }

    public var description: String { "line \(line): [\(rule)] \(reason) Instead: \(safeAlternative)" }
}
