/// A per-monitor rule that cannot be used. `Code` is a struct so new codes never break callers.
public struct NoiseRuleError: Error, Sendable, Equatable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }
        public var description: String { name }

        /// The regular expression does not compile.
        public static let invalidPattern = Code("invalid_pattern")
        /// The regular expression is longer than `NoiseRules.maxPatternLength` characters.
        public static let patternTooLong = Code("pattern_too_long")
        /// An ignore text, pattern or trigger is empty and would match every line.
        public static let emptyMatch = Code("empty_match")
    }

    public var code: Code
    /// Where the rule is, e.g. "ignorePatterns[2]" or "triggers[0]".
    public var field: String
    /// One line naming the rule and the problem, fit to show a user.
    public var message: String

    public init(_ code: Code, field: String, _ message: String) {
        self.code = code
        self.field = field
        self.message = message
    }

    public var description: String { "\(code): \(message)" }
}
