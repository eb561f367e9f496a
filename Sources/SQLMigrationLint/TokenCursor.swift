/// Reads a statement's tokens front to back, for the small amount of grammar
/// the linter needs. Never traps: reading past the end gives nil or false.
struct TokenCursor {
    let tokens: [SQLToken]
    private(set) var position = 0

    init(_ tokens: [SQLToken]) { self.tokens = tokens }

    var current: SQLToken? { peek() }

    func peek(_ offset: Int = 0) -> SQLToken? {
        let index = position + offset
        return index >= 0 && index < tokens.count ? tokens[index] : nil
    }

    func isKeyword(_ keyword: String, at offset: Int = 0) -> Bool {
        peek(offset)?.isKeyword(keyword) == true
    }

    /// True if the next tokens are exactly these keywords.
    func isKeywords(_ keywords: String...) -> Bool {
        keywords.enumerated().allSatisfy { isKeyword($0.element, at: $0.offset) }
    }

    /// Consumes the keywords if the next tokens are exactly them.
    @discardableResult
    mutating func accept(_ keywords: String...) -> Bool {
        guard keywords.enumerated().allSatisfy({ isKeyword($0.element, at: $0.offset) }) else { return false }
        position += keywords.count
        return true
    }

    mutating func advance() { position = min(position + 1, tokens.count) }

    /// An identifier (unquoted words are already lower-cased) or nil.
    mutating func identifier() -> String? {
        guard let token = current, token.kind == .word || token.kind == .quotedIdentifier else { return nil }
        advance()
        return token.value
    }

    /// A possibly schema-qualified name; returns its last part, the object's own name.
    mutating func qualifiedName() -> String? {
        guard var name = identifier() else { return nil }
        while current?.isSymbol(".") == true {
            advance()
            guard let part = identifier() else { break }
            name = part
        }
        return name
    }

    /// The remaining tokens.
    var rest: ArraySlice<SQLToken> { tokens[min(position, tokens.count)...] }
}

extension Collection where Element == SQLToken {
    /// Splits at commas outside parentheses (ALTER TABLE's action list).
    func splitAtTopLevelCommas() -> [[SQLToken]] {
        var parts: [[SQLToken]] = [[]]
        var depth = 0
        for token in self {
            if token.isSymbol("(") || token.isSymbol("[") { depth += 1 }
            if token.isSymbol(")") || token.isSymbol("]") { depth = Swift.max(0, depth - 1) }
            if depth == 0 && token.isSymbol(",") {
                parts.append([])
            } else {
                parts[parts.count - 1].append(token)
            }
        }
        return parts.filter { !$0.isEmpty }
    }

    /// The tokens outside any parentheses, so that `NOT VALID`, `USING INDEX`
    /// or `REFERENCES` inside an expression or column list are not mistaken for clauses.
    func topLevel() -> [SQLToken] {
        var result: [SQLToken] = []
        var depth = 0
        for token in self {
            if token.isSymbol("(") { depth += 1 }
            if depth == 0 { result.append(token) }
            if token.isSymbol(")") { depth = Swift.max(0, depth - 1) }
        }
        return result
    }

    /// True if `keywords` appear consecutively.
    func containsKeywords(_ keywords: String...) -> Bool {
        let tokens = Array(self)
        guard tokens.count >= keywords.count, !keywords.isEmpty else { return false }
        for start in 0...(tokens.count - keywords.count)
        where keywords.enumerated().allSatisfy({ tokens[start + $0.offset].isKeyword($0.element) }) {
            return true
        }
        return false
    }
}
