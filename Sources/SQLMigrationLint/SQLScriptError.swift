/// Why a SQL script could not be split into statements. `Code` is a struct so
/// that new codes never break callers that switch over the ones they know.
public struct SQLScriptError: Error, Sendable, Equatable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }
        public var description: String { name }

        /// A `'…'` or `E'…'` literal is never closed.
        public static let unterminatedString = Code("unterminated_string")
        /// A `/* … */` comment (possibly nested) is never closed.
        public static let unterminatedComment = Code("unterminated_comment")
        /// A `$$ … $$` or `$tag$ … $tag$` body is never closed.
        public static let unterminatedDollarQuote = Code("unterminated_dollar_quote")
        /// A `"…"` identifier is never closed.
        public static let unterminatedIdentifier = Code("unterminated_identifier")
        /// The script is larger than `SQLLexer.maxScriptBytes`.
        public static let scriptTooLarge = Code("script_too_large")
    }

    public var code: Code
    /// 1-based line where the offending construct starts.
    public var line: Int
    /// One line, fit to show a user.
    public var message: String

    public init(_ code: Code, line: Int, _ message: String) {
        self.code = code
        self.line = line
        self.message = message
    }

    public var description: String { "\(code) at line \(line): \(message)" }
}
