import SQLMigrationLint
import Testing

@Suite("Statement splitting")
struct SQLScriptSplittingTests {
    private func texts(_ script: String) throws -> [String] {
        try SQLScript.statements(in: script).map(\.text)
    }

    @Test func splitsOnSemicolonsAndTrims() throws {
        let statements = try SQLScript.statements(in: "  SELECT 1;\n\nSELECT 2 ;  \n SELECT 3")
        #expect(statements == [
            SQLStatement(text: "SELECT 1", line: 1),
            SQLStatement(text: "SELECT 2", line: 3),
            SQLStatement(text: "SELECT 3", line: 4),
        ])
    }

    @Test func skipsEmptyStatements() throws {
        #expect(try texts(";;SELECT 1;;; ;\n;SELECT 2;;") == ["SELECT 1", "SELECT 2"])
    }

    @Test func emptyAndCommentOnlyScriptsHaveNoStatements() throws {
        #expect(try texts("") == [])
        #expect(try texts("   \n\t ") == [])
        #expect(try texts("-- just a comment\n/* and a block */\n-- another;") == [])
        #expect(try texts("-- a\n;\n/* b */;") == [])
    }

    @Test func semicolonInsideSingleQuotedStringWithDoubledQuotes() throws {
        #expect(try texts("INSERT INTO t VALUES ('it''s; fine');SELECT 2") == [
            "INSERT INTO t VALUES ('it''s; fine')", "SELECT 2",
        ])
    }

    @Test func escapeStringWithBackslashQuote() throws {
        #expect(try texts(#"SELECT E'a\'; b';SELECT 2"#) == [#"SELECT E'a\'; b'"#, "SELECT 2"])
        #expect(try texts(#"SELECT e'x\\';SELECT 2"#) == [#"SELECT e'x\\'"#, "SELECT 2"])
    }

    @Test func backslashIsPlainInStandardStrings() throws {
        // With standard_conforming_strings (the default), 'a\' is a complete literal.
        #expect(try texts(#"SELECT 'a\';SELECT 2"#) == [#"SELECT 'a\'"#, "SELECT 2"])
    }

    @Test func semicolonInsideQuotedIdentifier() throws {
        #expect(try texts(#"CREATE TABLE "odd;name" ("x""y;" int);SELECT 1"#) == [
            #"CREATE TABLE "odd;name" ("x""y;" int)"#, "SELECT 1",
        ])
    }

    @Test func dollarQuotedFunctionBody() throws {
        let script = """
            CREATE FUNCTION touch() RETURNS trigger AS $$
            BEGIN
              NEW.updated_at := now();
              RETURN NEW;
            END;
            $$ LANGUAGE plpgsql;
            SELECT 1;
            """
        let statements = try SQLScript.statements(in: script)
        #expect(statements.count == 2)
        #expect(statements.first?.text.hasSuffix("$$ LANGUAGE plpgsql") == true)
        #expect(statements.last == SQLStatement(text: "SELECT 1", line: 7))
    }

    @Test func taggedDollarQuoteMayContainPlainDollarQuotes() throws {
        let script = "DO $body$ BEGIN EXECUTE $$SELECT 1; SELECT 2$$; END $body$;SELECT 3"
        #expect(try texts(script) == ["DO $body$ BEGIN EXECUTE $$SELECT 1; SELECT 2$$; END $body$", "SELECT 3"])
    }

    @Test func dollarInsideIdentifierIsNotAQuote() throws {
        #expect(try texts("SELECT a$b$ FROM t;SELECT 2") == ["SELECT a$b$ FROM t", "SELECT 2"])
    }

    @Test func positionalParameterIsNotAQuote() throws {
        #expect(try texts("SELECT $1;SELECT $2") == ["SELECT $1", "SELECT $2"])
    }

    @Test func lineCommentHidesSemicolon() throws {
        #expect(try texts("SELECT 1 -- a; b\n+ 1;SELECT 2") == ["SELECT 1 -- a; b\n+ 1", "SELECT 2"])
    }

    @Test func nestedBlockComments() throws {
        #expect(try texts("SELECT /* a /* b; */ c; */ 1;SELECT 2") == ["SELECT /* a /* b; */ c; */ 1", "SELECT 2"])
    }

    @Test func leadingCommentsAreNotPartOfTheStatement() throws {
        let statements = try SQLScript.statements(in: "-- header\n/* two\nlines */\nSELECT 1;")
        #expect(statements == [SQLStatement(text: "SELECT 1", line: 4)])
    }

    @Test func semicolonInsideParenthesesDoesNotSplit() throws {
        // psql keeps CREATE RULE … DO (a; b) together.
        #expect(try texts("CREATE RULE r AS ON INSERT TO t DO ALSO (SELECT 1; SELECT 2);SELECT 3") == [
            "CREATE RULE r AS ON INSERT TO t DO ALSO (SELECT 1; SELECT 2)", "SELECT 3",
        ])
    }

    @Test func beginAtomicBodyStaysTogether() throws {
        let script = """
            CREATE OR REPLACE FUNCTION f(a int) RETURNS int LANGUAGE sql
            BEGIN ATOMIC
              SELECT CASE WHEN a > 0 THEN 1 ELSE 0 END;
              SELECT a;
            END;
            BEGIN;
            COMMIT;
            """
        let statements = try texts(script)
        #expect(statements.count == 3)
        #expect(statements.first?.hasSuffix("SELECT a;\nEND") == true)
        #expect(Array(statements.dropFirst()) == ["BEGIN", "COMMIT"])
    }

    @Test func transactionBeginIsAnOrdinaryStatement() throws {
        #expect(try texts("BEGIN;\nCREATE TABLE t (id int);\nEND;") == ["BEGIN", "CREATE TABLE t (id int)", "END"])
    }

    @Test func linesCountNewlinesInsideLiteralsAndComments() throws {
        let script = "SELECT 'a\nb';\n/* x\ny */\nSELECT $$\n$$;\nSELECT \"q\nr\";\nSELECT 4;"
        #expect(try SQLScript.statements(in: script).map(\.line) == [1, 5, 7, 9])
    }

    @Test func crlfLineEndings() throws {
        #expect(try SQLScript.statements(in: "SELECT 1;\r\nSELECT 2;\r\n").map(\.line) == [1, 2])
    }

    @Test func nonASCIIIdentifiersAndLiterals() throws {
        #expect(try texts("SELECT 'café; ☕' AS größe;SELECT ünïcode") == ["SELECT 'café; ☕' AS größe", "SELECT ünïcode"])
    }
}
