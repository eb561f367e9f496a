import Foundation
import SQLMigrationLint
import Testing

/// Test 2: where our linter and squawk have the same rule, they agree on every corpus file.
@Suite("squawk comparison")
struct SquawkComparisonTests {
    struct Comparison {
        var file: String
        var rule: LintRule
        var ours: Bool
        var squawk: Bool
        var agree: Bool { ours == squawk }
    }

    @Test(.enabled(if: SquawkRunner.shouldRun, "squawk is not on PATH: comparison skipped (pip install squawk-cli; on CI=true it is required)"))
    func linterAgreesWithSquawkOnSharedRules() throws {
        guard let squawk = SquawkRunner.executable else {
            Issue.record("CI=true but squawk is not on PATH (pip install squawk-cli)")
            return
        }
        let corpus = try Corpus.load()
        var runs: [SquawkRun: [String: [SquawkViolation]]] = [:]
        for run in SquawkRun.allCases {
            runs[run] = try SquawkRunner.violations(squawk, run: run, files: corpus.files.map(\.url))
        }

        var comparisons: [Comparison] = []
        var squawkOnly: [String: Int] = [:]
        let mappedSquawkRules = Set(SquawkRuleMapping.all.map(\.squawkRule))
        for file in corpus.files {
            // No code knowledge, like squawk: renames and drops are always refused.
            let ours = Set(MigrationLinter().lint(script: file.script, fileName: file.name).map(\.rule))
            for rule in SquawkRuleMapping.sharedRules {
                let flaggedBySquawk = SquawkRuleMapping.all.filter { $0.ourRule == rule }.contains { mapping in
                    (runs[mapping.run]?[file.name] ?? []).contains { violation in
                        violation.ruleName == mapping.squawkRule
                            && !(mapping.skipsUniqueAndPrimaryKey
                                && SquawkRunner.pointsAtUniqueOrPrimaryKey(violation, in: file.script))
                    }
                }
                comparisons.append(Comparison(file: file.name, rule: rule, ours: ours.contains(rule), squawk: flaggedBySquawk))
            }
            for violation in runs[.assumingTransaction]?[file.name] ?? [] where !mappedSquawkRules.contains(violation.ruleName) {
                squawkOnly[violation.ruleName, default: 0] += 1
            }
        }

        for comparison in comparisons where !comparison.agree {
            let ours = comparison.ours ? "flags" : "passes"
            let squawk = comparison.squawk ? "flags" : "passes"
            Issue.record("\(comparison.file) \(comparison.rule): ours \(ours), squawk \(squawk)")
        }
        let oursOnly = LintRule.all.filter { !SquawkRuleMapping.sharedRules.contains($0) }
        let agreements = comparisons.filter(\.agree).count
        print(
            "squawk comparison: \(corpus.files.count) files, \(comparisons.count) comparisons, \(agreements) agreements; "
                + "squawk-only rules: \(squawkOnly.keys.sorted().joined(separator: ", ")); "
                + "ours-only rules: \(oursOnly.map(\.rawValue).joined(separator: ", "))")
        #expect(comparisons.count == corpus.files.count * SquawkRuleMapping.sharedRules.count)

        if let path = ProcessInfo.processInfo.environment["SPYGLASS_SQUAWK_REPORT"], !path.isEmpty {
            let report = Self.markdown(
                version: try SquawkRunner.version(squawk), files: corpus.files.count, comparisons: comparisons,
                squawkOnly: squawkOnly, oursOnly: oursOnly)
            try report.write(toFile: path, atomically: true, encoding: .utf8)
        }
    }

    static func markdown(
        version: String, files: Int, comparisons: [Comparison], squawkOnly: [String: Int], oursOnly: [LintRule]
    ) -> String {
        let agreements = comparisons.filter(\.agree).count
        var lines = [
            "# MigrationLinter vs \(version)",
            "",
            "Corpus: `Tests/SQLMigrationLintTests/Corpus`. squawk runs with `--pg-version=16.0 "
                + "--assume-in-transaction` (without it for `ban-concurrent-index-creation-in-transaction`); "
                + "our linter runs without code knowledge. Rule mapping: `SquawkRuleMapping.swift`.",
            "",
            "**\(files) files, \(comparisons.count) comparisons, \(agreements) agreements.**",
            "",
            "| file | rule | ours | squawk | agree |",
            "|---|---|---|---|---|",
        ]
        for comparison in comparisons {
            lines.append(
                "| \(comparison.file) | \(comparison.rule) | \(comparison.ours ? "flags" : "–") | "
                    + "\(comparison.squawk ? "flags" : "–") | \(comparison.agree ? "yes" : "**NO**") |")
        }
        lines += ["", "## Not compared", "", "squawk-only rules that fired on the corpus (findings in the `--assume-in-transaction` run):", ""]
        lines += squawkOnly.keys.sorted().map { "- `\($0)` (\(squawkOnly[$0] ?? 0))" }
        lines += ["", "Our rules without a squawk counterpart:", ""]
        lines += oursOnly.map { "- `\($0)`" }
        return lines.joined(separator: "\n") + "\n"
    }
}
