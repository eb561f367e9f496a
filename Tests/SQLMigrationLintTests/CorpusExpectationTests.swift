import SQLMigrationLint
import Testing

/// Test 1: on every corpus file, the linter reports exactly the expected rules.
@Suite("Migration corpus")
struct CorpusExpectationTests {
    @Test func everyFileHasAnExpectationAndViceVersa() throws {
        let corpus = try Corpus.load()
        #expect(corpus.files.count >= 24)
        #expect(Set(corpus.files.map(\.name)) == Set(corpus.expectations.keys))
    }

    @Test func linterReportsExactlyTheExpectedRules() throws {
        let corpus = try Corpus.load()
        for file in corpus.files {
            let expectation = try #require(corpus.expectations[file.name], "\(file.name) has no expectation")
            let linter = MigrationLinter(
                columnsInUse: Set(expectation.columnsInUse ?? []), tablesInUse: Set(expectation.tablesInUse ?? []))
            let findings = linter.lint(script: file.script, fileName: file.name)
            let reported = Set(findings.map(\.rule.rawValue))
            #expect(
                reported == Set(expectation.rules),
                "\(file.name): reported \(reported.sorted()), expected \(expectation.rules.sorted())")
            for finding in findings {
                #expect(!finding.reason.isEmpty && !finding.safeAlternative.isEmpty && !finding.statement.isEmpty)
            }
        }
    }

    @Test func everyFileSplitsCleanly() throws {
        for file in try Corpus.load().files {
            #expect(throws: Never.self, "\(file.name)") { try SQLScript.statements(in: file.script) }
        }
    }

    @Test func everyRuleIsCoveredBothWays() throws {
        let expectations = try Corpus.load().expectations.values
        let flagged = Set(expectations.flatMap(\.rules))
        let safe = Set(expectations.flatMap { $0.safeFor ?? [] })
        for rule in LintRule.all where rule != .invalidScript {
            #expect(flagged.contains(rule.rawValue), "no corpus file is flagged for \(rule)")
            #expect(safe.contains(rule.rawValue), "no corpus file shows the safe path for \(rule)")
        }
        for expectation in expectations {
            #expect(Set(expectation.rules).isDisjoint(with: expectation.safeFor ?? []))
        }
        let known = Set(LintRule.all.map(\.rawValue))
        #expect(flagged.union(safe).isSubset(of: known), "unknown rule names in expected.json")
    }
}
