import SQLMigrationLint
import Testing

@Suite("Lock timeout and directives")
struct LockAndDirectiveTests {
    @Test func ddlWithoutLockTimeoutIsReportedOnce() {
        let script = "ALTER TABLE users ADD COLUMN a int;\nLOCK TABLE users;\nTRUNCATE audit;"
        let findings = MigrationLinter().lint(script: script, fileName: "f.sql")
        #expect(findings.map(\.rule) == [.lockWithoutTimeout])
        #expect(findings.first?.line == 1)
    }

    @Test(arguments: [
        "LOCK TABLE users IN ACCESS EXCLUSIVE MODE", "VACUUM FULL users", "CLUSTER users USING users_pkey",
        "REINDEX TABLE users", "TRUNCATE users", "DROP INDEX i", "CREATE TABLE t (id int REFERENCES users)",
        "CREATE TABLE t AS SELECT 1", "COMMENT ON TABLE users IS 'x'",
    ])
    func lockingStatementsNeedATimeout(statement: String) {
        #expect(lintRules(statement, tablesInUse: ["users"], lockTimeout: true).contains(.lockWithoutTimeout))
    }

    @Test(arguments: [
        "CREATE TABLE t (id int)", "INSERT INTO users VALUES (1)", "UPDATE users SET a = 1", "SELECT 1",
        "BEGIN", "SET statement_timeout = '5s'", "ANALYZE users",
    ])
    func otherStatementsDoNot(statement: String) {
        #expect(lintRules(statement, lockTimeout: true) == [])
    }

    @Test(arguments: [
        "SET lock_timeout = '2s'", "SET LOCAL lock_timeout TO 2000", "set session lock_timeout = '1min'",
    ])
    func settingTheTimeoutFirstIsEnough(setting: String) {
        #expect(lintRules("\(setting);\nALTER TABLE users ADD COLUMN a int;", lockTimeout: true) == [])
    }

    @Test func zeroTimeoutDoesNotCount() {
        #expect(lintRules("SET lock_timeout = 0; ALTER TABLE users ADD COLUMN a int;", lockTimeout: true)
            == [.lockWithoutTimeout])
        #expect(lintRules("SET lock_timeout = '0s'; ALTER TABLE users ADD COLUMN a int;", lockTimeout: true)
            == [.lockWithoutTimeout])
        #expect(lintRules("SET lock_timeout TO DEFAULT; ALTER TABLE users ADD COLUMN a int;", lockTimeout: true)
            == [.lockWithoutTimeout])
    }

    @Test func timeoutSetAfterTheStatementIsTooLate() {
        #expect(lintRules("ALTER TABLE users ADD COLUMN a int; SET lock_timeout = '1s';", lockTimeout: true)
            == [.lockWithoutTimeout])
    }

    @Test func runnerSettingTheTimeoutTurnsTheRuleOff() {
        #expect(MigrationLinter(runnerSetsLockTimeout: true).lint(script: "LOCK TABLE users;", fileName: "f").isEmpty)
    }

    @Test func ignoreDirectiveSilencesOneRuleForTheNextStatement() {
        let script = """
            -- The table has 40 rows; a rewrite is instant.
            -- lint: ignore changing-column-type
            ALTER TABLE plan_tiers ALTER COLUMN name TYPE text;
            ALTER TABLE plan_tiers ALTER COLUMN code TYPE text;
            """
        #expect(lintRules(script) == [.changingColumnType])
    }

    @Test func ignoreDirectiveOnlySilencesTheNamedRules() {
        let script = """
            -- lint: ignore set-not-null, changing-column-type
            ALTER TABLE t ALTER COLUMN a TYPE text, ALTER COLUMN a SET NOT NULL, ADD CONSTRAINT c CHECK (a <> '');
            """
        #expect(lintRules(script) == [.constraintMissingNotValid])
    }

    @Test func directiveInsideBlockCommentOrStringIsNotADirective() {
        #expect(lintRules("/* lint: ignore changing-column-type */ ALTER TABLE t ALTER a TYPE text;")
            == [.changingColumnType])
        #expect(lintRules("ALTER TABLE t ALTER a TYPE text DEFAULT '-- lint: ignore changing-column-type';")
            == [.changingColumnType])
    }

    @Test func invalidScriptGivesAFindingNotACrash() {
        let findings = MigrationLinter().lint(script: "SELECT 1;\nSELECT 'oops", fileName: "broken.sql")
        #expect(findings.map(\.rule) == [.invalidScript])
        #expect(findings.first?.line == 2)
        #expect(findings.first?.reason.contains("broken.sql") == true)
    }

    @Test func ruleNamesAreStable() {
        #expect(LintRule.all.map(\.rawValue).contains("create-index-non-concurrently"))
        #expect(Set(LintRule.all).count == LintRule.all.count)
        #expect(LintRule(rawValue: "set-not-null") == .setNotNull)
    }
}
