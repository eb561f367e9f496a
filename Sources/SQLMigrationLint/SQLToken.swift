/// One lexical token of a PostgreSQL script.
public struct SQLToken: Sendable, Equatable {
    public enum Kind: Sendable, Hashable {
        /// An unquoted keyword or identifier; `value` is lower-cased, as PostgreSQL folds it.
        case word
        /// A `"…"` identifier; `value` is its exact name.
        case quotedIdentifier
        /// A `'…'` or `E'…'` literal; `value` is its content with escapes resolved.
        case string
        /// A `$tag$…$tag$` literal; `value` is the body between the tags.
        case dollarString
        case number
        /// A positional parameter such as `$1`.
        case parameter
        /// One of `( ) [ ] , ; . : ::`.
        case punctuation
        /// A run of operator characters (`=`, `<>`, `||`, …) or any other character.
        case symbol
        /// `-- …` up to the end of the line; only kept when asked for.
        case lineComment
        /// `/* … */`, nesting allowed; only kept when asked for.
        case blockComment
    }

    public var kind: Kind
    /// The token exactly as written in the script.
    public var text: String
    /// The normalised meaning (see `Kind`); equal to `text` for numbers and symbols.
    public var value: String
    /// 1-based line where the token starts.
    public var line: Int
    /// Position in the script's UTF-8 bytes.
    public var utf8Range: Range<Int>

    public init(kind: Kind, text: String, value: String, line: Int, utf8Range: Range<Int>) {
        self.kind = kind
        self.text = text
        self.value = value
        self.line = line
        self.utf8Range = utf8Range
    }

    /// True for an unquoted word equal (case-insensitively) to `keyword`, which must be lower-case.
    public func isKeyword(_ keyword: String) -> Bool {
        kind == .word && value == keyword
    }

    /// True for punctuation or symbol `text`.
    public func isSymbol(_ symbol: String) -> Bool {
        (kind == .punctuation || kind == .symbol) && text == symbol
    }

    var isComment: Bool { kind == .lineComment || kind == .blockComment }
}
