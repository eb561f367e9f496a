/// The byte-level scanner behind `SQLLexer`. Every delimiter PostgreSQL cares
/// about is ASCII, so token boundaries always fall on UTF-8 scalar boundaries.
struct SQLScanner {
    private let bytes: [UInt8]
    private var index = 0
    private var line = 1

    init(bytes: [UInt8]) { self.bytes = bytes }

    /// The next token, or nil at the end of the script.
    mutating func next() throws(SQLScriptError) -> SQLToken? {
        skipWhitespace()
        guard let byte = peek() else { return nil }
        let start = index
        let startLine = line
        let kind: SQLToken.Kind
        var value: String?
        switch byte {
        case UInt8(ascii: "-") where peek(1) == UInt8(ascii: "-"):
            while let b = peek(), b != UInt8(ascii: "\n") { index += 1 }
            kind = .lineComment
        case UInt8(ascii: "/") where peek(1) == UInt8(ascii: "*"):
            try scanBlockComment(startLine: startLine)
            kind = .blockComment
        case UInt8(ascii: "'"):
            index += 1
            value = try scanQuoted(UInt8(ascii: "'"), backslashEscapes: false, startLine: startLine)
            kind = .string
        case _ where byte | 0x20 == UInt8(ascii: "e") && peek(1) == UInt8(ascii: "'"):
            index += 2
            value = try scanQuoted(UInt8(ascii: "'"), backslashEscapes: true, startLine: startLine)
            kind = .string
        case UInt8(ascii: "\""):
            index += 1
            value = try scanQuoted(UInt8(ascii: "\""), backslashEscapes: false, startLine: startLine)
            kind = .quotedIdentifier
        case UInt8(ascii: "$"):
            if let digit = peek(1), Self.isDigit(digit) {
                index += 1
                while let b = peek(), Self.isDigit(b) { index += 1 }
                kind = .parameter
            } else if let tagEnd = dollarTagEnd() {
                value = try scanDollarBody(tagEnd: tagEnd, startLine: startLine)
                kind = .dollarString
            } else {
                index += 1
                kind = .symbol
            }
        case _ where Self.isDigit(byte) || (byte == UInt8(ascii: ".") && peek(1).map(Self.isDigit) == true):
            scanNumber()
            kind = .number
        case _ where Self.isIdentifierStart(byte):
            while let b = peek(), Self.isIdentifierPart(b) { index += 1 }
            kind = .word
        case UInt8(ascii: ":"):
            index += peek(1) == UInt8(ascii: ":") ? 2 : 1
            kind = .punctuation
        case _ where Self.punctuation.contains(byte):
            index += 1
            kind = .punctuation
        case _ where Self.operatorCharacters.contains(byte):
            scanOperator()
            kind = .symbol
        default:
            index += 1
            kind = .symbol
        }
        let text = String(decoding: bytes[start..<index], as: UTF8.self)
        let normalised: String
        switch kind {
        case .word: normalised = text.lowercased()
        default: normalised = value ?? text
        }
        return SQLToken(kind: kind, text: text, value: normalised, line: startLine, utf8Range: start..<index)
    }

    // MARK: Pieces

    private mutating func skipWhitespace() {
        while let b = peek(), Self.isWhitespace(b) {
            if b == UInt8(ascii: "\n") { line += 1 }
            index += 1
        }
    }

    /// Consumes `/* … */`, counting nesting depth as PostgreSQL does.
    private mutating func scanBlockComment(startLine: Int) throws(SQLScriptError) {
        index += 2
        var depth = 1
        while depth > 0 {
            guard let b = peek() else {
                throw SQLScriptError(.unterminatedComment, line: startLine, "block comment is never closed with */")
            }
            if b == UInt8(ascii: "/") && peek(1) == UInt8(ascii: "*") {
                depth += 1
                index += 2
            } else if b == UInt8(ascii: "*") && peek(1) == UInt8(ascii: "/") {
                depth -= 1
                index += 2
            } else {
                advance()
            }
        }
    }

    /// Consumes the rest of a quoted literal or identifier (the opening quote is
    /// already consumed); a doubled quote is an escaped quote. Returns the content.
    private mutating func scanQuoted(
        _ quote: UInt8, backslashEscapes: Bool, startLine: Int
    ) throws(SQLScriptError) -> String {
        var content: [UInt8] = []
        while true {
            guard let b = peek() else {
                if quote == UInt8(ascii: "\"") {
                    throw SQLScriptError(.unterminatedIdentifier, line: startLine, "quoted identifier is never closed with \"")
                }
                throw SQLScriptError(.unterminatedString, line: startLine, "string literal is never closed with '")
            }
            if b == quote {
                if peek(1) == quote {
                    content.append(quote)
                    index += 2
                    continue
                }
                index += 1
                return String(decoding: content, as: UTF8.self)
            }
            if backslashEscapes && b == UInt8(ascii: "\\"), let escaped = peek(1) {
                content.append(Self.unescape(escaped))
                index += 1
                advance()
                continue
            }
            content.append(b)
            advance()
        }
    }

    /// If a dollar-quote opening tag (`$$` or `$tag$`) starts here, the index just past it.
    private func dollarTagEnd() -> Int? {
        var cursor = index + 1
        if cursor < bytes.count, bytes[cursor] == UInt8(ascii: "$") { return cursor + 1 }
        guard cursor < bytes.count, Self.isIdentifierStart(bytes[cursor]) else { return nil }
        while cursor < bytes.count, Self.isIdentifierPart(bytes[cursor]), bytes[cursor] != UInt8(ascii: "$") {
            cursor += 1
        }
        guard cursor < bytes.count, bytes[cursor] == UInt8(ascii: "$") else { return nil }
        return cursor + 1
    }

    /// Consumes a dollar-quoted body up to and including the closing tag; returns the body.
    private mutating func scanDollarBody(tagEnd: Int, startLine: Int) throws(SQLScriptError) -> String {
        let tag = bytes[index..<tagEnd]
        index = tagEnd
        let bodyStart = index
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "$"), index + tag.count <= bytes.count,
                bytes[index..<(index + tag.count)].elementsEqual(tag)
            {
                let body = String(decoding: bytes[bodyStart..<index], as: UTF8.self)
                index += tag.count
                return body
            }
            advance()
        }
        let shown = String(decoding: tag, as: UTF8.self)
        throw SQLScriptError(.unterminatedDollarQuote, line: startLine, "dollar-quoted body is never closed with \(shown)")
    }

    /// Digits with an optional fraction and exponent; a radix prefix or
    /// trailing letters (`0x1F`, `1_000`) stay part of the same token.
    private mutating func scanNumber() {
        while let b = peek(), Self.isDigit(b) || b == UInt8(ascii: "_") { index += 1 }
        if peek() == UInt8(ascii: "."), peek(1) != UInt8(ascii: ".") {
            index += 1
            while let b = peek(), Self.isDigit(b) || b == UInt8(ascii: "_") { index += 1 }
        }
        if let e = peek(), e == UInt8(ascii: "e") || e == UInt8(ascii: "E") {
            let signed = peek(1) == UInt8(ascii: "+") || peek(1) == UInt8(ascii: "-")
            if let digit = peek(signed ? 2 : 1), Self.isDigit(digit) {
                index += signed ? 3 : 2
                while let b = peek(), Self.isDigit(b) { index += 1 }
            }
        }
        while let b = peek(), Self.isIdentifierPart(b), b != UInt8(ascii: "$") { index += 1 }
    }

    /// A run of operator characters, stopped before a comment start as PostgreSQL does.
    private mutating func scanOperator() {
        index += 1
        while let b = peek(), Self.operatorCharacters.contains(b) {
            if b == UInt8(ascii: "-") && peek(1) == UInt8(ascii: "-") { break }
            if b == UInt8(ascii: "/") && peek(1) == UInt8(ascii: "*") { break }
            index += 1
        }
    }

    // MARK: Bytes

    private func peek(_ offset: Int = 0) -> UInt8? {
        let position = index + offset
        return position < bytes.count ? bytes[position] : nil
    }

    /// Moves past one byte, keeping the line count.
    private mutating func advance() {
        if bytes[index] == UInt8(ascii: "\n") { line += 1 }
        index += 1
    }

    private static let punctuation: Set<UInt8> = Set("(),;[].".utf8)
    private static let operatorCharacters: Set<UInt8> = Set("+-*/<>=~!@#%^&|`?".utf8)

    private static func isWhitespace(_ b: UInt8) -> Bool {
        b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D || b == 0x0C || b == 0x0B
    }
    private static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
    private static func isLetter(_ b: UInt8) -> Bool { (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A }
    /// PostgreSQL treats every non-ASCII byte as a letter.
    static func isIdentifierStart(_ b: UInt8) -> Bool { isLetter(b) || b == UInt8(ascii: "_") || b >= 0x80 }
    static func isIdentifierPart(_ b: UInt8) -> Bool {
        isIdentifierStart(b) || isDigit(b) || b == UInt8(ascii: "$")
    }

    private static func unescape(_ b: UInt8) -> UInt8 {
        switch b {
        case UInt8(ascii: "n"): 0x0A
        case UInt8(ascii: "t"): 0x09
        case UInt8(ascii: "r"): 0x0D
        case UInt8(ascii: "b"): 0x08
        case UInt8(ascii: "f"): 0x0C
        default: b
        }
    }
}
