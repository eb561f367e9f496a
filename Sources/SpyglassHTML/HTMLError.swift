/// Why a page or feed produced no normalised text. `Code` is a struct so that
/// new codes never break callers that switch over the ones they know.
public struct HTMLError: Error, Sendable, Equatable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }
        public var description: String { name }

        /// The input is larger than `Limits.maxInputBytes`.
        public static let tooLarge = Code("too_large")
        /// libxml2 could not build a document from the bytes.
        public static let unparsable = Code("unparsable")
        /// The CSS or XPath selector is malformed, unsupported or too expensive.
        public static let invalidSelector = Code("invalid_selector")
        /// The selector is valid but selects nothing in this document.
        public static let selectorMatchedNothing = Code("selector_matched_nothing")
        /// The bytes are not well-formed XML, or not an RSS or Atom feed.
        public static let invalidFeed = Code("invalid_feed")
    }

    public var code: Code
    /// One line, fit to show a user.
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }
}
