import SQLMigrationLint
import Testing

@Suite("Renames and drops (expand/contract)")
struct ExpandContractRuleTests {
    private let drops = """
        ALTER TABLE users DROP COLUMN legacy_plan;
        ALTER TABLE users RENAME COLUMN full_name TO display_name;
        ALTER TABLE old_reports RENAME TO archived_reports;
        DROP TABLE IF EXISTS tmp_import, public.staging_rows CASCADE;
        """

    @Test func withoutCodeKnowledgeEverythingIsRefused() {
        #expect(lintRules(drops) == [.droppingColumn, .renamingColumn, .renamingTable, .droppingTable, .droppingTable])
        #expect(lintRules("-- lint: contract\n" + drops).count == 5)
    }

    @Test func namesNotInUseNeedTheContractDirective() {
        let inUse: Set<String> = ["users.email"]
        #expect(lintRules(drops, columnsInUse: inUse).count == 5)
        #expect(lintRules("-- lint: contract\n" + drops, columnsInUse: inUse) == [])
    }

    @Test func namesInUseAreRefusedEvenInAContract() {
        let script = "-- lint: contract\n" + drops
        #expect(lintRules(script, columnsInUse: ["users.legacy_plan"]) == [.droppingColumn])
        #expect(lintRules(script, columnsInUse: ["full_name"]) == [.renamingColumn])
        #expect(lintRules(script, tablesInUse: ["Old_Reports", "staging_rows"]) == [.renamingTable, .droppingTable])
        #expect(lintRules(script, columnsInUse: ["orders.legacy_plan"], tablesInUse: ["x"]) == [])
    }

    @Test func renameWithoutColumnKeywordIsAColumnRename() {
        #expect(lintRules("ALTER TABLE users RENAME name TO full_name;") == [.renamingColumn])
    }

    @Test func renamingAConstraintIsNeither() {
        #expect(lintRules("ALTER TABLE users RENAME CONSTRAINT a TO b;") == [])
    }

    @Test func dropConstraintIsNotADropColumn() {
        #expect(lintRules("ALTER TABLE users DROP CONSTRAINT IF EXISTS users_email_key;") == [])
    }

    @Test func reasonExplainsExpandContract() throws {
        let finding = try #require(MigrationLinter().lint(script: "ALTER TABLE t DROP COLUMN c;", fileName: "f").last)
        #expect(finding.rule == .droppingColumn)
        #expect(finding.reason.contains("no list"))
        #expect(finding.safeAlternative.contains("-- lint: contract"))
    }
}
