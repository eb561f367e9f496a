import SQLMigrationLint
import Testing

/// Random and adversarial scripts must give statements or a typed error, never a crash.
@Suite("Hostile input")
struct HostileInputTests {
    /// A fixed-seed generator so a failure is reproducible (SplitMix64).
    private struct SeededGenerator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// Statements, if any, are non-empty, trimmed, and appear in script order.
    private func checkInvariants(_ script: String) {
        do {
            let statements = try SQLScript.statements(in: script)
            var lastLine = 0
            for statement in statements {
                #expect(!statement.text.isEmpty)
                #expect(statement.text.first?.isWhitespace == false)
                #expect(statement.line >= lastLine)
                lastLine = statement.line
            }
        } catch {
            #expect(error.line >= 1)
        }
        _ = MigrationLinter().lint(script: script, fileName: "random.sql")
    }

    @Test func randomBytesNeverCrash() {
        var generator = SeededGenerator(state: 0x5EED)
        for _ in 0..<2_000 {
            let length = Int.random(in: 0..<200, using: &generator)
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            checkInvariants(String(decoding: bytes, as: UTF8.self))
        }
    }

    @Test func randomSQLishFragmentsNeverCrash() {
        let alphabet = Array("'\"$;/*-\n\\Ee()tag$$ ALTER TABLE ADD COLUMN CREATE INDEX BEGIN ATOMIC END CASE :".utf8)
        var generator = SeededGenerator(state: 42)
        for _ in 0..<3_000 {
            let length = Int.random(in: 0..<120, using: &generator)
            let bytes = (0..<length).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] }
            checkInvariants(String(decoding: bytes, as: UTF8.self))
        }
    }

    @Test func deepNestingIsIterativeNotRecursive() throws {
        let comments = String(repeating: "/*", count: 100_000) + String(repeating: "*/", count: 100_000)
        #expect(try SQLScript.statements(in: comments + "SELECT 1") == [SQLStatement(text: "SELECT 1", line: 1)])
        let parens = String(repeating: "(", count: 100_000) + ";SELECT 1"
        #expect(try SQLScript.statements(in: parens).count == 1)
    }

    @Test func largeScriptWithinTheLimit() throws {
        let script = String(repeating: "ALTER TABLE t ADD COLUMN c int;\n", count: 20_000)
        #expect(try SQLScript.statements(in: script).count == 20_000)
    }

    @Test func loneSpecialCharacters() throws {
        for script in ["$", "$a", "$a b$", "\\", "E", "-", "/", "*/", ")", "::", "\0", "\u{FEFF}SELECT 1"] {
            checkInvariants(script)
        }
    }
}
