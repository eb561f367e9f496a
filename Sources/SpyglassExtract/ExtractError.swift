/// Why a JSON document or a JSONPath could not be used. `Code` is a struct so
/// that new codes never break callers that switch over the ones they know.
public struct ExtractError: Error, Sendable, Equatable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }
        public var description: String { name }

        /// The JSONPath expression is malformed or uses unsupported syntax.
        public static let invalidJSONPath = Code("invalid_json_path")
        /// The bytes are not valid JSON.
        public static let invalidJSON = Code("invalid_json")
        /// The JSON nests deeper, or is larger, than the limits allow.
        public static let tooLarge = Code("too_large")
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
