import SQLMigrationLint
import Testing

@Suite("Linter parsing edge cases")
struct LinterParsingTests {
    @Test func dollarQuotedBodiesAreNotLinted() {
        let script = """
            DO $$
            BEGIN
              EXECUTE 'CREATE INDEX i ON users (email)';
              ALTER TABLE users DROP COLUMN x;
            END
            $$;
            """
        #expect(lintRules(script) == [])
    }

    @Test func keywordsAreCaseInsensitive() {
        #expect(lintRules("alter TABLE Users Alter Column Email set not NULL;") == [.setNotNull])
    }

    @Test func qualifiedAndGuardedTableNames() {
        let script = """
            CREATE TABLE app.events (id bigint);
            CREATE INDEX events_id ON app.events (id);
            ALTER TABLE IF EXISTS ONLY app.events ADD CONSTRAINT c CHECK (id > 0);
            """
        #expect(lintRules(script) == [])
    }

    @Test func commentsBetweenTokensDoNotHideClauses() {
        #expect(lintRules("ALTER TABLE t /* why */ ADD CONSTRAINT c CHECK (a > 0) -- later\n NOT VALID;") == [])
        #expect(lintRules("CREATE INDEX /* no */ i ON t (a);") == [.createIndexNonConcurrently])
    }

    @Test func notValidInsideAnExpressionIsNotTheClause() {
        // A column literally named "valid" must not read as NOT VALID.
        #expect(lintRules("ALTER TABLE t ADD CONSTRAINT c CHECK (not valid);") == [.constraintMissingNotValid])
    }

    @Test func findingDescriptionNamesRuleAndLine() throws {
        let finding = try #require(
            MigrationLinter(runnerSetsLockTimeout: true).lint(script: "\nDROP TABLE t;", fileName: "f.sql").first)
        #expect(finding.description.hasPrefix("line 2: [dropping-table]"))
    }

    @Test func tooLargeScriptIsAnInvalidScriptFinding() {
        let huge = String(repeating: " ", count: SQLLexer.maxScriptBytes + 1)
        #expect(MigrationLinter().lint(script: huge, fileName: "huge.sql").map(\.rule) == [.invalidScript])
    }
}
