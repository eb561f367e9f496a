import SQLMigrationLint

/// How squawk is run for a comparison. Our linter assumes a script runs as one
/// transaction (as most runners wrap it), except that it only reports
/// `CONCURRENTLY` inside an explicit `BEGIN … COMMIT`. squawk's
/// `--assume-in-transaction` matches the first half: with it, squawk too treats
/// a table created earlier in the file as new and exempt, and reports `VALIDATE`
/// in the same transaction as its `NOT VALID`. But with it squawk would report
/// every `CONCURRENTLY` as inside a transaction, so that one rule is compared
/// against a run without the flag. Both runs pin `--pg-version=16.0`, so the
/// PostgreSQL 11/12 relaxations (non-volatile defaults, SET NOT NULL proved by a
/// check) apply, as they do for our linter.
enum SquawkRun: CaseIterable, Sendable {
    case assumingTransaction
    case asWritten

    var arguments: [String] {
        switch self {
        case .assumingTransaction: ["--reporter", "json", "--pg-version=16.0", "--assume-in-transaction"]
        case .asWritten: ["--reporter", "json", "--pg-version=16.0"]
        }
    }
}

/// One squawk rule counted as (part of) one of ours.
struct SquawkRuleMapping: Sendable {
    var squawkRule: String
    var ourRule: LintRule
    var run: SquawkRun = .assumingTransaction
    /// squawk's `constraint-missing-not-valid` also fires on UNIQUE and PRIMARY KEY
    /// constraints, which PostgreSQL cannot mark NOT VALID; we report those as
    /// `disallowed-unique-constraint` / `adding-primary-key` (compared with squawk's
    /// own rules for them), so such findings do not count for this mapping.
    var skipsUniqueAndPrimaryKey = false

    /// Our rule is flagged by squawk when any of its mapped squawk rules is.
    /// Decisions where the two differ in semantics:
    /// - `adding-foreign-key-constraint` and `constraint-missing-not-valid` together
    ///   make up our `constraint-missing-not-valid` (FOREIGN KEY and CHECK without
    ///   NOT VALID, ADD COLUMN … REFERENCES, VALIDATE in the NOT VALID transaction).
    /// - `adding-not-nullable-field` is squawk's SET NOT NULL rule (2.70 has no
    ///   `setting-not-nullable-field`); both allow it after a validated
    ///   `CHECK (col IS NOT NULL)`. Aligned with squawk: validating a constraint from
    ///   an earlier migration on that table also counts (its expression is not in view).
    /// - `adding-field-with-default` also flags GENERATED … AS IDENTITY; aligned.
    ///   Known corner not in the corpus: we flag serial columns (nextval default),
    ///   squawk does not (it has prefer-identity); squawk flags any function with
    ///   arguments and CURRENT_DATE, we only volatile or unknown functions.
    /// - renames and drops: squawk always refuses; so does our linter without code
    ///   knowledge, which is how it runs for the comparison.
    /// - `require-lock-timeout`: aligned with squawk, every DDL statement but a plain
    ///   CREATE TABLE counts, reported once per file.
    /// - `adding-serial-primary-key-field` is squawk's ADD PRIMARY KEY rule; aligned,
    ///   no exemption for new tables (nor for ADD COLUMN … UNIQUE).
    static let all: [SquawkRuleMapping] = [
        .init(squawkRule: "require-concurrent-index-creation", ourRule: .createIndexNonConcurrently),
        .init(
            squawkRule: "ban-concurrent-index-creation-in-transaction", ourRule: .createIndexConcurrentlyInTransaction,
            run: .asWritten),
        .init(squawkRule: "constraint-missing-not-valid", ourRule: .constraintMissingNotValid, skipsUniqueAndPrimaryKey: true),
        .init(squawkRule: "adding-foreign-key-constraint", ourRule: .constraintMissingNotValid),
        .init(squawkRule: "adding-not-nullable-field", ourRule: .setNotNull),
        .init(squawkRule: "adding-field-with-default", ourRule: .addingColumnVolatileDefault),
        .init(squawkRule: "changing-column-type", ourRule: .changingColumnType),
        .init(squawkRule: "renaming-column", ourRule: .renamingColumn),
        .init(squawkRule: "renaming-table", ourRule: .renamingTable),
        .init(squawkRule: "ban-drop-column", ourRule: .droppingColumn),
        .init(squawkRule: "ban-drop-table", ourRule: .droppingTable),
        .init(squawkRule: "disallowed-unique-constraint", ourRule: .disallowedUniqueConstraint),
        .init(squawkRule: "adding-serial-primary-key-field", ourRule: .addingPrimaryKey),
        .init(squawkRule: "require-lock-timeout", ourRule: .lockWithoutTimeout),
    ]

    /// Our rules that have a squawk counterpart, in `LintRule.all` order.
    static var sharedRules: [LintRule] {
        let mapped = Set(all.map(\.ourRule))
        return LintRule.all.filter(mapped.contains)
    }
}
