/// A Redis adapter could not make sense of what Redis holds or answered. Connection and
/// server failures stay `RedisError`s from the client; this covers what lies above them.
public struct RedisAdapterError: Error, Sendable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }

        /// A reply had a shape the script or command cannot produce (version skew, or another writer).
        public static let unexpectedReply = Code("unexpectedReply")
        /// A stored record is missing a field or holds one that does not parse.
        public static let corruptRecord = Code("corruptRecord")

        public var description: String { name }
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "RedisAdapterError(\(code)): \(message)" }
}
