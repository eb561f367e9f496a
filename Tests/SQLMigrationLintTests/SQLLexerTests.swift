import SQLMigrationLint
import Testing

@Suite("Lexer")
struct SQLLexerTests {
    private func kinds(_ script: String) throws -> [SQLToken.Kind] {
        try SQLLexer.tokens(in: script).map(\.kind)
    }

    @Test func wordsAreFoldedToLowerCase() throws {
        let tokens = try SQLLexer.tokens(in: "ALTER Table Users")
        #expect(tokens.map(\.value) == ["alter", "table", "users"])
        #expect(tokens.map(\.text) == ["ALTER", "Table", "Users"])
        #expect(tokens.first?.isKeyword("alter") == true)
    }

    @Test func quotedIdentifierKeepsCaseAndUnescapes() throws {
        let tokens = try SQLLexer.tokens(in: #""My ""Table""""#)
        #expect(tokens.map(\.kind) == [.quotedIdentifier])
        #expect(tokens.first?.value == #"My "Table""#)
    }

    @Test func stringValues() throws {
        let tokens = try SQLLexer.tokens(in: #"'it''s' E'a\nb\'c' $$x$$ $t$y$t$"#)
        #expect(tokens.map(\.kind) == [.string, .string, .dollarString, .dollarString])
        #expect(tokens.map(\.value) == ["it's", "a\nb'c", "x", "y"])
    }

    @Test func punctuationNumbersParametersAndSymbols() throws {
        #expect(try kinds("a::int, (1.5e3) [ ] $1 <> ||") == [
            .word, .punctuation, .word, .punctuation, .punctuation, .number, .punctuation,
            .punctuation, .punctuation, .parameter, .symbol, .symbol,
        ])
    }

    @Test func operatorStopsBeforeComment() throws {
        let tokens = try SQLLexer.tokens(in: "1 +-- comment\n2", keepingComments: true)
        #expect(tokens.map(\.kind) == [.number, .symbol, .lineComment, .number])
        #expect(tokens[1].text == "+")
    }

    @Test func commentsDroppedUnlessKept() throws {
        #expect(try kinds("-- a\nSELECT /* b */ 1") == [.word, .number])
        let kept = try SQLLexer.tokens(in: "-- a\nSELECT /* b */ 1", keepingComments: true)
        #expect(kept.map(\.kind) == [.lineComment, .word, .blockComment, .number])
        #expect(kept.map(\.line) == [1, 2, 2, 2])
    }

    @Test func utf8RangesPointIntoTheScript() throws {
        let script = "SELECT 'é', x"
        let bytes = Array(script.utf8)
        for token in try SQLLexer.tokens(in: script) {
            #expect(String(decoding: bytes[token.utf8Range], as: UTF8.self) == token.text)
        }
    }
}
