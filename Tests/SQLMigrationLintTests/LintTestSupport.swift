import SQLMigrationLint

/// The rules reported for `script`, in order (lock-timeout off unless asked for,
/// so each test sees only the rule it is about).
func lintRules(
    _ script: String, columnsInUse: Set<String> = [], tablesInUse: Set<String> = [], lockTimeout: Bool = false
) -> [LintRule] {
    MigrationLinter(columnsInUse: columnsInUse, tablesInUse: tablesInUse, runnerSetsLockTimeout: !lockTimeout)
        .lint(script: script, fileName: "test.sql").map(\.rule)
}
