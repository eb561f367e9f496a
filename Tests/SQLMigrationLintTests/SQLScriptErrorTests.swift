import SQLMigrationLint
import Testing

@Suite("Statement splitting errors")
struct SQLScriptErrorTests {
    private func code(_ script: String) -> SQLScriptError? {
        do {
            _ = try SQLScript.statements(in: script)
            return nil
        } catch {
            return error
        }
    }

    @Test func unterminatedString() {
        let error = code("SELECT 1;\nSELECT 'abc;")
        #expect(error?.code == .unterminatedString)
        #expect(error?.line == 2)
    }

    @Test func unterminatedStringEndingInDoubledQuote() {
        #expect(code("SELECT 'abc''")?.code == .unterminatedString)
    }

    @Test func unterminatedEscapeStringEndingInBackslash() {
        #expect(code(#"SELECT E'abc\"#)?.code == .unterminatedString)
        #expect(code(#"SELECT E'abc\'"#)?.code == .unterminatedString)
    }

    @Test func unterminatedIdentifier() {
        let error = code("\n\nCREATE TABLE \"broken (id int);")
        #expect(error?.code == .unterminatedIdentifier)
        #expect(error?.line == 3)
    }

    @Test func unterminatedBlockComment() {
        #expect(code("SELECT 1; /* never closed")?.code == .unterminatedComment)
        // Nesting means one */ is not enough.
        #expect(code("/* outer /* inner */ still open")?.code == .unterminatedComment)
    }

    @Test func unterminatedDollarQuote() {
        let error = code("SELECT 1;\nCREATE FUNCTION f() RETURNS int AS $fn$ SELECT 1 $$ LANGUAGE sql;")
        #expect(error?.code == .unterminatedDollarQuote)
        #expect(error?.line == 2)
        #expect(code("SELECT $$")?.code == .unterminatedDollarQuote)
    }

    @Test func tooLargeScriptIsRefused() {
        let huge = String(repeating: "-", count: SQLLexer.maxScriptBytes + 1)
        #expect(code(huge)?.code == .scriptTooLarge)
    }

    @Test func errorDescriptionNamesCodeAndLine() {
        let error = SQLScriptError(.unterminatedString, line: 7, "string literal is never closed with '")
        #expect(error.description == "unterminated_string at line 7: string literal is never closed with '")
    }
}
