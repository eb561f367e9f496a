/// A rule of `MigrationLinter`, named by a stable string (used in reports and in
/// `-- lint: ignore <rule>` directives). A struct, not an enum, so adding a rule
/// never breaks callers that switch over the ones they know.
public struct LintRule: Hashable, Sendable, RawRepresentable, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }

    public static let createIndexNonConcurrently = LintRule(rawValue: "create-index-non-concurrently")
    public static let createIndexConcurrentlyInTransaction = LintRule(rawValue: "create-index-concurrently-in-transaction")
    public static let constraintMissingNotValid = LintRule(rawValue: "constraint-missing-not-valid")
    public static let setNotNull = LintRule(rawValue: "set-not-null")
    public static let addingColumnVolatileDefault = LintRule(rawValue: "adding-column-volatile-default")
    public static let changingColumnType = LintRule(rawValue: "changing-column-type")
    public static let renamingColumn = LintRule(rawValue: "renaming-column")
    public static let renamingTable = LintRule(rawValue: "renaming-table")
    public static let droppingColumn = LintRule(rawValue: "dropping-column")
    public static let droppingTable = LintRule(rawValue: "dropping-table")
    public static let lockWithoutTimeout = LintRule(rawValue: "lock-without-timeout")
    public static let disallowedUniqueConstraint = LintRule(rawValue: "disallowed-unique-constraint")
    public static let addingPrimaryKey = LintRule(rawValue: "adding-primary-key")
    /// The script could not be split into statements (unterminated literal, comment, …).
    public static let invalidScript = LintRule(rawValue: "invalid-script")

    /// Every rule, in a stable order.
    public static let all: [LintRule] = [
        .createIndexNonConcurrently, .createIndexConcurrentlyInTransaction, .constraintMissingNotValid,
        .setNotNull, .addingColumnVolatileDefault, .changingColumnType, .renamingColumn, .renamingTable,
        .droppingColumn, .droppingTable, .lockWithoutTimeout, .disallowedUniqueConstraint, .addingPrimaryKey,
        .invalidScript,
    ]
}
