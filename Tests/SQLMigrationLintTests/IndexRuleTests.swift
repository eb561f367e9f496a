import SQLMigrationLint
import Testing

@Suite("Index rules")
struct IndexRuleTests {
    @Test func plainIndexOnExistingTableIsFlagged() {
        #expect(lintRules("CREATE INDEX idx_users_email ON users (email);") == [.createIndexNonConcurrently])
        #expect(lintRules("create unique index if not exists u on public.users using btree (lower(email));")
            == [.createIndexNonConcurrently])
        #expect(lintRules("CREATE INDEX ON ONLY measurements (at);") == [.createIndexNonConcurrently])
    }

    @Test func concurrentIndexIsAllowed() {
        #expect(lintRules("CREATE INDEX CONCURRENTLY idx ON users (email);") == [])
        #expect(lintRules("CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS idx ON users (email);") == [])
    }

    @Test func indexOnTableCreatedEarlierInTheScriptIsAllowed() {
        let script = """
            CREATE TABLE IF NOT EXISTS public.snapshots (id bigint PRIMARY KEY, monitor_id bigint);
            CREATE INDEX snapshots_monitor ON snapshots (monitor_id);
            """
        #expect(lintRules(script) == [])
    }

    @Test func indexBeforeTheTableIsCreatedIsStillFlagged() {
        #expect(lintRules("CREATE INDEX i ON later (x); CREATE TABLE later (x int);") == [.createIndexNonConcurrently])
    }

    @Test func quotedTableNamesKeepTheirCase() {
        #expect(lintRules(#"CREATE TABLE "Users" (id int); CREATE INDEX i ON "Users" (id);"#) == [])
        #expect(lintRules(#"CREATE TABLE "Users" (id int); CREATE INDEX i ON users (id);"#)
            == [.createIndexNonConcurrently])
    }

    @Test func concurrentlyInsideExplicitTransactionIsFlagged() {
        #expect(lintRules("BEGIN; CREATE INDEX CONCURRENTLY i ON users (email); COMMIT;")
            == [.createIndexConcurrentlyInTransaction])
        #expect(lintRules("START TRANSACTION; DROP INDEX CONCURRENTLY i; REINDEX INDEX CONCURRENTLY j; END;")
            == [.createIndexConcurrentlyInTransaction, .createIndexConcurrentlyInTransaction])
    }

    @Test func concurrentlyAfterCommitIsAllowed() {
        #expect(lintRules("BEGIN; CREATE TABLE t (id int); COMMIT; CREATE INDEX CONCURRENTLY i ON users (email);") == [])
    }

    @Test func findingCarriesStatementLineAndAdvice() throws {
        let findings = MigrationLinter(runnerSetsLockTimeout: true)
            .lint(script: "-- add an index\n\nCREATE INDEX i\n  ON users (email);", fileName: "0001.sql")
        let finding = try #require(findings.first)
        #expect(findings.count == 1)
        #expect(finding.line == 3)
        #expect(finding.statement == "CREATE INDEX i\n  ON users (email)")
        #expect(finding.reason.contains("users"))
        #expect(finding.safeAlternative.contains("CONCURRENTLY"))
    }
}
