/// Splits a script into statements the way psql does: a `;` ends a statement
/// unless it is inside a literal, identifier, comment, dollar quote, parentheses,
/// or the `BEGIN ATOMIC … END` body of a `CREATE FUNCTION`/`PROCEDURE`.
/// Empty statements (`;;`) and comment-only scripts give no statements.
public enum SQLScript {
    public static func statements(in script: String) throws(SQLScriptError) -> [SQLStatement] {
        let tokens = try SQLLexer.tokens(in: script, keepingComments: true)
        let utf8 = Array(script.utf8)
        return split(tokens).map { chunk in
            let range = chunk.sourceRange
            return SQLStatement(text: String(decoding: utf8[range], as: UTF8.self), line: chunk.line)
        }
    }

    /// The statements of a token stream (comments included), each with the
    /// comments that precede or sit inside it.
    static func split(_ tokens: [SQLToken]) -> [StatementTokens] {
        var result: [StatementTokens] = []
        var current = StatementTokens()
        var boundary = StatementBoundary()
        for token in tokens {
            if token.isComment {
                current.comments.append(token)
                continue
            }
            if token.isSymbol(";") && boundary.endsStatement {
                if !current.tokens.isEmpty { result.append(current) }
                current = StatementTokens()
                boundary = StatementBoundary()
                continue
            }
            current.tokens.append(token)
            boundary.observe(token)
        }
        if !current.tokens.isEmpty { result.append(current) }
        return result
    }
}

/// The tokens of one statement (never empty once split) and its comments.
struct StatementTokens {
    var tokens: [SQLToken] = []
    var comments: [SQLToken] = []

    var line: Int { tokens.first?.line ?? 1 }

    var sourceRange: Range<Int> {
        guard let first = tokens.first, let last = tokens.last else { return 0..<0 }
        return first.utf8Range.lowerBound..<last.utf8Range.upperBound
    }
}

/// Tracks whether a `;` would end the current statement (psql's paren_depth and begin_depth).
private struct StatementBoundary {
    private var parenDepth = 0
    private var beginDepth = 0
    private var leadingWords: [String] = []
    private var isRoutineDefinition = false

    var endsStatement: Bool { parenDepth == 0 && beginDepth == 0 }

    mutating func observe(_ token: SQLToken) {
        if token.isSymbol("(") {
            parenDepth += 1
        } else if token.isSymbol(")") {
            parenDepth = max(0, parenDepth - 1)
        }
        if leadingWords.count < 4 {
            leadingWords.append(token.kind == .word ? token.value : "")
            isRoutineDefinition = Self.definesRoutine(leadingWords)
        }
        guard isRoutineDefinition, token.kind == .word else { return }
        switch token.value {
        case "begin", "case": beginDepth += 1
        case "end": beginDepth = max(0, beginDepth - 1)
        default: break
        }
    }

    /// `CREATE [OR REPLACE] FUNCTION|PROCEDURE`, the only statements whose
    /// body may be a `BEGIN ATOMIC … END` block with `;` inside.
    private static func definesRoutine(_ words: [String]) -> Bool {
        guard words.first == "create" else { return false }
        let rest = words.dropFirst().drop { $0 == "or" || $0 == "replace" }
        return rest.first == "function" || rest.first == "procedure"
    }
}
